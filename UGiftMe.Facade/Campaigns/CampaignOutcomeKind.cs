namespace UGiftMe;

/// <summary>How one item of a campaign ended, and what happens to it when the campaign runs again.</summary>
public enum CampaignOutcomeKind
{
    /// <summary>The card exists (created at once, or queued and then completed). Final: never ordered again.</summary>
    Placed,

    /// <summary>
    /// UGiftMe refused the item (<c>rejectedOrders</c> of a bulk answer, a 400), or it was invalid before anything was
    /// sent. Final: a run again does not send it; correct it and give it a new reference.
    /// </summary>
    Rejected,

    /// <summary>
    /// The wallet could not cover the item's request (a 402, or a queued request that failed for funds): no card
    /// exists. The campaign stopped sending; after a top-up a run again sends it with the next attempt's key.
    /// </summary>
    InsufficientFunds,

    /// <summary>
    /// A queued request failed for another reason (<see cref="CampaignItemOutcome.Reason"/>): no card exists. A run
    /// again sends it with the next attempt's key.
    /// </summary>
    Failed,

    /// <summary>
    /// No answer said what happened (a lost answer, a timeout, a 5xx or 429 after the retries): the card may exist.
    /// A run again resends the same request with the same key, which returns the card if it exists and never a second.
    /// </summary>
    Unknown,

    /// <summary>
    /// Not sent: the campaign stopped (for funds, <see cref="Campaign.Stop"/>, or no turn within the rate limit) before
    /// it came to this item. A run again sends it.
    /// </summary>
    NotSent,
}
