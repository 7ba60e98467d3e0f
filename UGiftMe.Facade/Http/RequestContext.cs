namespace UGiftMe;

/// <summary>
/// What one logical call learns on its way through the handlers (idempotency key, attempts, rate limit). The facade
/// opens a scope around each call; the outermost handler attaches the scope's context to the request so every handler
/// of that request writes to the same object, and the facade reads it back into ResponseMetadata.
/// </summary>
internal sealed class RequestContext
{
    public static readonly HttpRequestOptionsKey<RequestContext> OptionsKey = new("UGiftMe.RequestContext");

    private static readonly AsyncLocal<RequestContext?> Ambient = new();

    public string? IdempotencyKey { get; set; }

    public int Attempts { get; set; }

    public int RetryCount => Math.Max(0, Attempts - 1);

    public RateLimitInfo? RateLimit { get; set; }

    public TimeSpan? RefusedWait { get; set; }

    public static RequestContext For(HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(OptionsKey, out var attached))
        {
            return attached;
        }

        var context = Ambient.Value ?? new RequestContext();
        request.Options.Set(OptionsKey, context);
        return context;
    }

    /// <summary>Starts a call: handlers of requests sent until the scope is disposed report into its context.</summary>
    public static Scope Begin()
    {
        var previous = Ambient.Value;
        var context = new RequestContext();
        Ambient.Value = context;
        return new Scope(context, previous);
    }

    public readonly struct Scope(RequestContext context, RequestContext? previous) : IDisposable
    {
        public RequestContext Context { get; } = context;

        public void Dispose() => Ambient.Value = previous;
    }
}
