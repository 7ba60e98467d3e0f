namespace UGiftMe.Sandbox;

/// <summary>One attempt to deliver a webhook.</summary>
/// <param name="SubscriptionId">The subscription's <c>_id</c>.</param>
/// <param name="Event">The event name (<c>X-Webhook-Event</c>).</param>
/// <param name="Url">Where it was sent.</param>
/// <param name="Body">The exact body sent.</param>
/// <param name="Signature">The <c>X-Webhook-Signature</c> sent.</param>
/// <param name="Attempt">1 for the first attempt, 2 for the first retry, and so on.</param>
/// <param name="IsTest">Whether it came from <c>POST /webhooks/test</c>.</param>
/// <param name="Succeeded">Whether the receiver answered 2xx in time.</param>
/// <param name="StatusCode">The receiver's status, when it answered.</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="AttemptedAt">When the attempt was made.</param>
/// <param name="NextAttemptAt">When the next retry is due, if one is scheduled.</param>
public sealed record SandboxWebhookDelivery(
    string SubscriptionId,
    string Event,
    Uri Url,
    string Body,
    string Signature,
    int Attempt,
    bool IsTest,
    bool Succeeded,
    int? StatusCode,
    string? Error,
    DateTimeOffset AttemptedAt,
    DateTimeOffset? NextAttemptAt);
