using System.Net;
using System.Net.Http.Headers;

namespace UGiftMe.Benchmarks;

/// <summary>
/// An in-memory transport: answers every request at once with the same status, headers and JSON body, as a new
/// response each time (the caller disposes it). No socket, no server work, so what is measured is the client.
/// </summary>
internal sealed class CannedResponseHandler(HttpStatusCode status, string json, params (string Name, string Value)[] headers) : HttpMessageHandler
{
    /// <summary>
    /// The headers the spec documents on every response (the rate-limit triple) plus a Date, as a real server sends:
    /// the SDK reads and copies response headers, so a response without any would flatter it.
    /// </summary>
    public static readonly (string Name, string Value)[] DocumentedHeaders =
    [
        ("Date", "Thu, 01 Jan 2026 00:00:00 GMT"),
        ("RateLimit-Limit", "100"),
        ("RateLimit-Remaining", "99"),
        ("RateLimit-Reset", "60"),
    ];

    private readonly byte[] _body = System.Text.Encoding.UTF8.GetBytes(json);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(_body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
        var response = new HttpResponseMessage(status) { Content = content, RequestMessage = request };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return Task.FromResult(response);
    }
}
