using System.Net;

namespace UGiftMe.Benchmarks.Peers;

/// <summary>
/// A 300 MiB response without a Content-Length through the SDK with default options: it must stop reading just past
/// <see cref="UGiftMeClientOptions.MaxResponseSize"/>. Every byte allocated during the call is counted (an upper bound
/// of how much the heap can have grown), and compared with MaxResponseSize.
/// </summary>
internal static class LargeResponse
{
    public const long BodyLength = 300L * 1024 * 1024;

    public static async Task<(double AllocatedBytes, long MaxResponseSize, long BytesServed)> MeasureAsync()
    {
        var options = new UGiftMeClientOptions { ApiKey = HandWrittenCall.ApiKey };
        var body = new ZeroStream(BodyLength);
        using var client = new UGiftMeClient(options, new StreamingHandler(body));
        var before = GC.GetTotalAllocatedBytes(precise: true);
        try
        {
            await client.Wallet.ListAsync();
            throw new InvalidOperationException("A 300 MiB wallet list was read whole.");
        }
        catch (UnreadableResponseException)
        {
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before, options.MaxResponseSize, body.Position);
    }

    private sealed class StreamingHandler(Stream body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body), RequestMessage = request });
    }

    private sealed class ZeroStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
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
