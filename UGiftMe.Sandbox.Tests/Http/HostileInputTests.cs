using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using UGiftMe.Sandbox.Hosting;
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

    [Test]
    public async Task CreateOrder_ChunkedBodyOverOneMebibyte_StopsReadingNearTheLimitWith400Json()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();
        var body = new EndlessJsonStream(maxBytes: 64L * 1024 * 1024);
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

        Assert.That(body.Position, Is.LessThan(8L * 1024 * 1024), "the sandbox stopped reading soon after 1 MiB, not at the end of the body");
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
