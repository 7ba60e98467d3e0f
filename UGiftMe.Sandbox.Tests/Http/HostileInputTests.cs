using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using UGiftMe.Sandbox.Hosting;
using UGiftMe.Sandbox.Http;
using UGiftMe.Sandbox.Tests.TestSupport;

namespace UGiftMe.Sandbox.Tests.Http;

/// <summary>Inputs that used to crash the local sandbox or answer 500 or empty 400s, over real HTTP.</summary>
public sealed class HostileInputTests
{
    private const string HugeNumberOrder =
        """{"productCode":"AMAZON_UK_STD","merchant":"Amazon UK","currency":"GBP","valuePurchased":1e400}""";

    [Test]
    public async Task CreateOrder_ValueBeyondDecimalRange_Is400NamingTheField()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        using var response = await Api.PostRawAsync(client, "orders", HugeNumberOrder);
        var body = await Api.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["error"], Is.EqualTo("Validation failed"));
        Assert.That((string?)body["message"], Does.Contain("valuePurchased is out of range"));
        Assert.That(sandbox.State.Orders, Is.Empty);
    }

    [Test]
    public async Task AsyncBulk_ItemBeyondDecimalRangeOrNotAnObject_WorkerRejectsItAndTheSandboxLives()
    {
        var time = new FakeTimeProvider();
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { OrdersAsync = true, TimeProvider = time });
        using var client = sandbox.CreateClient();

        using var accepted = await Api.PostRawAsync(client, "orders/bulk",
            $$"""{"orders":[{{HugeNumberOrder}},7,{"productCode":"AMAZON_UK_STD","merchant":"Amazon UK","currency":"GBP","valuePurchased":5}]}""");
        var id = (string)(await Api.JsonAsync(accepted))["orderRequestId"]!;
        time.Advance(TimeSpan.FromMinutes(1));
        var done = await Api.JsonAsync(await Api.GetAsync(client, "orders/order-requests/" + id));
        using var alive = await Api.GetAsync(client, "auth");

        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((string?)done["status"], Is.EqualTo("succeeded"));
        Assert.That(done["result"]!["rejectedOrders"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(sandbox.State.Orders, Has.Count.EqualTo(1));
        Assert.That(alive.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Schedule_CallbackThrows_IsContainedAndLaterWorkStillRuns()
    {
        var time = new FakeTimeProvider();
        await using var context = new SandboxContext(new SandboxOptions { TimeProvider = time });
        var ran = false;

        context.Schedule(TimeSpan.FromSeconds(1), () => throw new InvalidOperationException("worker bug"));
        context.Schedule(TimeSpan.FromSeconds(2), () => ran = true);

        Assert.DoesNotThrow(() => time.Advance(TimeSpan.FromSeconds(3)));
        Assert.That(ran, Is.True);
    }

    [Test]
    public async Task CreateOrder_IdempotencyKeyNotUtf8_Is400Json()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var transport = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1 };
        using var client = sandbox.CreateClient(handler: transport);

        using var response = await Api.PostAsync(client, "orders", Api.Order(), "caf\u00e9");
        var body = await Api.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["message"], Does.Contain("printable ASCII"));
        Assert.That(sandbox.State.Orders, Is.Empty);
    }

    [TestCase("orders", TestName = "CreateOrder_IdempotencyKeyWithInnerSpace_Is400JsonLikeABadRequest(single)")]
    [TestCase("orders/bulk", TestName = "CreateOrder_IdempotencyKeyWithInnerSpace_Is400JsonLikeABadRequest(bulk)")]
    public async Task CreateOrder_IdempotencyKeyWithInnerSpace_Is400JsonLikeABadRequest(string path)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();
        object body = path == "orders" ? Api.Order() : new { orders = new[] { Api.Order() } };

        using var spaced = await Api.PostAsync(client, path, body, "order 42");
        var refusal = await Api.JsonAsync(spaced);
        var createdBefore = sandbox.State.Orders.Count;
        using var unspaced = await Api.PostAsync(client, path, body, "order-42");

        // The spec's pattern ^[!-~]+$ has no space; the API answers a bad request with 400 {error, message}.
        Assert.That(spaced.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)refusal["error"], Is.EqualTo("Validation failed"));
        Assert.That((string?)refusal["message"], Does.Contain("Idempotency-Key").And.Contain("without spaces"));
        Assert.That(createdBefore, Is.Zero, "nothing was ordered under the refused key");
        Assert.That(unspaced.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the same key without the space is taken");
        Assert.That(sandbox.State.IdempotencyRecords.Select(r => r.Key), Is.EqualTo(new[] { "order-42" }));
    }

    [Test]
    public async Task CreateOrder_ChunkedBodyOverOneMebibyte_StopsReadingNearTheLimitWith400Json()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();
        var body = new EndlessJsonStream(maxBytes: 1024L * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, Api.Prefix + "orders") { Content = new StreamContent(body) };
        request.Headers.TransferEncodingChunked = true;
        request.Content.Headers.ContentType = new("application/json");

        try
        {
            using var response = await client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((string?)(await Api.JsonAsync(response))["message"], Does.Contain("larger than 1 MiB"));
        }
        catch (HttpRequestException)
        {
            // The sandbox answered and closed while the client was still sending: that is the limit at work.
        }

        // What the client wrote is what the sandbox read plus what the kernel buffers on the loopback connection, which
        // Linux sizes up to tcp_wmem's and tcp_rmem's maximum (36 MiB on this kernel: 8.3 MiB written was seen in a loaded run).
        Assert.That(body.Position, Is.LessThan(RequestBody.MaxBytes + LoopbackBufferingAtMost()),
            "the sandbox stopped reading soon after 1 MiB, not at the end of the body");
    }

    private static long LoopbackBufferingAtMost()
    {
        static long Max(string file) => long.Parse(File.ReadAllText(file).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
        return OperatingSystem.IsLinux()
            ? Max("/proc/sys/net/ipv4/tcp_wmem") + Max("/proc/sys/net/ipv4/tcp_rmem")
            : 64L * 1024 * 1024;
    }

    [TestCase(new byte[] { 0xFF, 0xFE }, TestName = "CreateOrder_IdempotencyKeyRawBytes_Is400Json(not UTF-8)")]
    [TestCase(new byte[] { 0x6B, 0xC3, 0xA9 }, TestName = "CreateOrder_IdempotencyKeyRawBytes_Is400Json(UTF-8 but not ASCII)")]
    [TestCase(new byte[] { 0x6B, 0x80 }, TestName = "CreateOrder_IdempotencyKeyRawBytes_Is400Json(C1 control)")]
    [TestCase(new byte[] { 0x6B, 0x01, 0x6B }, TestName = "CreateOrder_IdempotencyKeyRawBytes_Is400Json(C0 control)")]
    [TestCase(new byte[] { 0x6B, 0x7F }, TestName = "CreateOrder_IdempotencyKeyRawBytes_Is400Json(DEL)")]
    public async Task CreateOrder_IdempotencyKeyRawBytes_Is400Json(byte[] key)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var order = """{"productCode":"AMAZON_UK_STD","merchant":"Amazon UK","currency":"GBP","valuePurchased":50}""";

        var (status, body) = await RawAsync(sandbox, "POST", "orders", [("Idempotency-Key", key)], order);

        Assert.That(status, Is.EqualTo(400), body);
        Assert.That((string?)JsonNode.Parse(body)?["message"], Does.Contain("printable ASCII"));
        Assert.That(sandbox.State.Orders, Is.Empty);
    }

    [TestCase("orders/%00")]
    [TestCase("orders/65e4f5b6%00c7d8e90123456789")]
    [TestCase("orders/order-requests/%00")]
    [TestCase("webhooks/%00")]
    public async Task IdWithEncodedNul_IsRefusedByKestrelWithAnEmpty400BeforeTheSandboxRuns(string path)
    {
        // Documented in docs/sandbox.md ("Requests the sandbox never sees"): Kestrel decodes the path before any
        // application code and refuses a NUL in it; no server option hands such a request to the application.
        await using var sandbox = await SandboxServer.StartAsync();

        var (status, body) = await RawAsync(sandbox, "GET", path, [], null);
        var (escaped, escapedBody) = await RawAsync(sandbox, "GET", path.Replace("%00", "%2500", StringComparison.Ordinal), [], null);

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.Empty, "Kestrel's own answer: no JSON, because the sandbox never saw the request");
        Assert.That(escaped, Is.EqualTo(404), "the same id with its percent sign escaped reaches the sandbox");
        Assert.That(JsonNode.Parse(escapedBody)?["error"]?.GetValue<string>(), Is.Not.Empty);
    }

    [TestCase("orders?status=%00")]
    [TestCase("orders/search?merchant=%00")]
    [TestCase("wallet/transactions?page=%00")]
    public async Task EncodedNulInTheQuery_ReachesTheSandbox_AndGetsTheJsonErrorShapeOrAnAnswer(string pathAndQuery)
    {
        await using var sandbox = await SandboxServer.StartAsync();

        var (status, body) = await RawAsync(sandbox, "GET", pathAndQuery, [], null);

        Assert.That(status, Is.LessThan(500));
        Assert.That(body, Is.Not.Empty);
        if (status >= 400)
        {
            Assert.That(JsonNode.Parse(body)?["error"]?.GetValue<string>(), Is.Not.Empty, body);
        }
    }

    /// <summary>One HTTP/1.0 request written byte for byte (header values as raw bytes); the answer, unchunked, read to the close.</summary>
    private static async Task<(int Status, string Body)> RawAsync(
        SandboxServer sandbox, string method, string path, (string Name, byte[] Value)[] headers, string? json)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, sandbox.BaseAddress.Port);
        var body = json is null ? [] : Encoding.UTF8.GetBytes(json);
        var head = new List<byte>(Encoding.ASCII.GetBytes(
            $"{method} /{Api.Prefix}{path} HTTP/1.0\r\nHost: 127.0.0.1\r\nX-API-Key: {sandbox.ApiKey}\r\n"
            + (json is null ? "" : $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n")));
        foreach (var (name, value) in headers)
        {
            head.AddRange(Encoding.ASCII.GetBytes(name + ": "));
            head.AddRange(value);
            head.AddRange("\r\n"u8.ToArray());
        }

        head.AddRange("\r\n"u8.ToArray());
        head.AddRange(body);
        await socket.SendAsync(head.ToArray());
        using var answer = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            answer.Write(buffer, 0, read);
        }

        var text = Encoding.UTF8.GetString(answer.ToArray());
        var bodyStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture), text[(bodyStart + 4)..]);
    }

    /// <summary>"{"a":"xxxx..." up to a bound: a body the server must stop reading long before its end.</summary>
    private sealed class EndlessJsonStream(long maxBytes) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, maxBytes - _position);
            for (var i = 0; i < n; i++)
            {
                buffer[offset + i] = _position + i < 6 ? (byte)"{\"a\":\""[(int)(_position + i)] : (byte)'x';
            }

            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
