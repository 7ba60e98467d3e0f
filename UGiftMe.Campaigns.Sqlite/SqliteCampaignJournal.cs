using Microsoft.Data.Sqlite;

namespace UGiftMe.Campaigns.Sqlite;

/// <summary>
/// A campaign journal in a local SQLite file: every group is written (and the write committed, in WAL mode) before
/// its request is sent, so a process killed at any point resumes from the file and places every card exactly once.
/// One file can hold several campaigns; use one process per file (for several workers, use the Redis journal).
/// </summary>
public sealed class SqliteCampaignJournal : ICampaignJournal, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Opens (or creates) the journal at <paramref name="path"/>.</summary>
    /// <param name="path">The database file, e.g. <c>campaign.journal.db</c> beside the campaign's input.</param>
    public SqliteCampaignJournal(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS campaign_groups (
                campaign TEXT NOT NULL, group_id TEXT NOT NULL, state TEXT NOT NULL, body TEXT NOT NULL,
                PRIMARY KEY (campaign, group_id));
            CREATE TABLE IF NOT EXISTS campaign_items (
                campaign TEXT NOT NULL, reference TEXT NOT NULL, group_id TEXT NOT NULL,
                PRIMARY KEY (campaign, reference));
            """);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public Task<bool> TryAddGroupAsync(string campaignId, CampaignGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        return OneAtATimeAsync(() =>
        {
            // Left uncommitted, the transaction rolls back when it is disposed.
            using var transaction = _connection.BeginTransaction();
            foreach (var item in group.Items)
            {
                using var insert = Command("INSERT OR IGNORE INTO campaign_items (campaign, reference, group_id) VALUES ($c, $r, $g)", transaction);
                insert.Parameters.AddWithValue("$c", campaignId);
                insert.Parameters.AddWithValue("$r", item.Reference);
                insert.Parameters.AddWithValue("$g", group.GroupId);
                if (insert.ExecuteNonQuery() == 0)
                {
                    return false;
                }
            }

            using var add = Command("INSERT OR IGNORE INTO campaign_groups (campaign, group_id, state, body) VALUES ($c, $g, $s, $b)", transaction);
            Bind(add, campaignId, group);
            if (add.ExecuteNonQuery() == 0)
            {
                return false;
            }

            transaction.Commit();
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task UpdateGroupAsync(string campaignId, CampaignGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        return OneAtATimeAsync(() =>
        {
            using var update = Command("UPDATE campaign_groups SET state = $s, body = $b WHERE campaign = $c AND group_id = $g", null);
            Bind(update, campaignId, group);
            return update.ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CampaignGroup?> FindGroupAsync(string campaignId, string reference, CancellationToken cancellationToken) =>
        OneAtATimeAsync<CampaignGroup?>(() =>
        {
            using var find = Command(
                "SELECT g.body FROM campaign_items i JOIN campaign_groups g ON g.campaign = i.campaign AND g.group_id = i.group_id WHERE i.campaign = $c AND i.reference = $r",
                null);
            find.Parameters.AddWithValue("$c", campaignId);
            find.Parameters.AddWithValue("$r", reference);
            return find.ExecuteScalar() is string body ? CampaignGroup.FromJson(body) : null;
        }, cancellationToken);

    /// <summary>Closes the database.</summary>
    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }

    // The connection serves one command at a time; callers wait for it without holding a thread.
    private async Task<T> OneAtATimeAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return work();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void Bind(SqliteCommand command, string campaignId, CampaignGroup group)
    {
        command.Parameters.AddWithValue("$c", campaignId);
        command.Parameters.AddWithValue("$g", group.GroupId);
        command.Parameters.AddWithValue("$s", group.State.ToString());
        command.Parameters.AddWithValue("$b", group.ToJson());
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql, null);
        command.ExecuteNonQuery();
    }
}
