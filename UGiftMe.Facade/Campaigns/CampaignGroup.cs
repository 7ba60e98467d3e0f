using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace UGiftMe;

/// <summary>
/// One request of a campaign as its journal keeps it: which items it holds, the key it is sent with, and what came
/// back. It is recorded before it is sent, and its items never move to another group, so a resumed run resends the
/// same items with the same key. Journals store it as <see cref="ToJson"/> and read it back with <see cref="FromJson"/>.
/// </summary>
public sealed class CampaignGroup
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        Converters = { new StringEnumConverter() },
        NullValueHandling = NullValueHandling.Ignore,
        DateParseHandling = DateParseHandling.None,
        FloatParseHandling = FloatParseHandling.Decimal,
    };

    /// <summary>The group's id in its campaign: the key of its first attempt.</summary>
    public string GroupId { get; set; } = "";

    /// <summary>The key of its current attempt.</summary>
    public string IdempotencyKey { get; set; } = "";

    /// <summary>Its current attempt (1 at first; one more after each outcome that says no card exists).</summary>
    public int Attempt { get; set; } = 1;

    /// <summary>True when it is sent as a bulk request; false for a single order.</summary>
    public bool IsBulk { get; set; }

    /// <summary>Where it stands.</summary>
    public CampaignGroupState State { get; set; }

    /// <summary>The order request UGiftMe queued it as, once queued.</summary>
    public string? OrderRequestId { get; set; }

    /// <summary>Why its last attempt ended without a card, when it did.</summary>
    public string? FailureReason { get; set; }

    /// <summary>How much the wallet lacked, when its last attempt was refused for funds.</summary>
    public decimal? Shortfall { get; set; }

    /// <summary>The run that last sent or followed it.</summary>
    public string? RunId { get; set; }

    /// <summary>Its items, in the order they are sent.</summary>
    public IList<CampaignGroupItem> Items { get; set; } = [];

    /// <summary>The group as JSON, the form journals store.</summary>
    public string ToJson() => JsonConvert.SerializeObject(this, Settings);

    /// <summary>Reads a group written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The stored JSON.</param>
    public static CampaignGroup FromJson(string json) =>
        JsonConvert.DeserializeObject<CampaignGroup>(json ?? throw new ArgumentNullException(nameof(json)), Settings)
        ?? throw new FormatException("The journal entry is not a campaign group.");
}
