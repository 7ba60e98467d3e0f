using UGiftMe.Models;

namespace UGiftMe;

/// <summary>One item of a <see cref="CampaignGroup"/> as the journal keeps it.</summary>
public sealed class CampaignGroupItem
{
    /// <summary>The item's reference.</summary>
    public string Reference { get; set; } = "";

    /// <summary>The order exactly as it was first sent: a resend must carry the same payload as its key's first send.</summary>
    public CreateOrderRequest Order { get; set; } = new();

    /// <summary>Its outcome once known (<see cref="CampaignOutcomeKind.Placed"/>, <see cref="CampaignOutcomeKind.Rejected"/>, ...).</summary>
    public CampaignOutcomeKind? Outcome { get; set; }

    /// <summary>The card's order id, when placed.</summary>
    public string? OrderId { get; set; }

    /// <summary>Why it was rejected or failed.</summary>
    public string? Reason { get; set; }
}
