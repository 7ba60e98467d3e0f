using System.Buffers;
using System.Net;
using BenchmarkDotNet.Attributes;
using Newtonsoft.Json;
using UGiftMe.Generated;
using UGiftMe.Models;
using PeerApi = UGiftMe.Benchmarks.Peer;

namespace UGiftMe.Benchmarks;

/// <summary>
/// Where figure 1's overhead goes: the same get-order call with the SDK's features switched off one at a time
/// (Polly retries, the attempt and total timeouts), the SDK's generated codec alone (build, send, read) on a plain
/// <see cref="HttpClient"/>, and the client NSwag generates with its default templates alone on the same
/// <see cref="HttpClient"/>, each against the hand-written baseline.
/// </summary>
public class GetOrderCostBreakdownBenchmarks : IDisposable
{
    private static readonly JsonSerializer Serializer = JsonSerializer.CreateDefault();

    private CannedResponseHandler _transport = null!;
    private HttpClient _plain = null!;
    private HttpClient _keyed = null!;
    private PeerApi.OrdersClient _nswagDefault = null!;
    private string _baseUrl = null!;
    private UGiftMeClient _sdk = null!;
    private UGiftMeClient _noTimeouts = null!;
    private UGiftMeClient _noRetries = null!;
    private UGiftMeClient _bare = null!;

    [GlobalSetup]
    public void Setup()
    {
        _transport = new CannedResponseHandler(HttpStatusCode.OK, DocumentedBodies.OrderDetails, CannedResponseHandler.DocumentedHeaders);
        _plain = new HttpClient(_transport, disposeHandler: false) { BaseAddress = HandWrittenCall.BaseAddress };
        // The NSwag client sends the API key as a team would configure it: a default header of its HttpClient.
        _keyed = new HttpClient(_transport, disposeHandler: false);
        _keyed.DefaultRequestHeaders.TryAddWithoutValidation("X-API-Key", HandWrittenCall.ApiKey);
        _nswagDefault = new PeerApi.OrdersClient(_keyed) { BaseUrl = HandWrittenCall.BaseAddress.ToString() };
        _baseUrl = HandWrittenCall.BaseAddress.AbsoluteUri;
        _sdk = Client(timeouts: true, retries: true);
        _noTimeouts = Client(timeouts: false, retries: true);
        _noRetries = Client(timeouts: true, retries: false);
        _bare = Client(timeouts: false, retries: false);
    }

    [Benchmark(Baseline = true)]
    public async Task<BusinessOrder> HandWrittenHttpClient()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/business/orders/" + Uri.EscapeDataString(DocumentedBodies.OrderId));
        HandWrittenCall.AddHeaders(request);
        using var response = await _plain.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return await HandWrittenCall.ReadAsync<BusinessOrder>(response, Serializer);
    }

    /// <summary>
    /// The SDK's generated codec with no pipeline: <see cref="OrdersApi.BuildGet"/>, the API key, a plain send, the body
    /// read once into a pooled array (as the pipeline reads a body with a Content-Length) and <see cref="OrdersApi.ReadGet"/>.
    /// </summary>
    [Benchmark]
    public async Task<BusinessOrder> SdkCodecOnly()
    {
        using var request = OrdersApi.BuildGet(_baseUrl, DocumentedBodies.OrderId);
        request.Headers.TryAddWithoutValidation("X-API-Key", HandWrittenCall.ApiKey);
        using var response = await _plain.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var length = (int)response.Content.Headers.ContentLength!.Value;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            var read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, length), length, throwOnEndOfStream: false);
            return OrdersApi.ReadGet(200, buffer.AsMemory(0, read));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The client NSwag generates with its default templates (the peer's, without its resilience handler) on a plain HttpClient.</summary>
    [Benchmark]
    public async Task<PeerApi.BusinessOrder> NSwagDefaultClientOnly() => await _nswagDefault.GetAsync(DocumentedBodies.OrderId);

    [Benchmark]
    public async Task<BusinessOrder> SdkWithoutRetriesOrTimeouts() => (await _bare.Orders.GetAsync(DocumentedBodies.OrderId)).Value;

    [Benchmark]
    public async Task<BusinessOrder> SdkWithoutTimeouts() => (await _noTimeouts.Orders.GetAsync(DocumentedBodies.OrderId)).Value;

    [Benchmark]
    public async Task<BusinessOrder> SdkWithoutRetries() => (await _noRetries.Orders.GetAsync(DocumentedBodies.OrderId)).Value;

    [Benchmark]
    public async Task<BusinessOrder> SdkDefaults() => (await _sdk.Orders.GetAsync(DocumentedBodies.OrderId)).Value;

    [GlobalCleanup]
    public void Dispose()
    {
        foreach (var client in new[] { _sdk, _noTimeouts, _noRetries, _bare })
        {
            client?.Dispose();
        }

        _plain?.Dispose();
        _keyed?.Dispose();
        _transport?.Dispose();
        GC.SuppressFinalize(this);
    }

    private UGiftMeClient Client(bool timeouts, bool retries)
    {
        var options = new UGiftMeClientOptions { ApiKey = HandWrittenCall.ApiKey };
        if (!timeouts)
        {
            options.AttemptTimeout = Timeout.InfiniteTimeSpan;
            options.TotalTimeout = Timeout.InfiniteTimeSpan;
        }

        if (!retries)
        {
            options.Retry.MaxRetries = 0;
        }

        return new UGiftMeClient(options, _transport);
    }
}
