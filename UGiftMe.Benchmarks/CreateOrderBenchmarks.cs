using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Newtonsoft.Json;
using UGiftMe.Benchmarks.Peers;
using UGiftMe.Models;

namespace UGiftMe.Benchmarks;

/// <summary>
/// Figure 2: <c>POST /orders</c> with an <c>Idempotency-Key</c>, answered 201 with the documented order, through the
/// SDK (<see cref="OrdersClient.StartAsync"/>: validation, a new key, the whole pipeline, a completed operation)
/// against the same request written by hand with <see cref="HttpClient"/> and Newtonsoft.Json.
/// </summary>
public class CreateOrderBenchmarks : IDisposable
{
    private static readonly JsonSerializer Serializer = JsonSerializer.CreateDefault();

    // The same order the peer comparison sends, so the two benchmarks measure one request.
    private static readonly CreateOrderRequest Order = PeerClients.Order;

    private CannedResponseHandler _transport = null!;
    private HttpClient _handWritten = null!;
    private UGiftMeClient _sdk = null!;

    [GlobalSetup]
    public void Setup()
    {
        _transport = new CannedResponseHandler(HttpStatusCode.Created, DocumentedBodies.CreatedOrder, [.. CannedResponseHandler.DocumentedHeaders, ("X-Business-Orders-Async", "false")]);
        _handWritten = new HttpClient(_transport, disposeHandler: false) { BaseAddress = HandWrittenCall.BaseAddress };
        _sdk = new UGiftMeClient(new UGiftMeClientOptions { ApiKey = HandWrittenCall.ApiKey }, _transport);
    }

    /// <summary>A hand-written create: a new GUID key, the JSON body, API key, status check, the generated model.</summary>
    [Benchmark(Baseline = true)]
    public async Task<BusinessOrder> HandWrittenHttpClient()
    {
        using var request = CreateRequest();
        using var response = await _handWritten.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return await HandWrittenCall.ReadAsync<OrderCreationResponse>(response, Serializer);
    }

    /// <summary>The same create with HttpClient's default completion option, which buffers the body as the SDK does.</summary>
    [Benchmark]
    public async Task<BusinessOrder> HandWrittenHttpClientBuffered()
    {
        using var request = CreateRequest();
        using var response = await _handWritten.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await HandWrittenCall.ReadAsync<OrderCreationResponse>(response, Serializer);
    }

    [Benchmark]
    public async Task<BusinessOrder> SdkOrdersStartAsync() => (await _sdk.Orders.StartAsync(Order)).Value;

    private static HttpRequestMessage CreateRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/business/orders")
        {
            Content = new StringContent(JsonConvert.SerializeObject(Order), Encoding.UTF8, "application/json"),
        };
        HandWrittenCall.AddHeaders(request);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString());
        return request;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _sdk?.Dispose();
        _handWritten?.Dispose();
        _transport?.Dispose();
        GC.SuppressFinalize(this);
    }
}
