using System.Globalization;
using System.Net;
using CsCheck;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using UGiftMe.Tests.Facade.Http;

namespace UGiftMe.Tests.Facade;

/// <summary>
/// The API key goes out only over HTTPS, or over plain HTTP to this machine; any other address is refused when the
/// client is created (directly, through DI, named), naming <c>BaseAddress</c>. Seeded (CSCHECK_SEED overrides the
/// seed); the seed is printed.
/// </summary>
public sealed class TransportSecurityTests
{
    private const string Key = "6b4e22b2-c0a5-4c7a-888a-b38eac20b454";

    private static readonly string Seed = Environment.GetEnvironmentVariable("CSCHECK_SEED") is { Length: > 0 } seed ? seed : new PCG(29, 20261211).ToString();

    // A host and whether it is a loopback address, decided here from how it was made, not by the code under test.
    private static readonly Gen<(string Host, bool Loopback)> Host = Gen.OneOf(
        Gen.Select(Gen.OneOf(Gen.Const(127), Gen.Int[0, 255]), Gen.Int[0, 255], Gen.Int[0, 255], Gen.Int[0, 255])
            .Select((a, b, c, d) => ($"{a}.{b}.{c}.{d}", a == 127)),
        Gen.OneOf(
            Gen.Const(("[::1]", true)),
            Gen.Const(("[0:0:0:0:0:0:0:1]", true)),
            Gen.Const(("[::]", false)),
            Gen.Const(("[::2]", false)),
            Gen.Const(("[::ffff:127.0.0.1]", true)),
            Gen.Const(("[::ffff:10.0.0.1]", false)),
            Gen.UShort[1, ushort.MaxValue].Select(group => ($"[{group:x}::1]", false))),
        Gen.OneOf(
            Gen.Const(("localhost", true)),
            Gen.Const(("LocalHost", true)),
            Gen.Const(("loopback", true)), // System.Uri reads it as localhost, and the request goes there
            Gen.Const(("localhost.", false)),
            Gen.Const(("localhost.example.com", false)),
            Gen.Const(("127.0.0.1.nip.io", false)),
            Gen.Const(("api.ugift.me", false)),
            Gen.Const(("api-stage.ugift.me", false)),
            Gen.String[Gen.Char['a', 'z'], 1, 12].Select(label => (label + ".example", false))));

    private static readonly Gen<(Uri Address, bool ClearTextOffMachine)> Address = Gen.Select(
            Gen.OneOf(Gen.Const("http"), Gen.Const("https"), Gen.Const("HTTP")),
            Host,
            Gen.OneOf(Gen.Const(""), Gen.Int[1, 65535].Select(p => ":" + p.ToString(CultureInfo.InvariantCulture))),
            Gen.OneOf(Gen.Const("/"), Gen.Const("/api/v1/business"), Gen.Const("/proxy/ugiftme/")))
        .Select((scheme, host, port, path) => (new Uri($"{scheme}://{host.Host}{port}{path}"), scheme != "https" && !host.Loopback));

    [SetUp]
    public void PrintSeed() => TestContext.Out.WriteLine($"CsCheck seed: {Seed} (set CSCHECK_SEED to replay another)");

    [Test]
    public void Constructor_AnyBaseAddress_RefusedExactlyWhenTheKeyWouldTravelInClearTextOffTheMachine()
    {
        var refused = 0;
        var accepted = 0;
        Gen.Select(Gen.OneOf(Gen.Const("http"), Gen.Const("https")), Host, Gen.OneOf(Gen.Const(""), Gen.Const(":8080")), Gen.Bool).Sample((scheme, host, port, optOut) =>
        {
            var address = new Uri($"{scheme}://{host.Host}{port}/api/v1/business");
            var clearTextOffMachine = scheme == "http" && !host.Loopback;
            var options = new UGiftMeClientOptions { ApiKey = Key, BaseAddress = address, AllowInsecureTransport = optOut };
            try
            {
                using var client = new UGiftMeClient(options, new NothingSentHandler());
                accepted++;
                return !clearTextOffMachine || optOut;
            }
            catch (ArgumentException e)
            {
                refused++;
                return clearTextOffMachine && !optOut && e.Message.Contains("UGiftMeClientOptions.BaseAddress", StringComparison.Ordinal)
                    && e.Message.Contains("clear text", StringComparison.Ordinal) && e.Message.Contains("AllowInsecureTransport", StringComparison.Ordinal);
            }
        }, seed: Seed, iter: 3_000, threads: 1);

        TestContext.Out.WriteLine($"{accepted} addresses accepted, {refused} refused");
        Assert.That(refused, Is.Positive);
        Assert.That(accepted, Is.Positive);
    }

