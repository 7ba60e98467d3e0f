using System.Net;
using System.Text;

namespace UGiftMe.Tests.TestSupport;

/// <summary>Builds canned HTTP responses for MockHttp handlers.</summary>
public static class Responses
{
    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers) =>
        With(new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") }, headers);

    public static HttpResponseMessage Json(int status, string json, params (string Name, string Value)[] headers) =>
        Json((HttpStatusCode)status, json, headers);

    public static HttpResponseMessage Fixture(int status, string fixture, params (string Name, string Value)[] headers) =>
        Json(status, DocumentedFixture.Load(fixture).BodyText, headers);

    public static HttpResponseMessage Text(int status, string text, string mediaType, params (string Name, string Value)[] headers) =>
        With(new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(text, Encoding.UTF8, mediaType) }, headers);

    public static HttpResponseMessage Empty(int status, params (string Name, string Value)[] headers) =>
        With(new HttpResponseMessage((HttpStatusCode)status) { Content = new ByteArrayContent([]) }, headers);

    private static HttpResponseMessage With(HttpResponseMessage response, (string Name, string Value)[] headers)
    {
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}

/// <summary>A transport that never answers: it completes only when the attempt is cancelled (a timeout or the caller).</summary>
public sealed class HangingHandler : HttpMessageHandler
{
    public int Calls { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Calls++;
        var never = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = cancellationToken.Register(() => never.TrySetCanceled(cancellationToken));
        return await never.Task.ConfigureAwait(false);
    }
}
