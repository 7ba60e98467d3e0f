using System.Collections.Concurrent;

namespace UGiftMe;

/// <summary>
/// A journal in this process's memory, for tests and for campaigns that need not survive a crash. Groups are kept as
/// their JSON, as a persistent journal keeps them, so nothing the campaign changes later leaks into the record.
/// </summary>
public sealed class InMemoryCampaignJournal : ICampaignJournal
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<(string Campaign, string Group), string> _groups = new();
    private readonly ConcurrentDictionary<(string Campaign, string Reference), string> _references = new();

    /// <summary>How many groups are recorded, over all campaigns.</summary>
    public int GroupCount => _groups.Count;

    /// <inheritdoc />
    public Task<bool> TryAddGroupAsync(string campaignId, CampaignGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        lock (_gate)
        {
            if (_groups.ContainsKey((campaignId, group.GroupId)) || group.Items.Any(item => _references.ContainsKey((campaignId, item.Reference))))
            {
                return Task.FromResult(false);
            }

            _groups[(campaignId, group.GroupId)] = group.ToJson();
            foreach (var item in group.Items)
            {
                _references[(campaignId, item.Reference)] = group.GroupId;
            }

            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task UpdateGroupAsync(string campaignId, CampaignGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        _groups[(campaignId, group.GroupId)] = group.ToJson();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<CampaignGroup?> FindGroupAsync(string campaignId, string reference, CancellationToken cancellationToken) =>
        Task.FromResult(_references.TryGetValue((campaignId, reference), out var id) && _groups.TryGetValue((campaignId, id), out var json)
            ? CampaignGroup.FromJson(json)
            : null);
}
