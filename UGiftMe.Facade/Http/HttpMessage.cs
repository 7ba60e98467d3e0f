namespace UGiftMe;

/// <summary>
/// One call: the request the generated codec built, the idempotency key the facade resolved, and what the pipeline
/// found while sending it (attempts, rate limit, the final response and its body, read once). Disposing it gives the
/// body's pooled array back and releases the request and response.
/// </summary>
internal sealed class HttpMessage(HttpRequestMessage request, string? idempotencyKey) : IDisposable
{
    private byte[]? _pooledBody;

    public HttpRequestMessage Request { get; } = request;

    public string? IdempotencyKey { get; } = idempotencyKey;

    public int Attempts { get; set; }

    public int RetryCount => Math.Max(0, Attempts - 1);

    public RateLimitInfo? RateLimit { get; set; }

    /// <summary>What the last response asked to wait before a retry (<c>Retry-After</c>, or a 429's reset time).</summary>
    public TimeSpan? RequestedWait { get; set; }

    /// <summary>The pacer granted this call a slot that no answer has given back yet (see <see cref="RequestPacer.Release"/>).</summary>
    public bool HoldsPacerSlot { get; set; }

    /// <summary>When the call, and the previous attempt, started and ended (timestamps of the client's clock).</summary>
    public long StartedAt { get; set; }

    public long LastAttemptEndedAt { get; set; }

    /// <summary>An earlier attempt may have been processed (no answer, a timeout or a 5xx), so a retry may meet its effect.</summary>
    public bool EarlierAttemptMayHaveLanded { get; set; }

    /// <summary>What the previous attempt ended with (a status code or an exception type), for the retry log line.</summary>
    public string? LastOutcome { get; set; }

    /// <summary>The status of the last attempt's response when its body broke off before its end (the status line arrived); else null.</summary>
    public int? CutShortStatus { get; set; }

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
