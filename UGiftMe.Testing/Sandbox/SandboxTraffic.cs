using System.Globalization;
using UGiftMe.Sandbox;

namespace UGiftMe.Testing;

/// <summary>
/// Scenarios for any Business API request — the next ones, in order, whatever their path (polls included) — and the
/// requests the sandbox saw, for assertions on what your code sent.
/// </summary>
public sealed class SandboxTraffic
{
    private readonly SandboxServer _server;

    internal SandboxTraffic(SandboxServer server) => _server = server;

    /// <summary>
    /// Delay added to every request before it is served, on the sandbox clock (with a <c>FakeTimeProvider</c>, wait for
    /// <see cref="WaitForDelayedRequestAsync"/> and advance <see cref="UGiftMeSandbox.Clock"/>). Zero ends it.
    /// </summary>
    public TimeSpan Latency
    {
        get => _server.Faults.Options.Latency;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _server.Faults.Options.Latency = value;
        }
    }

    /// <summary>Every request so far, oldest first.</summary>
    public IReadOnlyList<SandboxRequest> Requests => _server.State.Requests;

    /// <summary>
    /// The next <paramref name="count"/> requests get 429 <c>Too many requests</c> before any work, with
    /// <c>Retry-After</c> and <c>RateLimit-Limit</c>/<c>-Remaining: 0</c>/<c>-Reset</c> headers. The SDK honours
    /// <c>Retry-After</c> (up to <c>Retry.MaxRetryAfter</c>) and retries; after its last retry it throws
    /// <see cref="RateLimitedException"/>.
    /// </summary>
    /// <param name="count">How many requests, 1 or more.</param>
    /// <param name="retryAfter">The wait announced, in whole seconds. Default 1 s.</param>
    public void RateLimitNext(int count = 1, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (retryAfter is { } wait)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero, nameof(retryAfter));
            _server.Faults.Options.RetryAfterSeconds = (int)Math.Ceiling(wait.TotalSeconds);
        }

        _server.Faults.Enqueue(Enumerable.Repeat(SandboxFault.TooManyRequests, count));
    }

    /// <summary>
    /// The next <paramref name="count"/> requests get 503 <c>Service temporarily unavailable</c> (with <c>Retry-After</c>)
    /// before any work, so a retry is always safe. The SDK retries them (POST only with an <c>Idempotency-Key</c>);
    /// after its last retry it throws <see cref="ServerErrorException"/>.
    /// </summary>
    /// <param name="count">How many requests, 1 or more.</param>
    public void FailNext(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _server.Faults.Enqueue(Enumerable.Repeat(SandboxFault.ServerError, count));
    }

    /// <summary>
    /// The next <paramref name="count"/> requests are served (an order create makes its order), then their answer is
    /// replaced by 503: only an <c>Idempotency-Key</c> makes the resend safe, and the sandbox replays the original answer
    /// for it. To lose the answer of one particular order, see <see cref="SandboxOrderScenario.LosesItsAnswer"/>.
    /// </summary>
    /// <param name="count">How many requests, 1 or more.</param>
    public void FailNextAfterWork(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _server.Faults.Enqueue(Enumerable.Repeat(SandboxFault.ServerErrorAfterWork, count));
    }

    /// <summary>The requests to one path (below <c>/api/v1/business</c>, e.g. <c>/orders</c>), with one method.</summary>
    /// <param name="method">The HTTP method, e.g. <c>POST</c>.</param>
    /// <param name="path">The path, e.g. <c>/orders</c>.</param>
    /// <returns>The requests, oldest first.</returns>
    public IReadOnlyList<SandboxRequest> To(string method, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return [.. Requests.Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && string.Equals(r.Path, path, StringComparison.Ordinal))];
    }

    /// <summary>
    /// Completes once <paramref name="count"/> requests are being held by <see cref="Latency"/> (counting those already
    /// served): the moment to advance a <c>FakeTimeProvider</c> past it.
    /// </summary>
    /// <param name="count">How many delayed requests to wait for. Default 1.</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    /// <returns>A task that completes when they are delayed.</returns>
    public Task WaitForDelayedRequestAsync(int count = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return _server.State.WaitUntilAsync(state => state.Requests.Count(r => r.Delayed) >= count, cancellationToken);
    }

    /// <summary>Completes once a request matching <paramref name="match"/> has been answered (or had its answer dropped).</summary>
    /// <param name="match">Tested against each completed request.</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    /// <returns>The first completed request that matches.</returns>
    public async Task<SandboxRequest> WaitForRequestAsync(Func<SandboxRequest, bool> match, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        SandboxRequest? found = null;
        await _server.State.WaitUntilAsync(state => (found = state.Requests.FirstOrDefault(r => r.Completed && match(r))) is not null, cancellationToken)
            .ConfigureAwait(false);
        return found!;
    }

    /// <summary>Describes the traffic scenario in force.</summary>
    /// <returns>For example "latency 0 ms, 2 scripted faults pending".</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"latency {Latency.TotalMilliseconds} ms, {_server.Faults.PendingCount} scripted faults pending");
}
