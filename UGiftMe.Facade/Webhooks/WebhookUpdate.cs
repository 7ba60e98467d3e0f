namespace UGiftMe;

/// <summary>
/// Changes to a webhook subscription; fields left null stay as they are. At least one must be set. The signing
/// secret cannot be changed this way.
/// </summary>
public sealed record WebhookUpdate
{
    /// <summary>The new delivery URL (HTTPS, or HTTP as the update endpoint allows).</summary>
    public Uri? Url { get; init; }

    /// <summary>The new event list; when given, it must be non-empty and hold only <see cref="WebhookEventNames.Updatable"/> names.</summary>
    public IReadOnlyList<string>? Events { get; init; }

    /// <summary>The new description.</summary>
    public string? Description { get; init; }

    /// <summary>False pauses deliveries, true resumes them.</summary>
    public bool? IsActive { get; init; }
}
