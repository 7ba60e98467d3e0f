namespace UGiftMe;

/// <summary>
/// One call: the request the generated codec built, the idempotency key the facade resolved, and what the pipeline
/// found while sending it (attempts, rate limit, the final response and its body, read once). Disposing it gives the
/// body's pooled array back and releases the request and response. Its state is fields, not properties: a property
/// is one more method for the JIT to compile on a process's first call.
/// </summary>
internal sealed class HttpMessage(HttpRequestMessage request, string? idempotencyKey) : IDisposable
{
    private byte[]? _pooledBody;

    public readonly HttpRequestMessage Request = request;

    public readonly string? IdempotencyKey = idempotencyKey;

    public int Attempts;

    public int RetryCount => Math.Max(0, Attempts - 1);

    public RateLimitInfo? RateLimit;

    /// <summary>What the last response asked to wait before a retry (<c>Retry-After</c>, or a 429's reset time).</summary>
    public TimeSpan? RequestedWait;

    /// <summary>The pacer granted this call's current attempt a slot that no answer has given back yet (see <see cref="RequestPacer.Release"/>).</summary>
    public bool HoldsPacerSlot;

    /// <summary>When the call, and the previous attempt, started and ended (timestamps of the client's clock).</summary>
    public long StartedAt;

    public long LastAttemptEndedAt;

    /// <summary>An earlier attempt may have been processed (no answer, a timeout or a 5xx), so a retry may meet its effect.</summary>
    public bool EarlierAttemptMayHaveLanded;

    /// <summary>What the previous attempt ended with (a status code or an exception type), for the retry log line.</summary>
    public string? LastOutcome;

    /// <summary>The status of the last attempt's response when its body broke off before its end (the status line arrived); else null.</summary>
    public int? CutShortStatus;

    /// <summary>The last response received; its body is <see cref="Body"/> (its content already read).</summary>
    public HttpResponseMessage? Response { get; private set; }

    /// <summary>The body of <see cref="Response"/>, bounded and with the API key masked; valid until disposed.</summary>
    public ReadOnlyMemory<byte> Body { get; private set; }

    public string Method => Request.Method.Method;

    public string Path => Request.RequestUri?.AbsolutePath ?? "";

    /// <summary>Makes <paramref name="response"/> and its <paramref name="body"/> (backed by <paramref name="pooled"/>, if from the pool) the last ones.</summary>
    public void Hold(HttpResponseMessage response, ReadOnlyMemory<byte> body, byte[]? pooled)
    {
        if (!ReferenceEquals(response, Response))
        {
            Response?.Dispose();
        }

        ReturnBody();
        Response = response;
        Body = body;
        _pooledBody = pooled;
    }

    /// <summary>Forgets the last response (a retry follows, or it was replaced) and gives its array back.</summary>
    public void Release()
    {
        Response?.Dispose();
        Response = null;
        ReturnBody();
    }

    public void Dispose()
    {
        Release();
        Request.Dispose();
    }

    private void ReturnBody()
    {
        Body = default;
        if (_pooledBody is { } pooled)
        {
            _pooledBody = null;
            System.Buffers.ArrayPool<byte>.Shared.Return(pooled);
        }
    }
}
