using Newtonsoft.Json.Linq;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>Reads a bulk order's outcome: the created orders and the refused items, never an empty list standing in for a lost one.</summary>
internal sealed class BulkOrderReader(UGiftMePipeline pipeline) : OrderRequestReader<BulkOrderResult>(pipeline)
{
    public override Task<BulkOrderResult> ReadResultAsync(OrderRequest succeeded, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var response = As<BulkOrderCreationResponse>(succeeded, idempotencyKey);
        return response.Orders is null
            ? throw Unreadable(succeeded, idempotencyKey, "its result has no list of orders")
            : Task.FromResult(ToResult(response, succeeded.Result as JToken));
    }

    public static BulkOrderResult ToResult(BulkOrderCreationResponse response, JToken? raw) =>
        new(response.Orders!.ToList(), (response.RejectedOrders ?? []).ToList(), response.Summary, raw);
}
