namespace UGiftMe;

/// <summary>
/// The SDK's own transport, used when the application brings none. It never follows redirects (the API key must not go
/// to another address) and accepts compressed answers. On .NET it pools connections and recycles them every few
/// minutes to follow DNS changes; on netstandard2.0 (.NET Framework, Mono) it is the platform's HttpClientHandler.
/// </summary>
internal static class DefaultTransport
{
    /// <summary>Turns off redirects on the primary handler a named client ends up with, the application's own included.</summary>
    public static void RefuseRedirects(Microsoft.Extensions.Http.HttpMessageHandlerBuilder builder)
    {
        switch (builder.PrimaryHandler)
        {
#if NET
            case SocketsHttpHandler sockets:
                sockets.AllowAutoRedirect = false;
                break;
#endif
            case HttpClientHandler handler:
                handler.AllowAutoRedirect = false;
                break;
#if !NET
            // This build cannot name SocketsHttpHandler, which an application on .NET Core or later may set.
            case { } other when other.GetType().GetProperty("AllowAutoRedirect") is { CanWrite: true, PropertyType: var type } property && type == typeof(bool):
                property.SetValue(other, false);
                break;
#endif
        }
    }

    public static HttpMessageHandler Create() =>
#if NET
        new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            AllowAutoRedirect = false,
        };
#else
        new HttpClientHandler
        {
            AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate | Brotli,
            AllowAutoRedirect = false,
        };

    // Brotli where the runtime decodes it (this build on .NET Core 3.0 and later); not on .NET Framework or Mono.
    private static readonly System.Net.DecompressionMethods Brotli =
        Enum.IsDefined(typeof(System.Net.DecompressionMethods), 4) ? (System.Net.DecompressionMethods)4 : System.Net.DecompressionMethods.None;
#endif
}
