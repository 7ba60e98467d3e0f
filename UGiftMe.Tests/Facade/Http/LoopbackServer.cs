using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UGiftMe.Tests.Facade.Http;

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 that writes raw, hand-made responses (any reason phrase, any bytes, any
/// encoding header), so tests reach the SDK through SocketsHttpHandler exactly as a live server would. One response
/// per connection (Connection: close); a client that stops reading or resets ends only its own connection; it stops when
/// disposed.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Func<string, byte[]> _respond;

    public LoopbackServer(Func<string, byte[]> respond)
    {
        _respond = respond;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/api/v1/business/");

    /// <summary>The request heads received (request line and headers), in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static byte[] Raw(string statusLine, string headers, byte[] body) =>
        [.. Encoding.ASCII.GetBytes($"HTTP/1.1 {statusLine}\r\n{headers}Content-Length: {body.Length}\r\nConnection: close\r\n\r\n"), .. body];

    public static byte[] Raw(string statusLine, string headers, string body) => Raw(statusLine, headers, Encoding.UTF8.GetBytes(body));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            await ServeAsync(client);
        }
    }

    // A client may stop reading or reset mid-answer (a body past MaxResponseSize is exactly that): the connection's
    // failure is the client's choice, never the server's, so it ends this connection and the server keeps accepting.
    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                Requests.Enqueue(head);
                await stream.WriteAsync(_respond(head), _stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
            }
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var buffer = new byte[1];
        while (bytes.Count < 64 * 1024 && await stream.ReadAsync(buffer, _stop.Token) == 1)
        {
            bytes.Add(buffer[0]);
            if (bytes.Count >= 4 && bytes[^1] == '\n' && bytes[^2] == '\r' && bytes[^3] == '\n' && bytes[^4] == '\r')
            {
                break;
            }
        }

        var head = Encoding.ASCII.GetString(bytes.ToArray());
        // Drain a request body so the client is not reset mid-send.
        var length = head.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        var read = 0;
        while (read < length && await stream.ReadAsync(body.AsMemory(read), _stop.Token) is var n and > 0)
        {
            read += n;
        }

        return head;
    }
}
