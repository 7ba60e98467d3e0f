using System.Net;
using System.Net.Sockets;

namespace UGiftMe.ContractTesting.Hosting;

/// <summary>
/// Ports on 127.0.0.1 for a server process that must be told its port before it binds it (redis-server, Prism). A free
/// port is found by binding port 0 and releasing it, so another process may bind it first: the server then exits saying
/// so, its starter throws <see cref="LoopbackPortTakenException"/>, and <see cref="StartAsync{T}"/> starts it again on
/// another port.
/// </summary>
public static class LoopbackPort
{
    private const int Attempts = 5;

    /// <summary>A port on 127.0.0.1 that was free a moment ago.</summary>
    /// <returns>The port number.</returns>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs <paramref name="start"/> on a port from <paramref name="choosePort"/> (default <see cref="Free"/>), and again on another while it throws <see cref="LoopbackPortTakenException"/>, up to five times.</summary>
    /// <typeparam name="T">The started server.</typeparam>
    /// <param name="start">Starts the server on the given port; throws <see cref="LoopbackPortTakenException"/> when the port was taken.</param>
    /// <param name="choosePort">Where each attempt's port comes from.</param>
    /// <returns>The server <paramref name="start"/> returned.</returns>
    public static async Task<T> StartAsync<T>(Func<int, Task<T>> start, Func<int>? choosePort = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start((choosePort ?? Free)()).ConfigureAwait(false);
            }
            catch (LoopbackPortTakenException) when (attempt < Attempts)
            {
            }
        }
    }
}
