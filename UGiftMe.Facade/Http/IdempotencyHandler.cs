
namespace UGiftMe;

/// <summary>
/// Gives every order create (<c>POST /orders</c>, <c>POST /orders/bulk</c>) an <c>Idempotency-Key</c> — the caller's
/// or a new one — before the retry handler, so every attempt of one call carries the same key.
/// </summary>
internal sealed class IdempotencyHandler : DelegatingHandler
{
    public const string HeaderName = "Idempotency-Key";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = RequestContext.For(request);
        if (request.Headers.TryGetValues(HeaderName, out var keys))
        {
            call.IdempotencyKey = keys.FirstOrDefault();
        }
        else if (IsOrderCreate(request))
        {
            call.IdempotencyKey = IdempotencyKey.Create();
            request.Headers.TryAddWithoutValidation(HeaderName, call.IdempotencyKey);
        }

        return base.SendAsync(request, cancellationToken);
    }

    internal static bool IsOrderCreate(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath.TrimEnd('/') is { } path
        && (path.EndsWith("/api/v1/business/orders", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith("/api/v1/business/orders/bulk", StringComparison.OrdinalIgnoreCase));
}
