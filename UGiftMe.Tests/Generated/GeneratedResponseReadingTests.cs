using System.Globalization;
using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using RichardSzalay.MockHttp;
using UGiftMe.Tests.Facade.Http;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Generated;

/// <summary>
/// How a response is read: the pipeline reads the body once, within MaxResponseSize, into one array that the
/// generated reader deserializes with one shared JsonSerializer; the headers are kept as sent.
/// </summary>
public sealed class GeneratedResponseReadingTests
{
    private static string HistoryPage(int orders)
    {
        var page = (JObject)DocumentedFixture.Load("responses/order-history-200.json").Body.DeepClone();
        var template = (JObject)((JArray)page["orders"]!)[0];
        var all = new JArray();
        for (var i = 0; i < orders; i++)
        {
            var order = (JObject)template.DeepClone();
            order["_id"] = "order-" + i.ToString(CultureInfo.InvariantCulture);
            all.Add(order);
        }

        page["orders"] = all;
        page["total"] = orders;
        return page.ToString(Newtonsoft.Json.Formatting.None);
    }

    [Test]
    public async Task SharedSerializer_GivesEveryConcurrentCallItsOwnResponse()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, TestClients.BaseUrl + "/orders/*").Respond(request =>
        {
            var id = request.RequestUri!.Segments[^1];
            var order = (JObject)DocumentedFixture.Load("responses/order-details-200.json").Body.DeepClone();
            order["_id"] = id;
            return Responses.Json(200, order.ToString(Newtonsoft.Json.Formatting.None), ("X-Request-Id", "req-" + id));
        });
        using var client = TestClients.Create(mock, new TestClock());

        var ids = Enumerable.Range(0, 64).Select(i => "o-" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var results = await Task.WhenAll(ids.Select(id => Task.Run(() => client.Orders.GetAsync(id))));

        Assert.That(results.Select(r => r.Value.Id), Is.EqualTo(ids));
        Assert.That(results.Select(r => r.Metadata.Headers["x-request-id"].Single()), Is.EqualTo(ids.Select(id => "req-" + id)));
    }

    [Test]
    public async Task LargeBody_IsReadFromTheContentStreamOnceIntoOneArray_NeverBufferedAsAString()
    {
        var body = Encoding.UTF8.GetBytes(HistoryPage(20_000));
        var content = new TrackedContent(body);
        using var client = new UGiftMeClient(TestClients.Options(new TestClock()), new FixedResponseHandler(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = content }));

        var response = await client.Orders.ListAsync();

        Assert.That(response.Value.Orders, Has.Count.EqualTo(20_000));
        Assert.That(response.Value.Orders.Last().Id, Is.EqualTo("order-19999"));
        Assert.That(body, Has.Length.GreaterThan(4 * 1024 * 1024), "a body worth streaming");
        Assert.That(content.BytesRead, Is.EqualTo(body.Length), "the whole body was read through the stream, once");
        Assert.That(content.Buffered, Is.False, "never loaded into the content's own buffer (ReadAsStringAsync would)");
    }

    [Test]
    public async Task LargeBodyOverLoopback_DeserializesWithinMaxResponseSize_AndIsRefusedAboveIt()
    {
        var body = Encoding.UTF8.GetBytes(HistoryPage(12_000));
        await using var server = new LoopbackServer(_ => LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\n", body));
        var options = new UGiftMeClientOptions { ApiKey = TestClients.ApiKey, BaseAddress = server.BaseAddress, Retry = { MaxRetries = 0 } };

        using (var roomy = new UGiftMeClient(options))
        {
            var page = await roomy.Orders.ListAsync();
            Assert.That(page.Value.Orders, Has.Count.EqualTo(12_000));
            Assert.That(page.Metadata.Headers["Content-Length"].Single(), Is.EqualTo(body.Length.ToString(CultureInfo.InvariantCulture)));
        }

        options.MaxResponseSize = body.Length - 1;
        using var strict = new UGiftMeClient(options);
        var thrown = Assert.ThrowsAsync<UnreadableResponseException>(() => strict.Orders.ListAsync());
        Assert.That(thrown!.Message, Does.Contain($"MaxResponseSize ({body.Length - 1} bytes, announced {body.Length})"));
    }

    [Test]
    public async Task LargeBodyWithoutContentLength_IsReadInChunksWithinMaxResponseSize_AndRefusedJustPastIt()
    {
        var body = Encoding.UTF8.GetBytes(HistoryPage(12_000));
        var fits = new TrackedContent(body, announceLength: false);
        var options = TestClients.Options(new TestClock());
        using (var client = new UGiftMeClient(options, new FixedResponseHandler(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = fits })))
        {
            var page = await client.Orders.ListAsync();

            Assert.That(page.Value.Orders, Has.Count.EqualTo(12_000));
            Assert.That(page.Value.Orders.Select(o => o.Id).Distinct().Count(), Is.EqualTo(12_000), "every chunk in its place");
            Assert.That(page.Value.Orders.Last().Id, Is.EqualTo("order-11999"));
            Assert.That(fits.BytesRead, Is.EqualTo(body.Length));
        }

        var limit = body.Length / 2;
        var tooBig = new TrackedContent(body, announceLength: false);
        options.MaxResponseSize = limit;
        using var strict = new UGiftMeClient(options, new FixedResponseHandler(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = tooBig }));
        var thrown = Assert.ThrowsAsync<UnreadableResponseException>(() => strict.Orders.ListAsync());
        Assert.That(thrown!.Message, Does.Contain($"MaxResponseSize ({limit} bytes)"));
        Assert.That(tooBig.BytesRead, Is.GreaterThan(limit).And.LessThanOrEqualTo(limit + (64 * 1024)), "reading stopped one chunk past the limit");
    }

    [Test]
    public async Task ResponseMetadataHeaders_HoldResponseAndContentHeadersAsSent_AfterTheCallIsOver()
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"categories":[],"merchants":[]}""", Encoding.UTF8, "application/json") };
        response.Headers.TryAddWithoutValidation("X-Request-Id", "req-1");
        response.Headers.TryAddWithoutValidation("Vary", ["Accept", "Origin"]);
        using var client = new UGiftMeClient(TestClients.Options(new TestClock()), new FixedResponseHandler(() => response));

        var headers = (await client.Products.GetFiltersAsync()).Metadata.Headers;

        Assert.That(headers.Keys, Is.SupersetOf(new[] { "X-Request-Id", "Vary", "Content-Type" }).Using((IEqualityComparer<string>)StringComparer.OrdinalIgnoreCase));
        Assert.That(headers["x-request-id"], Is.EqualTo(new[] { "req-1" }), "header names are case-insensitive, as in HTTP");
        Assert.That(headers["Vary"], Is.EqualTo(new[] { "Accept", "Origin" }));
        Assert.That(headers["Content-Type"], Is.EqualTo(new[] { "application/json; charset=utf-8" }));
        Assert.That(headers.ContainsKey("Retry-After"), Is.False);
    }

    /// <summary>A body that records how it is read: through its stream (and in what reads), or loaded into a buffer.</summary>
    private sealed class TrackedContent(byte[] body, bool announceLength = true) : HttpContent
    {
        public bool Buffered { get; private set; }

        public long BytesRead { get; private set; }

        public int LargestRead { get; private set; }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            Buffered = true;
            return stream.WriteAsync(body).AsTask();
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new Reads(this, new MemoryStream(body, writable: false)));

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return announceLength;
        }

        private sealed class Reads(TrackedContent owner, MemoryStream inner) : Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => inner.Length;

            public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count) => Track(inner.Read(buffer, offset, count), count);

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
                ValueTask.FromResult(Track(inner.Read(buffer.Span), buffer.Length));

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                Task.FromResult(Track(inner.Read(buffer, offset, count), count));

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            private int Track(int read, int asked)
            {
                owner.BytesRead += read;
                owner.LargestRead = Math.Max(owner.LargestRead, asked);
                return read;
            }
        }
    }

    private sealed class FixedResponseHandler(Func<HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(respond());
    }
}
