using System.CommandLine;
using UGiftMe.Cli.Output;
using UGiftMe.Testing;

namespace UGiftMe.Cli.Trigger;

/// <summary>
/// <c>ugiftme trigger &lt;event&gt;</c>: POSTs one delivery to a URL exactly as UGiftMe does (the testing kit's
/// <see cref="WebhookSigner"/>: same headers, lowercase-hex HMAC-SHA256 of the raw body bytes) and reports the answer.
/// </summary>
internal static class TriggerCommand
{
    public static Command Create()
    {
        var command = new Command(
            "trigger",
            "POST one signed webhook delivery to your endpoint exactly as UGiftMe does (X-Webhook-Event, "
            + "X-Webhook-Signature = lowercase hex HMAC-SHA256 of the raw body) and print its status and body. "
            + "Exit 0 on 2xx, 1 otherwise.");
        var eventName = new Argument<string>("event")
        {
            HelpName = "event",
            Description = $"The event: {string.Join(", ", SamplePayloads.Events)} (any name with --data).",
        };
        eventName.CompletionSources.Add(SamplePayloads.Events.ToArray());
        var forwardTo = UrlOption.Create("--forward-to", "Your webhook endpoint, e.g. http://localhost:5000/webhooks/ugiftme.");
        var secret = new Option<string>("--secret")
        {
            Description = "The signing secret your endpoint verifies with (never printed).",
            Required = true,
        };
        var data = new Option<FileInfo?>("--data")
        {
            Description = "Send this file's bytes, unchanged, instead of the documented sample payload.",
        };
        command.Arguments.Add(eventName);
        command.Options.Add(forwardTo);
        command.Options.Add(secret);
        command.Options.Add(data);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(eventName)!, parseResult.GetValue(forwardTo)!, parseResult.GetValue(secret)!,
            parseResult.GetValue(data), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        string eventName, Uri forwardTo, string secret, FileInfo? data, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            await Console.Error.WriteLineAsync("--secret must not be empty.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        byte[] body;
        if (data is not null)
        {
            try
            {
                body = await File.ReadAllBytesAsync(data.FullName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"Cannot read --data {data.FullName}: {exception.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
        }
        else if (SamplePayloads.Events.Contains(eventName, StringComparer.Ordinal))
        {
            body = SamplePayloads.For(eventName);
        }
        else
        {
            await Console.Error.WriteLineAsync(
                    $"No sample payload for '{eventName}'. Use one of {string.Join(", ", SamplePayloads.Events)}, or give --data <file>.")
                .ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var isTest = eventName == WebhookEventNames.WebhookTest;
        var delivery = new WebhookSigner(secret).CreateDelivery(eventName, body, isTest);
        // UGiftMe gives an endpoint 5 s (10 s for a test delivery); so does trigger.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(isTest ? 10 : 5) };
        using var request = delivery.ToHttpRequestMessage(forwardTo);
        Console.Out.WriteLine($"POST {forwardTo}  {eventName} ({body.Length} bytes, signed)");
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var answer = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            Console.Out.WriteLine($"{(int)response.StatusCode} {response.ReasonPhrase}");
            if (answer.Length > 0)
            {
                Console.Out.WriteLine(answer);
            }

            return response.IsSuccessStatusCode ? ExitCodes.Success : ExitCodes.Failure;
        }
        catch (HttpRequestException exception)
        {
            await Console.Error.WriteLineAsync($"Could not reach {forwardTo}: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"{forwardTo} did not answer within {http.Timeout.TotalSeconds:0} s (UGiftMe would count it as failed).").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
