using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using UGiftMe.Generated;
using UGiftMe.Models;
using PeerApi = UGiftMe.Benchmarks.Peer;

namespace UGiftMe.Benchmarks;

/// <summary>
/// Figure 6: what the generated code does with a get-order response once the transport has returned it. The client
/// NSwag generates with its default templates copies every header into a dictionary, then its
/// <c>ReadObjectResponseAsync</c> creates a JsonSerializer and deserializes from the content stream. The SDK's codec
/// gets the body read once into a pooled array (as <c>UGiftMePipeline</c> reads a body with a Content-Length), reads
/// it with <see cref="OrdersApi.ReadGet"/> and builds the call's <see cref="ResponseMetadata"/> from its
/// <see cref="HttpMessage"/>. Both start from the same in-memory response with the documented headers.
/// </summary>
public class GeneratedResponseReadingBenchmarks : IDisposable
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(DocumentedBodies.OrderDetails);

    // Only its response reader runs: the HttpClient sends nothing.
    private readonly HttpClient _unused = new();
    private readonly PeerApi.OrdersClient _nswag;

    // The request an HttpMessage carries; the benchmark releases each message's response and body, not the request.
    private readonly HttpRequestMessage _request = new(HttpMethod.Get, new Uri(HandWrittenCall.BaseAddress, "api/v1/business/orders/" + DocumentedBodies.OrderId));

    public GeneratedResponseReadingBenchmarks() => _nswag = new PeerApi.OrdersClient(_unused);

    [Benchmark(Baseline = true)]
    public async Task<PeerApi.BusinessOrder> NSwagDefaultTemplates()
    {
        using var response = Response();
        // The header copy every generated NSwag operation makes before it looks at the status.
        var headers = new Dictionary<string, IEnumerable<string>>();
        foreach (var item in response.Headers)
        {
            headers[item.Key] = item.Value;
        }

        foreach (var item in response.Content.Headers)
        {
            headers[item.Key] = item.Value;
        }

        return await _nswag.ReadForBenchmarkAsync(response, headers);
    }

    [Benchmark]
    public async Task<(BusinessOrder Order, ResponseMetadata Metadata)> SdkCodec()
    {
        var message = new HttpMessage(_request, null);
        try
        {
            var response = Response();
            var length = (int)response.Content.Headers.ContentLength!.Value;
            var buffer = ArrayPool<byte>.Shared.Rent(length);
            await using (var stream = await response.Content.ReadAsStreamAsync())
            {
                var read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, length), length, throwOnEndOfStream: false);
                message.Hold(response, buffer.AsMemory(0, read), buffer);
            }

            return (OrdersApi.ReadGet(200, message.Body), ResponseMetadata.From(message));
        }
        finally
        {
            message.Release();
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _request.Dispose();
        _unused.Dispose();
        GC.SuppressFinalize(this);
    }

    private static HttpResponseMessage Response()
    {
        var content = new ReadOnlyMemoryContent(Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
        content.Headers.ContentLength = Body.Length;
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        foreach (var (name, value) in CannedResponseHandler.DocumentedHeaders)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
