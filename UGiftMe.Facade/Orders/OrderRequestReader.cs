using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using UGiftMe.Generated;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// What an <see cref="OrderOperation{T}"/> asks of the client while it follows a queued order request: poll its
/// status, and turn its outcome (a succeeded request's <c>result</c>, or a verified webhook) into <typeparamref name="T"/>.
/// Every failure to read an outcome is an SDK exception that says the order exists and carries the create's key.
/// </summary>
internal abstract class OrderRequestReader<T>(UGiftMePipeline pipeline)
    where T : class
{
    public ClientState Client => pipeline.Client;

    protected UGiftMePipeline Pipeline => pipeline;

    /// <summary>The request's status; <paramref name="idempotencyKey"/> (the create's, when known) goes into its exceptions.</summary>
    public Task<UGiftMeResult<OrderRequest>> PollAsync(string orderRequestId, string? idempotencyKey, CancellationToken cancellationToken) =>
        pipeline.SendAsync(OrdersApi.BuildGetRequest(pipeline.BaseUrl, orderRequestId), OrdersApi.ReadGetRequest, OrdersApi.ReadGetRequestError, cancellationToken, idempotencyKey);

    /// <summary>The order(s) a succeeded request made, from its <c>result</c>.</summary>
    public abstract Task<T> ReadResultAsync(OrderRequest succeeded, string? idempotencyKey, CancellationToken cancellationToken);

    /// <summary>The order(s) a verified <c>order.succeeded</c> names, or null when only the next status poll can tell.</summary>
    public virtual Task<T?> ReadCompletionAsync(OrderCompletionEvent completion, string? idempotencyKey, CancellationToken cancellationToken) => Task.FromResult<T?>(null);

    /// <summary>The request's result as <typeparamref name="TModel"/>; an SDK exception when it is not one.</summary>
    protected static TModel As<TModel>(OrderRequest succeeded, string? idempotencyKey)
        where TModel : class
    {
        try
        {
            var result = succeeded.Result as JToken ?? (succeeded.Result is null ? null : JToken.FromObject(succeeded.Result));
            return result?.ToObject<TModel>(JsonCodec.Strict) ?? throw new JsonSerializationException("it has no result");
        }
        catch (Exception unreadable) when (unreadable is JsonException or FormatException or OverflowException or InvalidCastException or ArgumentException)
        {
            throw Unreadable(succeeded, idempotencyKey, $"its result could not be read as a {typeof(TModel).Name} ({unreadable.Message})", unreadable);
        }
    }

    protected static UnreadableResponseException Unreadable(OrderRequest succeeded, string? idempotencyKey, string problem, Exception? inner = null) =>
        new($"Order request {succeeded.OrderRequestId} succeeded, but {problem}. The order exists: do not order it again with a new key; " +
            $"look it up (client.Orders.SearchAsync) or follow the request again (client.Orders.Resume(\"{succeeded.OrderRequestId}\")){(idempotencyKey is null ? "" : $"; its Idempotency-Key is '{idempotencyKey}'")}.",
            new ErrorContext { StatusCode = 200, IdempotencyKey = idempotencyKey, Details = succeeded.Result as JToken }, inner);
}
