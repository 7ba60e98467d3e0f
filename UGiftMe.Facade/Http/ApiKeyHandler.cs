using System.Runtime.InteropServices;

namespace UGiftMe;

/// <summary>Adds <c>X-API-Key</c> and a <c>User-Agent</c> naming the SDK and its version.</summary>
internal sealed class ApiKeyHandler(ClientState state) : DelegatingHandler
{
    public const string HeaderName = "X-API-Key";

    internal static readonly string UserAgent =
        $"UGiftMe.NET/{UGiftMeTelemetry.Version} ({RuntimeInformation.FrameworkDescription}; {RuntimeInformation.OSDescription.Trim()})";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(HeaderName);
        request.Headers.TryAddWithoutValidation(HeaderName, state.Options.ApiKey);
        if (request.Headers.UserAgent.Count == 0)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
