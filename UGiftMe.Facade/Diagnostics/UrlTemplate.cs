namespace UGiftMe;

/// <summary>
/// The path template of the operation a request was built for (<c>/orders/{orderId}</c>), set by the generated request
/// factories: it names the request's span and tags its measurements, so ids never make new span names.
/// </summary>
internal static class UrlTemplate
{
    public static string? Of(HttpRequestMessage request) => (request as Request)?.Template;

    /// <summary>A request that carries its template itself: <see cref="HttpRequestMessage.Options"/> would cost a dictionary per call.</summary>
    public sealed class Request(HttpMethod method, Uri requestUri, string template) : HttpRequestMessage(method, requestUri)
    {
        public string Template { get; } = template;
    }
}
