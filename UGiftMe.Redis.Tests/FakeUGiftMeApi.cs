using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace UGiftMe.Redis.Tests;

/// <summary>
/// The two UGiftMe endpoints a waiting order uses, on Kestrel at 127.0.0.1: the queue status (processing until the test
/// marks a request succeeded) and the order by id. Counts status polls per order request.
/// </summary>
public sealed class FakeUGiftMeApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeUGiftMeApi(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public ConcurrentDictionary<string, int> Polls { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, string> Succeeded { get; } = new(StringComparer.Ordinal);

    public int PollsOf(string orderRequestId) => Polls.GetValueOrDefault(orderRequestId);

    public static async Task<FakeUGiftMeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeUGiftMeApi? api = null;
        app.MapGet("/api/v1/business/orders/order-requests/{id}", (string id) =>
        {
            api!.Polls.AddOrUpdate(id, 1, (_, n) => n + 1);
            return api.Succeeded.TryGetValue(id, out var orderId)
                ? Results.Text($$$"""{"orderRequestId":"{{{id}}}","status":"succeeded","type":"single","result":{"orderId":"{{{orderId}}}"}}""", "application/json")
                : Results.Text($$"""{"orderRequestId":"{{id}}","status":"processing","type":"single"}""", "application/json");
        });
        app.MapGet("/api/v1/business/orders/{id}", (string id) =>
            Results.Text($$"""{"_id":"{{id}}","status":"completed","currency":"GBP"}""", "application/json"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        api = new FakeUGiftMeApi(app, new Uri(address + "/"));
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
