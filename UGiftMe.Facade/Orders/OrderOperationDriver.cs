using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>What an <see cref="OrderOperation{T}"/> needs from the client: polling, reading results, building failures.</summary>
internal sealed class OrderOperationDriver<T>(
    ApiInvoker invoker,
    IOrdersApi api,
    Func<OrderOperationDriver<T>, JToken?, CancellationToken, Task<T>> readResult)
    where T : class
{
    private static readonly JsonSerializer Serializer = JsonSerializer.CreateDefault();

    public TimeProvider TimeProvider => invoker.State.TimeProvider;

    /// <summary>The client-wide notifier, used when an operation's own polling options name none.</summary>
    public OrderCompletionNotifier? Notifier => invoker.State.Options.OrderPolling.CompletionNotifier;

    public TimeSpan MaxRetryAfter => invoker.State.Options.Retry.MaxRetryAfter;

    public ApiInvoker Invoker => invoker;

    public IOrdersApi Api => api;

    public Task<UGiftMeResult<OrderRequest>> GetRequestAsync(string orderRequestId, CancellationToken cancellationToken) =>
        invoker.SendAsync(api, (bound, ct) => bound.GetRequestAsync(orderRequestId, cancellationToken: ct), cancellationToken);

    public Task<T> ReadResultAsync(OrderRequest request, CancellationToken cancellationToken) =>
        readResult(this, request.Result as JToken ?? (request.Result is null ? null : JToken.FromObject(request.Result)), cancellationToken);

    public static TModel? As<TModel>(JToken? token) where TModel : class => token?.ToObject<TModel>(Serializer);

    public static OrderFailedException Failure(string orderRequestId, OrderRequest request, string? idempotencyKey)
    {
        var reason = FailureText(request);
        var context = new ErrorContext { Error = reason, IdempotencyKey = idempotencyKey, Details = request.Errors as JToken };
        var message = $"Order request {orderRequestId} failed: {reason ?? "UGiftMe gave no reason"}.";
        if (FundsText.IsInsufficientFunds(reason))
        {
            var (required, available, currency) = FundsText.Parse(reason);
            return new InsufficientFundsException(message + " Top up the wallet." + IdempotencyGuidance.AfterFailedRequest(idempotencyKey), context,
                orderRequestId: orderRequestId, failureReason: reason, required: required, available: available, currency: currency);
        }

        return new OrderFailedException(message + IdempotencyGuidance.AfterFailedRequest(idempotencyKey), context,
            orderRequestId: orderRequestId, failureReason: reason);
    }

    private static string? FailureText(OrderRequest request) => request.Error ?? (request.Errors as JToken) switch
    {
        null => null,
        JValue value => Convert.ToString(value.Value, CultureInfo.InvariantCulture),
        JArray array => string.Join("; ", array.Select(item => item is JObject o ? (string?)o["message"] ?? (string?)o["error"] ?? o.ToString(Formatting.None) : item.ToString())),
        JObject obj => (string?)obj["message"] ?? (string?)obj["error"] ?? obj.ToString(Formatting.None),
        var other => other.ToString(Formatting.None),
    };
}
