using Microsoft.Extensions.Options;

namespace UGiftMe.AspNetCore;

/// <summary>Fails start-up on settings that would reject every delivery or lose retries; never echoes a secret.</summary>
internal sealed class UGiftMeWebhookOptionsValidator : IValidateOptions<UGiftMeWebhookOptions>
{
    private const long LargestBodySize = int.MaxValue / 2;

    public ValidateOptionsResult Validate(string? name, UGiftMeWebhookOptions options)
    {
        var failures = new List<string>();
        if (options.Secrets.Count == 0 && options.RequireSecretAtStartup)
        {
            failures.Add("UGiftMe webhooks: at least one secret is required in Secrets (the value returned once when the "
                + "webhook was created; from the section UGiftMe:Webhooks, the setting UGiftMe:Webhooks:Secrets:0 or the environment "
                + "variable UGiftMe__Webhooks__Secrets__0), or RequireSecretAtStartup = false when secrets are added at run time with UGiftMeWebhookSecrets.");
        }

        for (var i = 0; i < options.Secrets.Count; i++)
        {
            var secret = options.Secrets[i];
            if (string.IsNullOrWhiteSpace(secret))
            {
                failures.Add($"UGiftMe webhooks: Secrets[{i}] is empty.");
            }
            else if (char.IsWhiteSpace(secret[0]) || char.IsWhiteSpace(secret[^1]))
            {
                failures.Add($"UGiftMe webhooks: Secrets[{i}] starts or ends with whitespace.");
            }
        }

        if (options.MaxBodySize is <= 0 or > LargestBodySize)
        {
            failures.Add($"UGiftMe webhooks: MaxBodySize must be between 1 and {LargestBodySize} bytes.");
        }

        if (options.DeduplicationRetention < UGiftMeWebhookOptions.MinimumDeduplicationRetention)
        {
            failures.Add("UGiftMe webhooks: DeduplicationRetention must be at least "
                + $"{UGiftMeWebhookOptions.MinimumDeduplicationRetention}, because UGiftMe retries a delivery for about 5.5 hours.");
        }

        if (options.ClaimTimeout < TimeSpan.FromSeconds(10) || options.ClaimTimeout > options.DeduplicationRetention)
        {
            failures.Add("UGiftMe webhooks: ClaimTimeout must be at least 10 seconds (UGiftMe waits 5) and at most DeduplicationRetention.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
