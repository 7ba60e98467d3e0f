namespace UGiftMe;

/// <summary>Where one request of a campaign (a group of items) stands in the journal.</summary>
public enum CampaignGroupState
{
    /// <summary>Recorded before sending; no answer recorded yet. A run again resends it with the same key.</summary>
    Sending,

    /// <summary>UGiftMe queued it (202) as <see cref="CampaignGroup.OrderRequestId"/>; a run again follows that request.</summary>
    Queued,

    /// <summary>
    /// It ended without any card (a 402, or a queued request that failed): its key is spent and no card exists for
    /// it. A run again sends it with the next attempt's key.
    /// </summary>
    NoOrder,

    /// <summary>Answered: every item has its final outcome.</summary>
    Completed,
}
