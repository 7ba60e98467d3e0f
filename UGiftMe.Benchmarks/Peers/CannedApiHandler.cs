using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace UGiftMe.Benchmarks.Peers;

/// <summary>The in-memory transport of the peer comparison: a GET gets the documented order, a POST the documented 201.</summary>
internal sealed class CannedApiHandler : HttpMessageHandler
{
    private static readonly byte[] Order = Encoding.UTF8.GetBytes(DocumentedBodies.OrderDetails);
    private static readonly byte[] Created = Encoding.UTF8.GetBytes(DocumentedBodies.CreatedOrder);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var post = request.Method == HttpMethod.Post;
        var content = new ByteArrayContent(post ? Created : Order);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
        var response = new HttpResponseMessage(post ? HttpStatusCode.Created : HttpStatusCode.OK) { Content = content, RequestMessage = request };
        foreach (var (name, value) in CannedResponseHandler.DocumentedHeaders)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        if (post)
        {
            response.Headers.TryAddWithoutValidation("X-Business-Orders-Async", "false");
        }

        return Task.FromResult(response);
    }
}
