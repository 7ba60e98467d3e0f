namespace UGiftMe.Benchmarks.Peers;

/// <summary>The transport every variant uses over loopback: one SocketsHttpHandler each, the same settings.</summary>
internal static class Loopback
{
    public static HttpMessageHandler Transport() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        MaxConnectionsPerServer = int.MaxValue,
    };
}
