namespace UGiftMe;

/// <summary>How one item of a campaign ended (see <see cref="CampaignOutcomeKind"/> for the next step of each).</summary>
public sealed class CampaignItemOutcome
{
    /// <summary>Creates an outcome; public so tests can fake a campaign.</summary>
    /// <param name="reference">The item's reference.</param>
    /// <param name="kind">How it ended.</param>
    /// <param name="value">The item's value.</param>
    /// <param name="currency">The item's currency.</param>
    public CampaignItemOutcome(string reference, CampaignOutcomeKind kind, decimal value, string currency)
    {
        Reference = reference;
        Kind = kind;
        Value = value;
        Currency = currency;
    }

    /// <summary>The item's reference.</summary>
    public string Reference { get; }

    /// <summary>How it ended.</summary>
    public CampaignOutcomeKind Kind { get; }

    /// <summary>The item's value (spent when <see cref="Kind"/> is <see cref="CampaignOutcomeKind.Placed"/>).</summary>
    public decimal Value { get; }

    /// <summary>The item's currency.</summary>
    public string Currency { get; }

    /// <summary>The card's order id, when placed.</summary>
    public string? OrderId { get; init; }

    /// <summary>The order request UGiftMe queued the item's request as, when it was queued.</summary>
    public string? OrderRequestId { get; init; }

    /// <summary>Why it was rejected or failed, or what is unknown, in UGiftMe's or the SDK's words.</summary>
    public string? Reason { get; init; }

    /// <summary>The <c>Idempotency-Key</c> the item's request was (or is to be) sent with; null when nothing was sent.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Which attempt at the item's request this was (see <see cref="UGiftMe.IdempotencyKey.NextAttempt"/>).</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>True when the outcome was read from the journal of an earlier run: no request was spent on it now.</summary>
    public bool FromEarlierRun { get; init; }

    /// <summary>A one-line description.</summary>
    public override string ToString() =>
        $"{Reference}: {Kind}{(OrderId is null ? "" : " " + OrderId)}{(Reason is null ? "" : " (" + Reason + ")")}";
}
