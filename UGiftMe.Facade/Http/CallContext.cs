namespace UGiftMe;

/// <summary>
/// One call, from the facade's point of view: created by <see cref="ApiInvoker"/> with the idempotency key the facade
/// resolved, attached to the call's request, filled in by <see cref="UGiftMeHandler"/> (attempts, rate limit, the last
/// body read) and read back into <see cref="ResponseMetadata"/> or the exception.
/// </summary>
internal sealed class CallContext(string? idempotencyKey)
{
    public static readonly HttpRequestOptionsKey<CallContext> OptionsKey = new("UGiftMe.Call");

    public string? IdempotencyKey { get; } = idempotencyKey;

    /// <summary>The request being sent (set by the handler), for the method and path in messages.</summary>
    public HttpRequestMessage? Request { get; set; }

    public int Attempts { get; set; }

    public int RetryCount => Math.Max(0, Attempts - 1);

    public RateLimitInfo? RateLimit { get; set; }

    /// <summary>When the call, and the previous attempt, started and ended (timestamps of the client's clock).</summary>
    public long StartedAt { get; set; }

    public long LastAttemptEndedAt { get; set; }

    /// <summary>An earlier attempt may have been processed (no answer, a timeout or a 5xx), so a retry may meet its effect.</summary>
    public bool EarlierAttemptMayHaveLanded { get; set; }

    /// <summary>What the previous attempt ended with (a status code or an exception type), for the retry log line.</summary>
    public string? LastOutcome { get; set; }

    /// <summary>The body of the last response read, already bounded and redacted; valid until <see cref="ReleaseBody"/>.</summary>
    public ReadOnlyMemory<byte> LastBody { get; private set; }

    // The pooled array behind LastBody (null when it is not pooled), returned when the next attempt's body replaces it
    // or when the call is over: by then the model has been read from it and every exception text copied out of it.
    private byte[]? _pooledBody;

    /// <summary>Makes <paramref name="body"/> the last body; <paramref name="pooled"/> is the pool's array behind it, if any.</summary>
    public void HoldBody(ReadOnlyMemory<byte> body, byte[]? pooled)
    {
        ReleaseBody();
        LastBody = body;
        _pooledBody = pooled;
    }

    /// <summary>Forgets the last body and gives its array back to the pool (the call's result and errors are built).</summary>
    public void ReleaseBody()
    {
        LastBody = default;
        if (_pooledBody is { } pooled)
        {
            _pooledBody = null;
            System.Buffers.ArrayPool<byte>.Shared.Return(pooled);
        }
    }

    /// <summary>Attaches <paramref name="call"/>, when there is one, to <paramref name="request"/> (called by every generated API).</summary>
    public static void Attach(HttpRequestMessage request, CallContext? call)
    {
        if (call is not null)
        {
            request.Options.Set(OptionsKey, call);
        }
    }

    /// <summary>The context attached to <paramref name="request"/>, or a new one for a request sent by other code.</summary>
    public static CallContext For(HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(OptionsKey, out var call))
        {
            return call;
        }

        call = new CallContext(request.Headers.TryGetValues(UGiftMeHandler.IdempotencyKeyHeader, out var keys) ? keys.FirstOrDefault() : null);
        request.Options.Set(OptionsKey, call);
        return call;
    }
}
