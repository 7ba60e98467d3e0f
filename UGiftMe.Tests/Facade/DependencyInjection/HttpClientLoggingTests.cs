using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RichardSzalay.MockHttp;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.DependencyInjection;

/// <summary>The SDK's calls log under its own category; IHttpClientFactory's per-request lines are off unless asked for.</summary>
public sealed class HttpClientLoggingTests
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task CallThroughDi_LogsUnderUGiftMeHttp_AndOnlyWithAddDefaultLoggerUnderSystemNetHttp(bool addDefaultLogger)
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, TestClients.BaseUrl + "/wallet").Respond(_ => Responses.Json(200, "[]"));
        var collector = new FakeLogCollector();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        var builder = services.AddUGiftMe(options => options.ApiKey = TestClients.ApiKey).ConfigurePrimaryHttpMessageHandler(() => mock);
        if (addDefaultLogger)
        {
            builder.AddDefaultLogger();
        }

        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<UGiftMeClient>().Wallet.ListAsync();

        var categories = collector.GetSnapshot().Select(record => record.Category).Distinct().ToList();
        Assert.That(categories, Does.Contain("UGiftMe.Http"), "positive control: the SDK's own attempt line");
        Assert.That(categories.Where(category => category!.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal)),
            addDefaultLogger ? Has.Some.EqualTo("System.Net.Http.HttpClient.UGiftMe.LogicalHandler") : Is.Empty);
    }
}
