using System.Collections.Concurrent;

namespace UGiftMe.IntegrationTests.TestSupport;

/// <summary>
/// Counts the responses that pass through it by method and status code, so fault tests can prove they met the faults
/// and load tests can bound the work done (requests), not the time it took.
/// </summary>
internal sealed class StatusCountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentDictionary<(string Method, int Status), int> _counts = new();

    public int Count(int statusCode) => _counts.Where(c => c.Key.Status == statusCode).Sum(c => c.Value);

    public int Count(HttpMethod method, Func<int, bool>? status = null) =>
        _counts.Where(c => c.Key.Method == method.Method && (status is null || status(c.Key.Status))).Sum(c => c.Value);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        _counts.AddOrUpdate((request.Method.Method, (int)response.StatusCode), 1, (_, count) => count + 1);
        return response;
    }
}
