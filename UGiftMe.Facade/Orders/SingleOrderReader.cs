using Newtonsoft.Json.Linq;
using UGiftMe.Generated;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// Reads a single order's outcome. The docs say a completed request's result is "usually a BusinessOrder ... may be an
/// arbitrary object": an order is taken as it is; a bare <c>{ orderId }</c> (the webhook's shape) is fetched by id.
/// </summary>
internal sealed class SingleOrderReader(UGiftMePipeline pipeline) : OrderRequestReader<BusinessOrder>(pipeline)
{
    public override async Task<BusinessOrder> ReadResultAsync(OrderRequest succeeded, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var order = As<BusinessOrder>(succeeded, idempotencyKey);
        if (order.Id is not null)
        {
            return order;
        }

        if ((succeeded.Result as JObject)?["orderId"] is JValue { Type: JTokenType.String, Value: string orderId })
        {
            return PathSegment.IsValid(orderId)
                ? await GetAsync(orderId, idempotencyKey, cancellationToken).ConfigureAwait(false)
                : throw Unreadable(succeeded, idempotencyKey, $"its result names the order '{orderId}', which is not an id that can be fetched");
        }

        throw Unreadable(succeeded, idempotencyKey, "its result names no order (neither _id nor orderId)");
    }

    // A failed fetch is not the end: the status poll that follows reads the request's result.
    public override async Task<BusinessOrder?> ReadCompletionAsync(OrderCompletionEvent completion, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (completion.OrderId is not { } orderId || !PathSegment.IsValid(orderId))
        {
            return null;
        }

        try
        {
            return await GetAsync(orderId, idempotencyKey, cancellationToken).ConfigureAwait(false);
        }
        catch (UGiftMeException)
        {
            return null;
        }
    }

    private async Task<BusinessOrder> GetAsync(string orderId, string? idempotencyKey, CancellationToken cancellationToken) =>
        (await Pipeline.SendAsync(OrdersApi.BuildGet(Pipeline.BaseUrl, orderId), OrdersApi.ReadGet, OrdersApi.ReadGetError, cancellationToken, idempotencyKey).ConfigureAwait(false)).Value;
}
