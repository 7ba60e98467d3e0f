using System.CommandLine;

namespace UGiftMe.Cli.Verify;

/// <summary>
/// <c>ugiftme verify</c>: checks a captured delivery with the SDK's <see cref="WebhookVerifier"/> and prints its reason
/// when it is rejected.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var command = new Command(
            "verify",
            "Check a captured delivery: the X-Webhook-Signature against the raw body file, and with --event the payload "
            + "too. Prints the reason on failure (as WebhookVerifier reports it). Exit 0 when valid, 1 when rejected.");
        var secret = new Option<string>("--secret") { Description = "The webhook's signing secret (never printed).", Required = true };
        var signature = new Option<string>("--signature") { Description = "The X-Webhook-Signature value received.", Required = true };
        var body = new Option<FileInfo>("--body") { Description = "A file with the raw body bytes exactly as received.", Required = true };
        var eventName = new Option<string?>("--event")
        {
            Description = "The X-Webhook-Event value; when given, the body is also checked to be a valid payload of that event.",
        };
        command.Options.Add(secret);
        command.Options.Add(signature);
        command.Options.Add(body);
        command.Options.Add(eventName);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(secret)!, parseResult.GetValue(signature)!, parseResult.GetValue(body)!,
            parseResult.GetValue(eventName), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        string secret, string signature, FileInfo bodyFile, string? eventName, CancellationToken cancellationToken)
    {
        WebhookVerifier verifier;
        byte[] body;
        try
        {
            verifier = new WebhookVerifier(secret);
            body = await File.ReadAllBytesAsync(bodyFile.FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync($"--secret: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"Cannot read --body {bodyFile.FullName}: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            var verified = verifier.Verify(body, new WebhookHeaders(eventName, signature));
            var model = verified.GetType().GetGenericArguments() is [var payload] && payload != typeof(Newtonsoft.Json.Linq.JToken)
                ? $"read as {payload.Name}"
                : "an event this version has no model for, read as JSON";
            Console.Out.WriteLine($"Valid: the signature matches, and the body is a valid '{verified.EventName}' payload ({model}).");
            return ExitCodes.Success;
        }
        catch (WebhookVerificationException exception) when (exception.Reason == WebhookVerificationFailure.MissingEventName && eventName is null)
        {
            Console.Out.WriteLine("Valid: the signature matches the body. Pass --event <name> to check the payload too.");
            return ExitCodes.Success;
        }
        catch (WebhookVerificationException exception)
        {
            Console.Out.WriteLine($"Rejected: {exception.Reason}. {exception.Message}");
            return ExitCodes.Failure;
        }
    }
}
