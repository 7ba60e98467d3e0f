using System.CommandLine;
using System.Globalization;
using UGiftMe.Sandbox;

namespace UGiftMe.Cli.Sandbox;

/// <summary>
/// <c>ugiftme sandbox</c>: the UGiftMe.Sandbox in-memory Business API in this process, until Ctrl+C. It prints
/// <c>UGIFTME_BASE_URL=</c> and <c>UGIFTME_API_KEY=</c> lines to paste into the app's environment (the key is the
/// sandbox's local test key, which is why printing it is fine).
/// </summary>
internal static class SandboxCommand
{
    public const int DefaultPort = 12111;

    public static Command Create()
    {
        var command = new Command(
            "sandbox",
            "Run the UGiftMe sandbox (an in-memory Business API with test data) on 127.0.0.1 until Ctrl+C. Prints "
            + "UGIFTME_BASE_URL and UGIFTME_API_KEY lines for your app; the key is a local test key, so printing it is safe.");
        var port = new Option<int>("--port", "-p")
        {
            Description = $"The port on 127.0.0.1; 0 picks a free one. Default {DefaultPort}.",
            DefaultValueFactory = _ => DefaultPort,
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError("--port must be between 0 and 65535.");
            }
        });
        var async = new Option<bool>("--async")
        {
            Description = "Queue orders (202 + order request, queued -> processing -> succeeded, with order.* webhooks) instead of creating them at once (201).",
        };
        var faultRate = new Option<double>("--fault-rate")
        {
            Description = "Answer this fraction (0 to 1) of API requests with 503 before doing any work, to exercise retries. Default 0.",
        };
        faultRate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is var rate && (double.IsNaN(rate) || rate is < 0 or > 1))
            {
                result.AddError("--fault-rate must be between 0 and 1.");
            }
        });
        command.Options.Add(port);
        command.Options.Add(async);
        command.Options.Add(faultRate);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(port), parseResult.GetValue(async), parseResult.GetValue(faultRate), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int port, bool ordersAsync, double faultRate, CancellationToken cancellationToken)
    {
        var options = new SandboxOptions { OrdersAsync = ordersAsync };
        options.Faults.ServerErrorRate = faultRate;
        SandboxServer sandbox;
        try
        {
            sandbox = await SandboxServer.StartAsync(options, port, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            await Console.Error.WriteLineAsync(
                    $"Could not listen on 127.0.0.1:{port}: {exception.Message} Choose another --port (0 picks a free one).")
                .ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await using (sandbox.ConfigureAwait(false))
        {
            var wallet = sandbox.State.Wallet;
            Console.Out.WriteLine($"UGiftMe sandbox (in-memory test data) listening on {sandbox.BaseAddress}");
            Console.Out.WriteLine($"UGIFTME_BASE_URL={sandbox.BaseAddress}");
            Console.Out.WriteLine($"UGIFTME_API_KEY={sandbox.ApiKey}");
            Console.Out.WriteLine("(This API key is the sandbox's local test key, not a UGiftMe key: it is safe to print.)");
            Console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Orders: {(ordersAsync ? "queued (202)" : "immediate (201)")}; wallet: {wallet.Balance} {wallet.Currency}; "
                + $"injected 503s: {faultRate:P0}. Press Ctrl+C to stop."));
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.Out.WriteLine("Stopping the sandbox.");
            }
        }

        return ExitCodes.Success;
    }
}