    [Test]
    public void Validate_AnyBaseAddress_ReportsTheClearTextProblemOnlyForPlainHttpOffTheMachine()
    {
        Address.Sample((address, clearTextOffMachine) =>
        {
            var problems = new UGiftMeClientOptions { ApiKey = Key, BaseAddress = address }.Validate();
            return problems.Any(p => p.StartsWith("UGiftMeClientOptions.BaseAddress", StringComparison.Ordinal)) == clearTextOffMachine && problems.Count <= 1;
        }, seed: Seed, iter: 3_000, threads: 1);
    }

    [TestCase("http://127.0.0.1:12111/api/v1/business")]
    [TestCase("http://127.255.0.9/")]
    [TestCase("http://localhost:5000/")]
    [TestCase("http://[::1]:8080/")]
    [TestCase("https://api.ugift.me/")]
    [TestCase("https://10.0.0.5/")]
    public void Validate_HttpsOrLoopback_IsAccepted(string address)
    {
        Assert.That(new UGiftMeClientOptions { ApiKey = Key, BaseAddress = new Uri(address) }.Validate(), Is.Empty);
    }

    [TestCase("http://api.ugift.me/")]
    [TestCase("http://10.0.0.5:8080/")]
    [TestCase("http://localhost.example.com/")]
    [TestCase("http://localhost./")]
    [TestCase("http://0.0.0.0/")]
    [TestCase("http://[::ffff:10.0.0.1]/")]
    public void Validate_PlainHttpOffTheMachine_IsRefusedNamingBaseAddressButNotTheKey(string address)
    {
        var problems = new UGiftMeClientOptions { ApiKey = Key, BaseAddress = new Uri(address) }.Validate();

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.StartWith("UGiftMeClientOptions.BaseAddress").And.Contain("clear text").And.Contain("AllowInsecureTransport"));
        Assert.That(problems[0], Does.Not.Contain(Key));
    }

    [Test]
    public async Task Client_PlainHttpTypo_SendsNothingWhileTheOptOutWouldHaveSentTheKey()
    {
        // A real HTTP proxy on 127.0.0.1 stands in for the network path to http://api.ugift.me: whatever the client
        // sends to that address passes through it, so it sees exactly what an eavesdropper would.
        await using var path = new LoopbackServer(_ => LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\n", "{\"success\":true}"));
        using var viaPath = new HttpClient(new SocketsHttpHandler { Proxy = new WebProxy(new Uri($"http://127.0.0.1:{path.BaseAddress.Port}/")), UseProxy = true });
        var typo = new UGiftMeClientOptions { ApiKey = Key, BaseAddress = new Uri("http://api.ugift.me/") };

        var refused = Assert.Throws<ArgumentException>(() => _ = new UGiftMeClient(typo, viaPath));

        Assert.That(refused!.Message, Does.Contain("UGiftMeClientOptions.BaseAddress 'http://api.ugift.me'").And.Not.Contain(Key));
        Assert.That(path.Requests, Is.Empty, "nothing went out");

        // The positive control: with the opt-out, the same client does send the key down that path in clear text.
        typo.AllowInsecureTransport = true;
        using var client = new UGiftMeClient(typo, viaPath);
        await client.Auth.VerifyAsync();

        Assert.That(path.Requests, Has.Count.EqualTo(1));
        Assert.That(path.Requests.Single(), Does.StartWith("GET http://api.ugift.me/api/v1/business/auth").And.Contain("X-API-Key: " + Key));
    }

    [Test]
    public async Task Client_AllowInsecureTransport_WarnsOncePerClientWithoutTheKey()
    {
        await using var server = new LoopbackServer(_ => LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\n", "{\"success\":true}"));
        using var viaPath = new HttpClient(new SocketsHttpHandler { Proxy = new WebProxy(new Uri($"http://127.0.0.1:{server.BaseAddress.Port}/")), UseProxy = true });
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(logs)));
        var options = new UGiftMeClientOptions { ApiKey = Key, BaseAddress = new Uri("http://sidecar.internal:8080/"), AllowInsecureTransport = true, LoggerFactory = loggerFactory };

        using var client = new UGiftMeClient(options, viaPath);
        await client.Auth.VerifyAsync();
        await client.Auth.VerifyAsync();

        var warnings = logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0].Message, Does.Contain("clear text").And.Contain("http://sidecar.internal:8080").And.Contain("AllowInsecureTransport").And.Not.Contain(Key));
        Assert.That(server.Requests, Has.Count.EqualTo(2), "the calls were made: the warning did not stop them");
    }

    [Test]
    public void Client_LoopbackOrHttps_LogsNoClearTextWarning()
    {
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(new FakeLoggerProvider(logs)));

        using (new UGiftMeClient(new UGiftMeClientOptions { ApiKey = Key, BaseAddress = new Uri("http://127.0.0.1:1/"), AllowInsecureTransport = true, LoggerFactory = loggerFactory }, new NothingSentHandler()))
        using (new UGiftMeClient(new UGiftMeClientOptions { ApiKey = Key, AllowInsecureTransport = true, LoggerFactory = loggerFactory }, new NothingSentHandler()))
        {
        }

        Assert.That(logs.GetSnapshot(), Is.Empty);
    }

    [Test]
    public void AddUGiftMe_PlainHttpOffTheMachine_FailsAtStartUpNamingTheClientAndBaseAddress()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UGiftMe:ApiKey"] = Key,
            ["UGiftMe:BaseAddress"] = "http://api.ugift.me/",
            ["UGiftMe:EU:ApiKey"] = Key,
            ["UGiftMe:EU:BaseAddress"] = "http://10.1.2.3:8080/",
            ["UGiftMe:Local:ApiKey"] = Key,
            ["UGiftMe:Local:BaseAddress"] = "http://127.0.0.1:12111/",
        }).Build();
        var services = new ServiceCollection();
        services.AddUGiftMe(configuration.GetSection("UGiftMe"));
        services.AddUGiftMe("eu", configuration.GetSection("UGiftMe:EU"));
        services.AddUGiftMe("local", configuration.GetSection("UGiftMe:Local"));
        using var provider = services.BuildServiceProvider();

        // One failing client throws OptionsValidationException, several an AggregateException of them.
        var thrown = Assert.Throws<AggregateException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(thrown!.InnerExceptions, Has.All.InstanceOf<OptionsValidationException>());
        Assert.That(thrown.Message, Does.Contain("the default UGiftMe client: UGiftMeClientOptions.BaseAddress 'http://api.ugift.me'"));
        Assert.That(thrown.Message, Does.Contain("UGiftMe client 'eu': UGiftMeClientOptions.BaseAddress 'http://10.1.2.3:8080'"));
        Assert.That(thrown.Message, Does.Not.Contain("'local'").And.Not.Contain(Key));
        Assert.That(() => provider.GetRequiredKeyedService<UGiftMeClient>("eu"), Throws.InstanceOf<OptionsValidationException>().Or.InstanceOf<ArgumentException>(),
            "without start-up validation, resolving the client refuses too");
        Assert.That(provider.GetRequiredKeyedService<UGiftMeClient>("local").BaseAddress, Is.EqualTo(new Uri("http://127.0.0.1:12111/")));
    }

    [Test]
    public async Task AddUGiftMe_AllowInsecureTransportFromConfiguration_StartsAndWarnsOnceThroughTheContainersLogger()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UGiftMe:ApiKey"] = Key,
            ["UGiftMe:BaseAddress"] = "http://sidecar.internal:8080/",
            ["UGiftMe:AllowInsecureTransport"] = "true",
        }).Build();
        var logs = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.AddProvider(new FakeLoggerProvider(logs)));
        services.AddUGiftMe("sidecar", configuration.GetSection("UGiftMe"));
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var factory = provider.GetRequiredService<IUGiftMeClientFactory>();
        _ = factory.GetClient("sidecar");
        _ = factory.GetClient("sidecar");
        _ = provider.GetRequiredKeyedService<UGiftMeClient>("sidecar");

        Assert.That(logs.GetSnapshot().Count(r => r.Level == LogLevel.Warning && r.Message.Contains("clear text", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    /// <summary>A transport that fails the test if anything reaches it.</summary>
    private sealed class NothingSentHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new AssertionException($"nothing may be sent, but {request.Method} {request.RequestUri} was");
    }
}
