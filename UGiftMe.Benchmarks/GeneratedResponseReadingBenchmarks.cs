using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Newtonsoft.Json;
using UGiftMe.Models;

namespace UGiftMe.Benchmarks;

/// <summary>
/// Figure 6: what the generated client does with a response once the handler has read it, before and after our
/// templates (issue #12 point 8), in the same run. Stock NSwag 14.7.1 copies the headers into a dictionary and creates
/// a JsonSerializer per response; ours wraps the headers in a <see cref="ResponseHeaderView"/> and shares one
/// serializer. Both then deserialize the documented order from the content stream and build the facade's
/// <see cref="ResponseMetadata"/>, as every SDK call does.
/// </summary>
public class GeneratedResponseReadingBenchmarks
{
    private static readonly JsonSerializerSettings Settings = new();
    private static readonly JsonSerializer Shared = JsonSerializer.Create(Settings);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(DocumentedBodies.OrderDetails);

    [Benchmark(Baseline = true)]
    public async Task<ResponseMetadata> StockNSwagTemplates()
    {
        using var response = Response();
        var headers = new Dictionary<string, IEnumerable<string>>();
        foreach (var item in response.Headers)
        {
            headers[item.Key] = item.Value;
        }

        foreach (var item in response.Content.Headers)
        {
            headers[item.Key] = item.Value;
        }

        await ReadAsync(response, JsonSerializer.Create(Settings));
        return ResponseMetadata.From(200, headers, new CallContext(null));
    }

    [Benchmark]
    public async Task<ResponseMetadata> OwnedTemplates()
    {
        using var response = Response();
        var headers = new ResponseHeaderView(response);
        await ReadAsync(response, Shared);
        return ResponseMetadata.From(200, headers, new CallContext(null));
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

    // The generated ReadObjectResponseAsync with ReadResponseAsString off.
    private static async Task<BusinessOrder> ReadAsync(HttpResponseMessage response, JsonSerializer serializer)
    {
        using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        using var json = new JsonTextReader(reader);
        return serializer.Deserialize<BusinessOrder>(json)!;
    }
}
