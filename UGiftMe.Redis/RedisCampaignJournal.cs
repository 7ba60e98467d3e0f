using StackExchange.Redis;

namespace UGiftMe.Redis;

/// <summary>
/// A campaign journal on Redis, for several workers sharing one campaign: each group is added by one atomic script
/// that refuses it when any of its references already belongs to a group, so no two workers ever send a reference in
/// two groups, and a worker that resumes the campaign finds every group the others recorded. Per campaign it keeps
/// two hashes, <c>{prefix}{campaign}:items</c> (reference → group) and <c>{prefix}{campaign}:groups</c> (group → its JSON),
/// which never expire: delete them when the campaign is over. Turn on AOF (<c>appendonly yes</c>) so a Redis restart
/// does not forget what was sent.
/// </summary>
public sealed class RedisCampaignJournal : ICampaignJournal
{
    private const string AddScript = """
        for i = 3, #ARGV do
            if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 then return 0 end
        end
        if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
        for i = 3, #ARGV do
            redis.call('HSET', KEYS[1], ARGV[i], ARGV[1])
        end
        return 1
        """;

    private const string FindScript = """
        local group = redis.call('HGET', KEYS[1], ARGV[1])
        if not group then return false end
        return redis.call('HGET', KEYS[2], group)
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly string _prefix;

    /// <summary>Creates a journal over a connection.</summary>
    /// <param name="redis">The connection.</param>
    /// <param name="keyPrefix">Prefix of the journal's keys; default <c>ugiftme:campaign:</c>.</param>
    public RedisCampaignJournal(IConnectionMultiplexer redis, string keyPrefix = "ugiftme:campaign:")
    {
        _redis = redis ?? throw new ArgumentNullException(nameof(redis));
        _prefix = keyPrefix ?? throw new ArgumentNullException(nameof(keyPrefix));
    }

    /// <inheritdoc />
    public async Task<bool> TryAddGroupAsync(string campaignId, CampaignGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        RedisValue[] arguments = [group.GroupId, group.ToJson(), .. group.Items.Select(item => (RedisValue)item.Reference)];
        var added = await _redis.GetDatabase().ScriptEvaluateAsync(AddScript, Keys(campaignId), arguments).ConfigureAwait(false);
        return (int)added == 1;
    }

    /// <inheritdoc />
    public Task UpdateGroupAsync(string campaignId, CampaignGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        return _redis.GetDatabase().HashSetAsync(Keys(campaignId)[1], group.GroupId, group.ToJson());
    }

    /// <inheritdoc />
    public async Task<CampaignGroup?> FindGroupAsync(string campaignId, string reference, CancellationToken cancellationToken)
    {
        var found = await _redis.GetDatabase().ScriptEvaluateAsync(FindScript, Keys(campaignId), [reference]).ConfigureAwait(false);
        return found.IsNull ? null : CampaignGroup.FromJson((string)found!);
    }

    // Both keys share the hash tag {prefix+campaign}, so a Redis cluster keeps them on one node and the scripts may touch both.
    private RedisKey[] Keys(string campaignId) => [$"{{{_prefix}{campaignId}}}:items", $"{{{_prefix}{campaignId}}}:groups"];
}
