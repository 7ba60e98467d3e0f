using System.CommandLine;
using System.Globalization;
using UGiftMe.Cli.Api;
using UGiftMe.Cli.Output;

namespace UGiftMe.Cli.Listen;

/// <summary>
/// <c>ugiftme listen --forward-to &lt;url&gt;</c>: subscribes a temporary webhook pointing at the app, prints its
/// signing secret once, shows each delivery as it happens and deletes the subscription on Ctrl+C.
/// </summary>
internal static class ListenCommand
{
    public const string SecretLinePrefix = "UGIFTME_WEBHOOK_SECRET=";

    private static readonly TimeSpan StatsPollInterval = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var command = new Command(
            "listen",
            "Subscribe a temporary webhook that delivers to --forward-to (which UGiftMe must be able to reach; any local "
            + "URL works with `ugiftme sandbox`), print its signing secret once (UGIFTME_WEBHOOK_SECRET=...: give it to "
            + "your app), show each delivery (time, event, status) as it happens, and delete the subscription on Ctrl+C.");
        var forwardTo = UrlOption.Create(
            "--forward-to", "Your app's webhook endpoint, e.g. http://localhost:5000/webhooks/ugiftme (https except for loopback).");
        var events = new Option<string[]>("--events")
        {
            Description = $"The events to subscribe to (space or comma separated). Default: {string.Join(", ", WebhookEventNames.Updatable)}.",
            AllowMultipleArgumentsPerToken = true,
        };
        events.CompletionSources.Add(WebhookEventNames.Subscribable.ToArray());
        command.Options.Add(forwardTo);
        command.Options.Add(events);
        var api = ApiConnection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => api.RunAsync(
            parseResult,
            async (client, options, ct) =>
            {
                var names = parseResult.GetValue(events) is { Length: > 0 } given
                    ? [.. given.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)]
                    : WebhookEventNames.Updatable.ToArray();
                return await ListenAsync(client, options.ApiKey!, parseResult.GetValue(forwardTo)!, names, api.WantsJson(parseResult), ct)
                    .ConfigureAwait(false);
            },
            cancellationToken));
        return command;
    }

    private static async Task<int> ListenAsync(
        UGiftMeClient client, string apiKey, Uri forwardTo, string[] events, bool json, CancellationToken cancellationToken)
    {
        CreatedWebhook created;
        try
        {
            created = (await client.Webhooks.CreateAsync(forwardTo, events, "ugiftme listen", cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var id = created.Id ?? throw new InvalidOperationException("UGiftMe created the webhook but returned no id.");
        Console.Out.WriteLine($"Subscribed webhook {id} -> {forwardTo} for {string.Join(", ", events)}.");
        Console.Out.WriteLine(SecretLinePrefix + created.Secret);
        Console.Out.WriteLine("(The signing secret of this temporary subscription, shown only now: give it to your app.)");
        var exitCode = ExitCodes.Success;
        try
        {
            Console.Out.WriteLine("Listening for deliveries; press Ctrl+C to stop and delete the subscription.");
            if (!await StreamSandboxFeedAsync(client.BaseAddress, apiKey, id, json, cancellationToken).ConfigureAwait(false))
            {
                await PollDeliveryStatsAsync(client, id, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Console.Error.WriteLineAsync("The sandbox closed the delivery feed (stopped?).").ConfigureAwait(false);
                exitCode = ExitCodes.Failure;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the normal way to stop listening.
        }
        catch (Exception exception) when (exception is HttpRequestException or Newtonsoft.Json.JsonException)
        {
            await Console.Error.WriteLineAsync($"Lost the delivery feed: {exception.Message}").ConfigureAwait(false);
            exitCode = ExitCodes.Failure;
        }
        finally
        {
            using var deleteBudget = new CancellationTokenSource(TimeSpan.FromSeconds(8));
            try
            {
                await client.Webhooks.DeleteAsync(id, deleteBudget.Token).ConfigureAwait(false);
                Console.Out.WriteLine($"Deleted webhook {id}.");
            }
            catch (Exception exception) when (exception is UGiftMeException or OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"Could not delete webhook {id} ({exception.Message}); delete it yourself.").ConfigureAwait(false);
                exitCode = ExitCodes.Failure;
            }
        }

        return exitCode;
    }

    /// <summary>
    /// Follows the sandbox's delivery feed (<c>GET /sandbox/v1/webhooks/{id}/deliveries</c>). Returns false at once when
    /// the API has no such feed (UGiftMe itself), true when the feed ended.
    /// </summary>
    private static async Task<bool> StreamSandboxFeedAsync(Uri baseAddress, string apiKey, string id, bool json, CancellationToken cancellationToken)
    {
        // The key goes only to the API host it belongs to: a redirect is not followed (it means there is no feed).
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"sandbox/v1/webhooks/{Uri.EscapeDataString(id)}/deliveries");
        request.Headers.Add("X-API-Key", apiKey);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return false;
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (json)
            {
                Console.Out.WriteLine(line);
                continue;
            }

            if (Newtonsoft.Json.JsonConvert.DeserializeObject<FeedEntry>(line) is not { } delivery)
            {
                continue;
            }

            var outcome = delivery.Succeeded
                ? $"{delivery.StatusCode}"
                : $"failed ({delivery.Error ?? $"HTTP {delivery.StatusCode}"})";
            var retry = delivery.NextAttemptAt is { } next ? $", retry at {Time(next)}" : string.Empty;
            Console.Out.WriteLine($"{Time(delivery.AttemptedAt)}  {delivery.Event,-17} {outcome}  attempt {delivery.Attempt}{retry}");
        }

        return true;
    }

    /// <summary>UGiftMe reports only counts per subscription (deliveryStats), so without the sandbox's feed listen shows those.</summary>
    private static async Task PollDeliveryStatsAsync(UGiftMeClient client, string id, CancellationToken cancellationToken)
    {
        Console.Out.WriteLine("(This API has no live delivery feed: showing the subscription's delivery counts every 5 s.)");
        long? success = null, failed = null;
        using var timer = new PeriodicTimer(StatsPollInterval);
        do
        {
            var subscriptions = (await client.Webhooks.ListAsync(cancellationToken).ConfigureAwait(false)).Value;
            var stats = subscriptions.FirstOrDefault(s => s.Id == id)?.DeliveryStats;
            if (stats is not null && (stats.Success != success || stats.Failed != failed))
            {
                Console.Out.WriteLine($"{Time(DateTimeOffset.UtcNow)}  delivered {stats.Success}, failed {stats.Failed}");
                (success, failed) = (stats.Success, stats.Failed);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    private static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed record FeedEntry(
        string Event, int Attempt, bool IsTest, bool Succeeded, int? StatusCode, string? Error, DateTimeOffset AttemptedAt, DateTimeOffset? NextAttemptAt);
}
