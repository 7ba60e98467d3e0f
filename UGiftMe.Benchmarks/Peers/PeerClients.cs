using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;
using UGiftMe.Models;
using PeerApi = UGiftMe.Benchmarks.Peer;

namespace UGiftMe.Benchmarks.Peers;

/// <summary>
/// The three ways of calling UGiftMe that the peer comparison measures, each over its own transport made by the same factory
/// (an in-memory canned handler, or a SocketsHttpHandler to the loopback server):
/// <list type="bullet">
/// <item><c>raw</c>: HttpClient + Newtonsoft.Json by hand (API key, Accept, status check, the body read from the stream);</item>
/// <item><c>sdk</c>: <see cref="UGiftMeClient"/> with default options;</item>
/// <item><c>peer</c>: what a team assembles from parts: a client generated from the same spec with NSwag's default
/// templates and settings (<c>peer.nswag.json</c>, generated at build time into <see cref="PeerApi"/>, with its own
/// models), on an IHttpClientFactory client with <c>AddStandardResilienceHandler()</c> (rate limiter, total timeout,
/// retry, circuit breaker, attempt timeout).</item>
/// </list>
/// </summary>
internal static class PeerClients
{
    public const string Raw = "raw";
    public const string Sdk = "sdk";
    public const string Peer = "peer";

    private static readonly JsonSerializer Serializer = JsonSerializer.CreateDefault();

    public static readonly CreateOrderRequest Order = new()
    {
        ProductCode = "AMAZON_UK_STD",
        Merchant = "Amazon UK",
        Currency = "GBP",
        ValuePurchased = 50,
        RecipientEmail = "alex@example.com",
        RecipientName = "Alex",
        GiftMessage = "Thanks for being a great customer!",
    };

    /// <summary>The same order as the peer's own generated model.</summary>
    public static readonly PeerApi.CreateOrderRequest PeerOrder = new()
    {
        ProductCode = Order.ProductCode,
        Merchant = Order.Merchant,
        Currency = Order.Currency,
        ValuePurchased = Order.ValuePurchased,
        RecipientEmail = Order.RecipientEmail,
        RecipientName = Order.RecipientName,
        GiftMessage = Order.GiftMessage,
    };

    public static PeerVariant Create(string name, Uri baseAddress, Func<HttpMessageHandler> transport) => name switch
    {
        Raw => CreateRaw(baseAddress, transport()),
        Sdk => CreateSdk(baseAddress, transport()),
        Peer => CreatePeer(baseAddress, transport),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Use raw, sdk or peer."),
    };

    private static PeerVariant CreateRaw(Uri baseAddress, HttpMessageHandler transport)
    {
        var http = new HttpClient(transport, disposeHandler: true) { BaseAddress = baseAddress };
        var orderPath = "api/v1/business/orders/" + Uri.EscapeDataString(DocumentedBodies.OrderId);
        return new PeerVariant(Raw,
            async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, orderPath);
                HandWrittenCall.AddHeaders(request);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                await HandWrittenCall.ReadAsync<BusinessOrder>(response, Serializer);
            },
            async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/business/orders");
                HandWrittenCall.AddHeaders(request);
                request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString());
                request.Content = new StringContent(JsonConvert.SerializeObject(Order), Encoding.UTF8, "application/json");
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                await HandWrittenCall.ReadAsync<BusinessOrder>(response, Serializer);
            },
            http);
    }

    private static PeerVariant CreateSdk(Uri baseAddress, HttpMessageHandler transport)
    {
        var client = new UGiftMeClient(new UGiftMeClientOptions { ApiKey = HandWrittenCall.ApiKey, BaseAddress = baseAddress }, transport);
        return new PeerVariant(Sdk,
            () => client.Orders.GetAsync(DocumentedBodies.OrderId),
            async () => await client.Orders.StartAsync(Order),
            new Both(client, transport));
    }

    private static PeerVariant CreatePeer(Uri baseAddress, Func<HttpMessageHandler> transport)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(Peer, http => http.DefaultRequestHeaders.TryAddWithoutValidation("X-API-Key", HandWrittenCall.ApiKey))
            .ConfigurePrimaryHttpMessageHandler(transport)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler();
        var provider = services.BuildServiceProvider();
        var api = new PeerApi.OrdersClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient(Peer)) { BaseUrl = baseAddress.ToString() };
        return new PeerVariant(Peer,
            () => api.GetAsync(DocumentedBodies.OrderId),
            () => api.CreateAsync(Guid.NewGuid().ToString(), PeerOrder),
            provider);
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
