using System.Net;
using System.Threading.Channels;

namespace UGiftMe.Sandbox.Tests.TestSupport;

/// <summary>
/// Stands in for a customer's webhook endpoint: records every delivery (exact body bytes and headers) and answers
/// with the scripted statuses, 200 once the script is used up. <see cref="HangNext"/> makes the next delivery wait
/// until the sender gives up, to test timeouts.
/// </summary>
public sealed class CapturingWebhookHandler : HttpMessageHandler
{
    private readonly Channel<CapturedDelivery> _received = Channel.CreateUnbounded<CapturedDelivery>();
    private readonly Queue<HttpStatusCode> _script = new();
    private int _hang;

    public void Respond(params HttpStatusCode[] statuses)
    {
        lock (_script)
        {
            foreach (var status in statuses)
            {
                _script.Enqueue(status);
            }
        }
    }

    public void HangNext() => Interlocked.Exchange(ref _hang, 1);

    public async Task<CapturedDelivery> NextAsync(CancellationToken cancellationToken) =>
        await _received.Reader.ReadAsync(cancellationToken);

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        await _received.Writer.WriteAsync(new CapturedDelivery(request.RequestUri!, headers, body), cancellationToken);
        if (Interlocked.Exchange(ref _hang, 0) == 1)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        HttpStatusCode status;
        lock (_script)
        {
            status = _script.TryDequeue(out var scripted) ? scripted : HttpStatusCode.OK;
        }

        return new HttpResponseMessage(status);
    }
}

public sealed record CapturedDelivery(Uri Url, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Event => Headers["X-Webhook-Event"];

    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}
