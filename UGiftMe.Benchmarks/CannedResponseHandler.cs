using System.Net;
using System.Net.Http.Headers;

namespace UGiftMe.Benchmarks;

/// <summary>
/// An in-memory transport: answers every request at once with the same status and JSON body, as a new response each
/// time (the caller disposes it). No socket, no serialization on the server side, so what is measured is the client.
/// </summary>
internal sealed class CannedResponseHandler(HttpStatusCode status, string json) : HttpMessageHandler
{
    private readonly byte[] _body = System.Text.Encoding.UTF8.GetBytes(json);

    public int Requests { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests++;
        var content = new ByteArrayContent(_body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
        return Task.FromResult(new HttpResponseMessage(status) { Content = content, RequestMessage = request });
    }
}
