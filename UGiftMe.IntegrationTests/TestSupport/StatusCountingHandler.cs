using System.Collections.Concurrent;

namespace UGiftMe.IntegrationTests.TestSupport;

/// <summary>Counts the responses that pass through it by status code, so fault tests can prove they met the faults.</summary>
internal sealed class StatusCountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentDictionary<int, int> _counts = new();

    public int Count(int statusCode) => _counts.TryGetValue(statusCode, out var count) ? count : 0;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        _counts.AddOrUpdate((int)response.StatusCode, 1, (_, count) => count + 1);
        return response;
    }
}
