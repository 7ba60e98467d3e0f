using UGiftMe.Sandbox;

namespace UGiftMe.Demo;

/// <summary>
/// Runs the demo and returns the process exit code: 0 done, 1 a step failed (also on an answer the demo cannot use),
/// 2 the settings or the API key are wrong, 130 cancelled. Nothing escapes as an exception: every failure ends with
/// one message and its code. Without an API key it starts a local sandbox (async orders on, a funded wallet) in this process.
/// </summary>
internal static class DemoRunner
{
    private const string WebhookPath = "/webhooks/ugiftme";

    public static Task<int> RunAsync(TextWriter output, DemoSettings settings, CancellationToken cancellationToken = default) =>
        RunAsync(output, settings, configureClient: null, cancellationToken);

    /// <summary>The same, with <paramref name="configureClient"/> adjusting the client's options (tests: a fake clock, no retries).</summary>
    public static async Task<int> RunAsync(
        TextWriter output, DemoSettings settings, Action<UGiftMeClientOptions>? configureClient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Problems.Count > 0)
        {
            foreach (var problem in settings.Problems)
            {
                output.WriteLine("Configuration problem: " + problem);
            }

            return 2;
        }

        SandboxServer? sandbox = null;
        try
        {
            UGiftMeClientOptions clientOptions;
            DemoFlowOptions flowOptions;
            if (settings.UsesLocalSandbox)
            {
                sandbox = await SandboxServer.StartAsync(LocalSandboxOptions(), cancellationToken);
                output.WriteLine("UGiftMe .NET SDK demo against a local sandbox (UGIFTME_API_KEY is not set)");
                output.WriteLine($"   Sandbox on {sandbox.BaseAddress}: async orders on (queued 1 s, processing 2 s), wallet 500.00 GBP");
                clientOptions = new UGiftMeClientOptions
                {
                    ApiKey = sandbox.ApiKey,
                    BaseAddress = sandbox.BaseAddress,
                    // The sandbox's worker takes 3 s, so poll every half second to show each status.
                    OrderPolling = new OrderPollingOptions { InitialDelay = TimeSpan.FromMilliseconds(500), MinInterval = TimeSpan.FromMilliseconds(500) },
                };
                flowOptions = new DemoFlowOptions
                {
                    LocalWebhookPath = WebhookPath,
                    WebhookWait = TimeSpan.FromSeconds(10),
                    RequireWebhooks = true,
                };
            }
            else
            {
                clientOptions = new UGiftMeClientOptions { ApiKey = settings.ApiKey, Environment = settings.Environment, BaseAddress = settings.BaseUrl };
                output.WriteLine($"UGiftMe .NET SDK demo against {clientOptions.ResolvedBaseAddress} ({settings.Environment}; key from UGIFTME_API_KEY, not shown)");
                flowOptions = new DemoFlowOptions
                {
                    WebhookUrl = settings.WebhookUrl,
                    WebhookPort = settings.WebhookPort,
                    PlaceOrder = settings.PlacesOrder,
                };
            }

            configureClient?.Invoke(clientOptions);
            using var client = new UGiftMeClient(clientOptions);
            var flow = new DemoFlow(output, client, flowOptions);
            await flow.RunAsync(cancellationToken);
            if (sandbox is not null)
            {
                await WebhookCompletionStep.RunAsync(output, sandbox, flow.StepsShown + 1, cancellationToken);
            }

            output.WriteLine();
            output.WriteLine("Done: every step succeeded.");
            return 0;
        }
        catch (AuthenticationFailedException e)
        {
            output.WriteLine();
            output.WriteLine($"UGiftMe rejected the API key (HTTP {e.StatusCode}: {e.Error}{(e.Reason is null ? string.Empty : " - " + e.Reason)}).");
            output.WriteLine("Check UGIFTME_API_KEY and UGIFTME_ENVIRONMENT (sandbox and production keys differ). The key is not shown.");
            return 2;
        }
        catch (PermissionDeniedException e)
        {
            output.WriteLine();
            output.WriteLine($"UGiftMe refused access (HTTP 403: {e.Error}): the key's IP allow list or an incomplete business profile.");
            return 2;
        }
        catch (InsufficientFundsException e)
        {
            output.WriteLine();
            output.WriteLine($"The wallet cannot pay for the order: {e.Required} {e.Currency} needed, {e.Available} available. Top it up and run again.");
            return 1;
        }
        catch (UGiftMeException e)
        {
            output.WriteLine();
            output.WriteLine($"A UGiftMe call failed: {e.Message}");
            return 1;
        }
        catch (DemoFailedException e)
        {
            output.WriteLine();
            output.WriteLine("Demo failed: " + e.Message);
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.WriteLine();
            output.WriteLine("Cancelled.");
            return 130;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Anything else (data no step expected, a port already taken): one line, never a stack trace.
            output.WriteLine();
            output.WriteLine($"Demo failed on something it did not expect ({e.GetType().Name}): {e.Message}");
            return 1;
        }
        finally
        {
            if (sandbox is not null)
            {
                await sandbox.DisposeAsync();
            }
        }
    }

    private static SandboxOptions LocalSandboxOptions()
    {
        var options = new SandboxOptions { OrdersAsync = true };
        options.OrderWorker.QueuedDuration = TimeSpan.FromSeconds(1);
        options.OrderWorker.ProcessingDuration = TimeSpan.FromSeconds(2);
        options.Wallet.InitialBalance = 500m;
        return options;
    }
}
