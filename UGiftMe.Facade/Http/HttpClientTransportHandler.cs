namespace UGiftMe;

/// <summary>
/// Lets a caller's <see cref="HttpClient"/> be the transport under the SDK's pipeline. Each attempt is sent as a fresh
/// copy of the request, because an <see cref="HttpClient"/> refuses to send one request message twice; the body is
/// left to the pipeline to read, within <see cref="UGiftMeClientOptions.MaxResponseSize"/>.
/// </summary>
internal sealed class HttpClientTransportHandler(HttpClient transport) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content, Version = request.Version };
        foreach (var (name, values) in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        return transport.SendAsync(copy, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }
}
