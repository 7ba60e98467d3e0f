using System.Diagnostics;

namespace UGiftMe;

/// <summary>How a <see cref="Campaign"/> runs.</summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class CampaignOptions
{
    /// <summary>The largest group UGiftMe takes in one bulk request.</summary>
    public const int MaxGroupSize = 100;

    /// <summary>
    /// Names the campaign in its journal: a run with the same id and journal resumes it. Printable, without control
    /// characters; required.
    /// </summary>
    public string CampaignId { get; set; } = "";

    /// <summary>
    /// Where the campaign records what it sent and what came back. Default: a new <see cref="InMemoryCampaignJournal"/>,
    /// which a crash loses; use a persistent one (package <c>UGiftMe.Campaigns.Sqlite</c>, or <c>UGiftMe.Redis</c> for
    /// several workers) to resume after a crash.
    /// </summary>
    public ICampaignJournal? Journal { get; set; }

    /// <summary>
    /// Items per request: 1 (the default) sends each card alone (<c>POST /orders</c>, the key derived from its
    /// reference alone), 2 to <see cref="MaxGroupSize"/> groups them into bulk requests (<c>POST /orders/bulk</c>).
    /// </summary>
    public int GroupSize { get; set; } = 1;

    /// <summary>Requests in flight at once (1 to 64; default 4). The client's pacer spaces them within the rate limit.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// Before sending anything, compare the value of the items not yet placed with the wallet's balance in each
    /// currency, and send nothing when it does not cover them (<see cref="CampaignSummary.StoppedForFunds"/>). Default
    /// false: a 402 mid-campaign stops it instead.
    /// </summary>
    public bool CheckFundsFirst { get; set; }

    /// <summary>Receives the progress after every answer; null for none.</summary>
    public IProgress<CampaignProgress>? Progress { get; set; }

    /// <summary>How queued requests are followed; the client's <see cref="UGiftMeClientOptions.OrderPolling"/> when null.</summary>
    public OrderPollingOptions? Polling { get; set; }

    /// <summary>A description for logs and debuggers (the settings; not the <see cref="Journal"/> nor <see cref="Progress"/>).</summary>
    public override string ToString() =>
        new OptionsDescription(this).Add(CampaignId).Add(GroupSize).Add(MaxConcurrency).Add(CheckFundsFirst).Add(Polling).ToString();

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(CampaignId) || CampaignId.Any(char.IsControl))
        {
            throw new ArgumentException("CampaignOptions.CampaignId is required, without control characters.", "options");
        }

        if (GroupSize is < 1 or > MaxGroupSize)
        {
            throw new ArgumentException($"CampaignOptions.GroupSize must be between 1 and {MaxGroupSize}, not {GroupSize}.", "options");
        }

        if (MaxConcurrency is < 1 or > 64)
        {
            throw new ArgumentException($"CampaignOptions.MaxConcurrency must be between 1 and 64, not {MaxConcurrency}.", "options");
        }
    }
}
