using System.Collections.Concurrent;

namespace UGiftMe.ContractTesting;

/// <summary>
/// A <see cref="DelegatingHandler"/> that checks every request and response it passes against an
/// <see cref="OpenApiContract"/> and records what does not fit, without changing the traffic. Put it in any
/// <see cref="HttpClient"/> pipeline (the SDK's, a plain one) and assert <see cref="Violations"/> is empty, or call
/// <see cref="EnsureNoViolations"/>. Bodies are buffered, so callers can still read them.
/// </summary>
public sealed class ContractValidatingHandler : DelegatingHandler
{
    private readonly OpenApiContract _contract;
    private readonly ConcurrentQueue<ContractViolation> _violations = new();
    private int _checkedCount;

    /// <summary>Creates a handler to be given an inner handler (e.g. by <c>IHttpClientFactory</c>).</summary>
    /// <param name="contract">The contract to check against.</param>
    public ContractValidatingHandler(OpenApiContract contract) => _contract = contract;

    /// <summary>Creates a handler that sends through <paramref name="innerHandler"/>.</summary>
    /// <param name="contract">The contract to check against.</param>
    /// <param name="innerHandler">The handler that does the sending.</param>
    public ContractValidatingHandler(OpenApiContract contract, HttpMessageHandler innerHandler)
        : base(innerHandler) => _contract = contract;

    /// <summary>Everything found so far, in order.</summary>
    public IReadOnlyList<ContractViolation> Violations => [.. _violations];

    /// <summary>How many exchanges were checked.</summary>
    public int CheckedCount => Volatile.Read(ref _checkedCount);

    /// <summary>Throws <see cref="ContractViolationException"/> listing every violation, if there is any.</summary>
    public void EnsureNoViolations()
    {
        var violations = Violations;
        if (violations.Count > 0)
        {
            throw new ContractViolationException(violations);
        }
    }

    /// <summary>Forgets the violations recorded so far.</summary>
    public void Clear() => _violations.Clear();

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? requestBody = null;
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            requestBody = await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }

        var uri = request.RequestUri!;
        Record(_contract.CheckRequest(
            request.Method, uri, requestBody, request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())));

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var responseBody = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        Record(_contract.CheckResponse(
            request.Method, uri, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            responseBody));
        Interlocked.Increment(ref _checkedCount);
        return response;
    }

    private void Record(IReadOnlyList<ContractViolation> violations)
    {
        foreach (var violation in violations)
        {
            _violations.Enqueue(violation);
        }
    }
}
