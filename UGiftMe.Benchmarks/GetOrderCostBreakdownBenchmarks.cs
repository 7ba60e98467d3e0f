using System.Net;
using BenchmarkDotNet.Attributes;
using Newtonsoft.Json;
using UGiftMe.Generated;
using UGiftMe.Models;

namespace UGiftMe.Benchmarks;

/// <summary>
/// Where figure 1's overhead goes: the same get-order call with the SDK's features switched off one at a time
/// (Polly retries, the attempt and total timeouts), and the NSwag-generated client alone on a plain
/// <see cref="HttpClient"/>, each against the hand-written baseline.
/// </summary>
public class GetOrderCostBreakdownBenchmarks : IDisposable
{
    private static readonly JsonSerializer Serializer = JsonSerializer.CreateDefault();

    private CannedResponseHandler _transport = null!;
    private HttpClient _plain = null!;
    private OrdersApi _generated = null!;
    private UGiftMeClient _sdk = null!;
    private UGiftMeClient _noTimeouts = null!;
    private UGiftMeClient _noRetries = null!;
    private UGiftMeClient _bare = null!;

    [GlobalSetup]
    public void Setup()
    {
        _transport = new CannedResponseHandler(HttpStatusCode.OK, DocumentedBodies.OrderDetails, CannedResponseHandler.DocumentedHeaders);
        _plain = new HttpClient(_transport, disposeHandler: false) { BaseAddress = HandWrittenCall.BaseAddress };
        _generated = new OrdersApi(_plain) { BaseUrl = HandWrittenCall.BaseAddress.ToString() };
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

    /// <summary>The NSwag-generated <see cref="OrdersApi"/> on a plain HttpClient: no SDK handler at all.</summary>
    [Benchmark]
    public async Task<BusinessOrder> GeneratedClientOnly() => (await _generated.GetAsync(DocumentedBodies.OrderId)).Result;

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
