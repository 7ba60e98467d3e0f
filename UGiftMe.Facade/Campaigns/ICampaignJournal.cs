namespace UGiftMe;

/// <summary>
/// Where a campaign records its groups (<see cref="CampaignGroup"/>): each is added before it is sent and updated with
/// what came back. Implementations must be safe for concurrent calls, and <see cref="TryAddGroupAsync"/> must be atomic,
/// so that two workers sharing a journal never put one reference in two groups.
/// </summary>
public interface ICampaignJournal
{
    /// <summary>
    /// Records a new group and its references; false, recording nothing, when one of its references already belongs
    /// to a group of the campaign.
    /// </summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="group">The group, in state <see cref="CampaignGroupState.Sending"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> TryAddGroupAsync(string campaignId, CampaignGroup group, CancellationToken cancellationToken);

    /// <summary>Replaces a recorded group (same <see cref="CampaignGroup.GroupId"/>, same items) with its new state.</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="group">The group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task UpdateGroupAsync(string campaignId, CampaignGroup group, CancellationToken cancellationToken);

    /// <summary>The group that holds <paramref name="reference"/>, or null when it is in none.</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="reference">An item's reference.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<CampaignGroup?> FindGroupAsync(string campaignId, string reference, CancellationToken cancellationToken);
}
