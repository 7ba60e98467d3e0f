using Newtonsoft.Json.Linq;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// What a bulk order created: the orders, the items refused with their reasons (partial success is normal) and the
/// totals. The same shape whether UGiftMe answered at once (201) or after queueing (202).
/// </summary>
public sealed class BulkOrderResult
{
    /// <summary>Creates a result; public so tests can fake the client.</summary>
    public BulkOrderResult(IReadOnlyList<BusinessOrder> orders, IReadOnlyList<RejectedOrder> rejectedOrders, BulkOrderSummary? summary, JToken? raw = null)
    {
        Orders = orders ?? throw new ArgumentNullException(nameof(orders));
        RejectedOrders = rejectedOrders ?? throw new ArgumentNullException(nameof(rejectedOrders));
        Summary = summary;
        Raw = raw;
    }

    /// <summary>The orders created.</summary>
    public IReadOnlyList<BusinessOrder> Orders { get; }

    /// <summary>The items UGiftMe refused, each with a product code and a reason; empty when all were created.</summary>
    public IReadOnlyList<RejectedOrder> RejectedOrders { get; }

    /// <summary>Totals of the created orders, when reported.</summary>
    public BulkOrderSummary? Summary { get; }

    /// <summary>True when some items were refused.</summary>
    public bool IsPartial => RejectedOrders.Count > 0;

    /// <summary>The JSON the result was read from, kept whole (the docs warn the asynchronous result may change shape).</summary>
    public JToken? Raw { get; }
}
