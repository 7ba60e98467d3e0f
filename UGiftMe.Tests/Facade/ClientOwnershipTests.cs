using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UGiftMe.Models;
using UGiftMe.Tests.Facade.Http;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade;

/// <summary>
/// Who may dispose a client, over real HTTP on 127.0.0.1: the container's clients (DI, <see cref="IUGiftMeClientFactory"/>)
/// ignore a consumer's Dispose and keep working; a client you constructed disposes only what it owns, and a call on it
/// afterwards throws <see cref="ObjectDisposedException"/> at once, with nothing sent.
/// </summary>
public sealed class ClientOwnershipTests
{
    private const string Key = "6b4e22b2-c0a5-4c7a-888a-b38eac20b454";

    private LoopbackServer _server = null!;

    [SetUp]
    public void Start() => _server = new LoopbackServer(_ => LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\n", Fixture("responses/verify-credentials-200.json")));

    [TearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task AddUGiftMe_ConsumerDisposesTheResolvedClient_TheApplicationsClientKeepsWorking()
    {
        var services = new ServiceCollection();
        services.AddUGiftMe(o => { o.ApiKey = Key; o.BaseAddress = _server.BaseAddress; });
        services.AddUGiftMe("tenant", o => { o.ApiKey = Key; o.BaseAddress = _server.BaseAddress; });
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IUGiftMeClientFactory>();

        foreach (var resolve in new Func<UGiftMeClient>[]
        {
            () => provider.GetRequiredService<UGiftMeClient>(),
            () => provider.GetRequiredKeyedService<UGiftMeClient>("tenant"),
            () => factory.GetClient("tenant"),
            () => factory.GetClient(""),
        })
        {
            using (var client = resolve())
            {
                await client.Auth.VerifyAsync(); // a careless `using` around the application's client
            }

            resolve().Dispose();
            await resolve().Auth.VerifyAsync();
        }

        Assert.That(_server.Requests, Has.Count.EqualTo(8), "every call after the consumers' Dispose reached the server");
        Assert.That(_server.Requests, Has.All.StartWith("GET /api/v1/business/auth "));
    }

    private static IEnumerable<TestCaseData> Calls()
    {
        var order = new CreateOrderRequest { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 };
        yield return Call("Auth.VerifyAsync", c => c.Auth.VerifyAsync());
        yield return Call("Products.ListAsync", c => c.Products.ListAsync());
        yield return Call("Products.ListAllAsync", c => First(c.Products.ListAllAsync()));
        yield return Call("Orders.StartAsync", c => c.Orders.StartAsync(order, new OrderCreateOptions { BusinessReference = "PO-1" }));
        yield return Call("Orders.CreateBulkAndWaitAsync", c => c.Orders.CreateBulkAndWaitAsync([order]));
        yield return Call("Orders.GetAsync", c => c.Orders.GetAsync("ord_1"));
        yield return Call("Orders.SearchAllAsync", c => First(c.Orders.SearchAllAsync(new OrderSearchQuery())));
        yield return Call("Orders.Resume.WaitForCompletionAsync", c => c.Orders.Resume("req_1").WaitForCompletionAsync());
        yield return Call("Wallet.ListAllTransactionsAsync", c => First(c.Wallet.ListAllTransactionsAsync()));
        yield return Call("Webhooks.CreateAsync", c => c.Webhooks.CreateAsync(new Uri("https://shop.example.com/hooks"), [WebhookEventNames.OrderSucceeded]));
        yield return Call("Webhooks.DeleteAsync", c => c.Webhooks.DeleteAsync("wh_1"));
    }

    [TestCaseSource(nameof(Calls))]
    public async Task Dispose_ClientYouConstructed_NextCallThrowsObjectDisposedAtOnceAndSendsNothing(Func<UGiftMeClient, Task> call)
    {
        var clock = new TestClock();
        var client = new UGiftMeClient(new UGiftMeClientOptions
        {
            ApiKey = Key,
            BaseAddress = _server.BaseAddress,
            TimeProvider = clock,
            AttemptTimeout = Timeout.InfiniteTimeSpan,
            TotalTimeout = Timeout.InfiniteTimeSpan,
        });
        await client.Auth.VerifyAsync();
        Assert.That(_server.Requests, Has.Count.EqualTo(1), "the positive control: before Dispose a call reaches the server");

        client.Dispose();
        var running = call(client);
        await clock.WaitForPendingTimerAsync(running); // returns when the call ends, or when it waits on a timer (a backoff, a poll)

        Assert.That(running.IsCompleted, Is.True, "the call ended without waiting for a backoff or a poll");
        Assert.That(async () => await running, Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(_server.Requests, Has.Count.EqualTo(1), "nothing was sent after Dispose");
    }

    [Test]
    public async Task Dispose_ClientOverYourHttpClientOrHandler_LeavesThemWorking()
    {
        using var yourHttpClient = new HttpClient();
        using var yourHandler = new SocketsHttpHandler();
        var options = new UGiftMeClientOptions { ApiKey = Key, BaseAddress = _server.BaseAddress };

        new UGiftMeClient(options, yourHttpClient).Dispose();
        new UGiftMeClient(options, yourHandler).Dispose();
        using var shared = new UGiftMeClient(options);
        new UGiftMeClient(options).Dispose(); // another client on the shared connection pool

        using (await yourHttpClient.GetAsync(new Uri(_server.BaseAddress, "auth")))
        using (var viaHandler = new HttpClient(yourHandler, disposeHandler: false))
        using (await viaHandler.GetAsync(new Uri(_server.BaseAddress, "auth")))
        {
        }

        await shared.Auth.VerifyAsync();
        Assert.That(_server.Requests, Has.Count.EqualTo(3), "your HttpClient, your handler and the shared pool all still send");
    }

    private static TestCaseData Call(string name, Func<UGiftMeClient, Task> call) =>
        new TestCaseData(call).SetArgDisplayNames(name);

    private static async Task First<T>(IAsyncEnumerable<T> items)
    {
        await foreach (var _ in items)
        {
            return;
        }
    }

    private static string Fixture(string path) =>
        File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", path), Encoding.UTF8);
}
