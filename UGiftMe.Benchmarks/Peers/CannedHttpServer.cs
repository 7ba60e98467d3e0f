using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UGiftMe.Benchmarks.Peers;

/// <summary>
/// The loopback server of the peer comparison, run in its own process (<c>serve</c> mode) so that its work is not
/// counted in the client's process: HTTP/1.1 keep-alive on 127.0.0.1, a GET answered with the documented order and a
/// POST with the documented 201, both with the documented headers. It reads each request head (and a body by its
/// Content-Length) and writes prepared bytes; nothing else.
/// </summary>
internal static class CannedHttpServer
{
    public static async Task RunAsync(TextWriter announce, CancellationToken stop)
    {
        var get = Response("200 OK", DocumentedBodies.OrderDetails, "");
        var created = Response("201 Created", DocumentedBodies.CreatedOrder, "X-Business-Orders-Async: false\r\n");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(512);
        await announce.WriteLineAsync($"listening {((IPEndPoint)listener.LocalEndpoint).Port}");
        await announce.FlushAsync(stop);
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop);
            client.NoDelay = true;
            _ = Task.Run(() => ServeAsync(client, get, created, stop), stop);
        }
    }

    private static byte[] Response(string status, string json, string extraHeaders)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var head = $"HTTP/1.1 {status}\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\nRateLimit-Limit: 100\r\nRateLimit-Remaining: 99\r\nRateLimit-Reset: 60\r\n" +
            $"{extraHeaders}Content-Type: application/json; charset=utf-8\r\nContent-Length: {body.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    private static async Task ServeAsync(TcpClient client, byte[] get, byte[] created, CancellationToken stop)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[64 * 1024];
            var filled = 0;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    int headEnd;
                    while ((headEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                    {
                        var read = await stream.ReadAsync(buffer.AsMemory(filled), stop);
                        if (read == 0)
                        {
                            return;
                        }

                        filled += read;
                    }

                    var head = Encoding.ASCII.GetString(buffer, 0, headEnd);
                    var length = ContentLength(head);
                    var consumed = headEnd + 4 + length;
                    while (filled < consumed)
                    {
                        var read = await stream.ReadAsync(buffer.AsMemory(filled), stop);
                        if (read == 0)
                        {
                            return;
                        }

                        filled += read;
                    }

                    await stream.WriteAsync(head.StartsWith("POST", StringComparison.Ordinal) ? created : get, stop);
                    buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                    filled -= consumed;
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }

    private static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line.AsSpan(15).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
