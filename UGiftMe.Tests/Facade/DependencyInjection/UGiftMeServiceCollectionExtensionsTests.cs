using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.DependencyInjection;

public sealed class UGiftMeServiceCollectionExtensionsTests
{
    private const string KeyA = "aaaaaaaa-0000-4000-8000-000000000001";
    private const string KeyB = "bbbbbbbb-0000-4000-8000-000000000002";

    [Test]
    public void AddUGiftMe_ConfigurationSection_BindsEverySetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UGiftMe:ApiKey"] = KeyA,
            ["UGiftMe:Environment"] = "Production",
            ["UGiftMe:BaseAddress"] = "https://proxy.example.com/ugiftme/",
            ["UGiftMe:AttemptTimeout"] = "00:00:07",
            ["UGiftMe:TotalTimeout"] = "00:01:10",
            ["UGiftMe:Retry:MaxRetries"] = "5",
            ["UGiftMe:Retry:BaseDelay"] = "00:00:00.250",
            ["UGiftMe:Retry:MaxDelay"] = "00:00:04",
            ["UGiftMe:Retry:MaxRetryAfter"] = "00:00:12",
            ["UGiftMe:OrderPolling:InitialDelay"] = "00:00:03",
            ["UGiftMe:OrderPolling:MinInterval"] = "00:00:05",
            ["UGiftMe:OrderPolling:IntervalRatio"] = "0.5",
            ["UGiftMe:OrderPolling:MaxInterval"] = "00:00:30",
            ["UGiftMe:OrderPolling:Jitter"] = "0.05",
            ["UGiftMe:OrderPolling:Timeout"] = "00:05:00",
        }).Build();
        var services = new ServiceCollection();

        services.AddUGiftMe(configuration.GetSection("UGiftMe"));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptionsMonitor<UGiftMeClientOptions>>().Get(Options.DefaultName);

        Assert.That(options.ApiKey, Is.EqualTo(KeyA));
        Assert.That(options.Environment, Is.EqualTo(UGiftMeEnvironment.Production));
        Assert.That(options.BaseAddress, Is.EqualTo(new Uri("https://proxy.example.com/ugiftme/")));
        Assert.That(options.AttemptTimeout, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(options.TotalTimeout, Is.EqualTo(TimeSpan.FromSeconds(70)));
        Assert.That(options.Retry.MaxRetries, Is.EqualTo(5));
        Assert.That(options.Retry.BaseDelay, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
        Assert.That(options.Retry.MaxDelay, Is.EqualTo(TimeSpan.FromSeconds(4)));
        Assert.That(options.Retry.MaxRetryAfter, Is.EqualTo(TimeSpan.FromSeconds(12)));
        Assert.That(options.OrderPolling.InitialDelay, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(options.OrderPolling.MinInterval, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(options.OrderPolling.IntervalRatio, Is.EqualTo(0.5));
        Assert.That(options.OrderPolling.MaxInterval, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(options.OrderPolling.Jitter, Is.EqualTo(0.05));
        Assert.That(options.OrderPolling.Timeout, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(provider.GetRequiredService<UGiftMeClient>().BaseAddress, Is.EqualTo(new Uri("https://proxy.example.com/ugiftme/")));
    }

    [Test]
    public async Task AddUGiftMe_TwoNamedClients_EachSendsItsOwnKey()
    {
        var seen = new List<(string Path, string Key)>();
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, TestClients.BaseUrl + "/auth").Respond(request =>
        {
            seen.Add((request.RequestUri!.AbsolutePath, request.Headers.GetValues("X-API-Key").Single()));
            return Responses.Fixture(200, "responses/verify-credentials-200.json");
        });
        var services = new ServiceCollection();
        services.AddUGiftMe("tenant-a", o => o.ApiKey = KeyA).ConfigurePrimaryHttpMessageHandler(() => mock);
        services.AddUGiftMe("tenant-b", o => o.ApiKey = KeyB).ConfigurePrimaryHttpMessageHandler(() => mock);
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IUGiftMeClientFactory>();

        await factory.GetClient("tenant-b").Auth.VerifyAsync();
        await provider.GetRequiredKeyedService<UGiftMeClient>("tenant-a").Auth.VerifyAsync();
        await factory.GetClient("tenant-b").Auth.VerifyAsync();

        Assert.That(seen.Select(s => s.Key), Is.EqualTo(new[] { KeyB, KeyA, KeyB }));
        var tenantA = factory.GetClient("tenant-a");
        Assert.That(factory.GetClient("tenant-a"), Is.SameAs(tenantA), "clients are singletons");
        Assert.That(factory.GetClient("tenant-a"), Is.Not.SameAs(factory.GetClient("tenant-b")));
    }

    [Test]
    public async Task AddUGiftMe_RegisteredClient_RunsTheSdkPipelineWithTheContainersClock()
    {
        var clock = new TestClock();
        var responses = new Queue<HttpResponseMessage>([Responses.Json(503, "{}"), Responses.Fixture(200, "responses/verify-credentials-200.json")]);
        var mock = new MockHttpMessageHandler();
        var auth = mock.When(HttpMethod.Get, TestClients.BaseUrl + "/auth").WithHeaders("X-API-Key", KeyA).Respond(_ => responses.Dequeue());
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddUGiftMe(o =>
        {
            o.ApiKey = KeyA;
            o.AttemptTimeout = Timeout.InfiniteTimeSpan;
            o.TotalTimeout = Timeout.InfiniteTimeSpan;
        }).ConfigurePrimaryHttpMessageHandler(() => mock);
        await using var provider = services.BuildServiceProvider();

        var result = await clock.RunAsync(provider.GetRequiredService<UGiftMeClient>().Auth.VerifyAsync());

        Assert.That(mock.GetMatchCount(auth), Is.EqualTo(2));
        Assert.That(result.Metadata.RetryCount, Is.EqualTo(1));
        Assert.That(clock.RequestedDelays, Is.Not.Empty, "the backoff ran on the container's TimeProvider");
    }

    [Test]
    public void AddUGiftMe_SameNameTwice_Throws()
    {
        var services = new ServiceCollection();
        services.AddUGiftMe("tenant-a", o => o.ApiKey = KeyA);

        Assert.That(() => services.AddUGiftMe("tenant-a", o => o.ApiKey = KeyB),
            Throws.InvalidOperationException.With.Message.Contain("'tenant-a'"));
    }
}
