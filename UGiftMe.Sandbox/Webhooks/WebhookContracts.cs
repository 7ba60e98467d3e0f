using System.Text.Json.Serialization;
using UGiftMe.Sandbox.State;

namespace UGiftMe.Sandbox.Webhooks;

// Wire shapes of the webhook subscription endpoints.

internal sealed record CreatedWebhookBody(
    string Id, Uri Url, IReadOnlyList<string> Events, string? Description, bool IsActive, string Secret);

internal sealed record DeliveryStatsBody(int Success, int Failed);

internal sealed record WebhookSubscriptionBody
{
    [JsonPropertyName("_id")]
    public required string Id { get; init; }

    public required string BusinessId { get; init; }

    public required Uri Url { get; init; }

    public required IReadOnlyList<string> Events { get; init; }

    public required bool IsActive { get; init; }

    public string? Description { get; init; }

    public DateTimeOffset? LastUsed { get; init; }

    public required DeliveryStatsBody DeliveryStats { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public static WebhookSubscriptionBody From(WebhookSubscription subscription, string businessId) => new()
    {
        Id = subscription.Id,
        BusinessId = businessId,
        Url = subscription.Url,
        Events = [.. subscription.Events],
        IsActive = subscription.IsActive,
        Description = subscription.Description,
        LastUsed = subscription.LastUsed,
        DeliveryStats = new DeliveryStatsBody(subscription.SuccessCount, subscription.FailedCount),
        CreatedAt = subscription.CreatedAt,
        UpdatedAt = subscription.UpdatedAt,
    };
}

internal sealed record UpdatedWebhookBody(string Message, WebhookSubscriptionBody Webhook);

internal sealed record MessageBody(string Message);

internal sealed record TestDeliveryResultBody(bool Ok, WebhookTestEvent Payload, int? StatusCode, string? ErrorMessage);

internal sealed record TestDeliverySampleBody(string Event, WebhookTestEvent Payload);
