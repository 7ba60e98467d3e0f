using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using UGiftMe.Demo;

namespace UGiftMe.IntegrationTests.Demo;

/// <summary>
/// The demo's entry point against servers that misbehave on one route (through <see cref="HostileApiProxy"/> in front
/// of a real sandbox): whatever comes back, it ends with one of its documented messages and exit codes, never a stack
/// trace, and never prints the key.
/// </summary>
public class DemoHostileServerTests
{
    private static readonly string[] DocumentedEndings =
    [
        "Done: every step succeeded.", "A UGiftMe call failed: ", "Demo failed", "Cancelled.",
        "UGiftMe rejected the API key", "UGiftMe refused access", "The wallet cannot pay for the order",
    ];

    private static IEnumerable<TestCaseData> HostileAnswers()
    {
        TestCaseData Case(string name, string route, HostileApiProxy.Answer answer, int exitCode, string expected) =>
            new TestCaseData(route, answer, exitCode, expected).SetArgDisplayNames(name);

        yield return Case("auth: null body", "GET /auth", Json(200, "null"), 1, "A UGiftMe call failed: ");
        yield return Case("auth: HTML 200", "GET /auth", Raw(200, "text/html", "<html><body>Maintenance</body></html>"), 1, "A UGiftMe call failed: ");
        yield return Case("auth: hangs up without answering", "GET /auth", HangUp, 1, "A UGiftMe call failed: ");
        yield return Case("auth: truncated body", "GET /auth", Truncated, 1, "A UGiftMe call failed: ");
        yield return Case("auth: redirect", "GET /auth", Redirect, 1, "does not follow redirects");
        yield return Case("filters: 500 HTML", "GET /products/filters", Raw(500, "text/html", "<h1>Internal Server Error</h1>"), 1, "A UGiftMe call failed: ");
        yield return Case("filters: nulls everywhere", "GET /products/filters", Json(200, """{"categories":null,"merchants":[null]}"""), 0, "Done: every step succeeded.");
        yield return Case("products: every field null", "GET /products", Mutate(body => ForEachProduct(body, p => p.Clear())), 1, "Demo failed: No active product with a usable value range");
        yield return Case("products: minValue above maxValue", "GET /products", Mutate(body => ForEachProduct(body, p =>
        {
            p["denominations"] = null;
            p["minValue"] = 100;
            p["maxValue"] = 10;
        })), 1, "Demo failed: No active product with a usable value range");
        yield return Case("wallet: balance is text", "GET /wallet", Mutate(body => body[0]!["balance"] = "lots"), 1, "A UGiftMe call failed: ");
        yield return Case("wallet: no wallets", "GET /wallet", Json(200, "[]"), 1, "Demo failed: No active product");
        yield return Case("order: 503 every time", "POST /orders", Json(503, """{"error":"Service temporarily unavailable"}"""), 1, "(an order may exist): resending with Idempotency-Key");
        yield return Case("order: hangs up", "POST /orders", HangUp, 1, "A UGiftMe call failed: ");
        yield return Case("order: 201 with an empty object", "POST /orders", Json(201, "{}"), 1, "A UGiftMe call failed: UGiftMe accepted the order (201) but its answer has no order id (_id). The order may exist");
        yield return Case("ledger: 500", "GET /wallet/transactions", Json(500, """{"error":"boom"}"""), 1, "A UGiftMe call failed: ");
        yield return Case("products: key revoked mid-run", "GET /products", Json(401, """{"error":"Invalid API key","reason":"Key revoked"}"""), 2, "UGiftMe rejected the API key");
    }

    [TestCaseSource(nameof(HostileAnswers))]
    [CancelAfter(60_000)]
    public async Task RunAsync_OneRouteAnswersBadly_EndsWithADocumentedMessageAndExitCode(
        string route, HostileApiProxy.Answer answer, int exitCode, string expected, CancellationToken cancellationToken)
    {
        await using var sandbox = await SandboxServer.StartAsync(cancellationToken: cancellationToken);
        await using var proxy = await HostileApiProxy.StartAsync(sandbox.BaseAddress, route, answer);
        using var output = new StringWriter();

        var code = await DemoRunner.RunAsync(output, Settings(sandbox.ApiKey, proxy.BaseAddress), NoRetries, cancellationToken);

        var text = output.ToString();
        TestContext.Out.WriteLine(text);
        Assert.That(proxy.HostileAnswers, Is.GreaterThan(0), "the demo must have met the hostile answer");
        Assert.That(code, Is.EqualTo(exitCode), text);
        Assert.That(text, Does.Contain(expected));
        AssertEndsCleanly(text, sandbox.ApiKey);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task RunAsync_WebhookCreateAnswersWithoutTheSecret_FailsNamingItAndDeletesTheSubscription(CancellationToken cancellationToken)
    {
        await using var sandbox = await SandboxServer.StartAsync(cancellationToken: cancellationToken);
        await using var proxy = await HostileApiProxy.StartAsync(sandbox.BaseAddress, "POST /webhooks", Mutate(body => body.AsObject().Remove("secret")));

        var (code, text, _) = await DemoWebhookPort.RunAsync(
            (port, output) => DemoRunner.RunAsync(output, Settings(sandbox.ApiKey, proxy.BaseAddress, port), NoRetries, cancellationToken));

        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(text, Does.Contain("Demo failed: UGiftMe answered POST /webhooks without the signing secret"));
        Assert.That(text, Does.Match(@"Webhook subscription \w+ deleted\."));
        Assert.That(sandbox.State.WebhookSubscriptions, Is.Empty, "the subscription the step made is removed");
        Assert.That(sandbox.State.Orders, Is.Empty, "the demo stops before ordering");
        AssertEndsCleanly(text, sandbox.ApiKey);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task RunAsync_WebhookPortAlreadyTaken_EndsWithTheUnexpectedFailureLineBeforeSubscribing(CancellationToken cancellationToken)
    {
        await using var sandbox = await SandboxServer.StartAsync(cancellationToken: cancellationToken);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var output = new StringWriter();

        var code = await DemoRunner.RunAsync(output, Settings(sandbox.ApiKey, sandbox.BaseAddress, port), NoRetries, cancellationToken);

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(text, Does.Contain("Demo failed on something it did not expect (IOException)"));
        Assert.That(text, Does.Not.Contain("Subscribed "), "the receiver listens before anything is subscribed");
        Assert.That(sandbox.State.WebhookSubscriptions, Is.Empty);
        AssertEndsCleanly(text, sandbox.ApiKey);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task RunAsync_ServerNeverAnswers_EndsAtTheAttemptTimeoutWithExit1(CancellationToken cancellationToken)
    {
        await using var sandbox = await SandboxServer.StartAsync(cancellationToken: cancellationToken);
        await using var proxy = await HostileApiProxy.StartAsync(sandbox.BaseAddress, "GET /auth", NeverAnswers);
        var clock = new TestClock();
        using var output = new StringWriter();

        var run = DemoRunner.RunAsync(output, Settings(sandbox.ApiKey, proxy.BaseAddress), options =>
        {
            NoRetries(options);
            options.TimeProvider = clock;
        }, cancellationToken);
        var code = await clock.RunAsync(run);

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(text, Does.Contain("A UGiftMe call failed: ").And.Contain("got no response within UGiftMeClientOptions."));
        AssertEndsCleanly(text, sandbox.ApiKey);
    }

    private static void NoRetries(UGiftMeClientOptions options) => options.Retry.MaxRetries = 0;

    private static void AssertEndsCleanly(string text, string apiKey)
    {
        // The final paragraph (after the last blank line) is the demo's verdict.
        var verdict = text.ReplaceLineEndings("\n").TrimEnd().Split("\n\n")[^1];
        Assert.That(DocumentedEndings.Any(ending => verdict.StartsWith(ending, StringComparison.Ordinal)),
            $"The output does not end with a documented verdict: {verdict}");
        Assert.That(text, Does.Not.Match(@"^\s+at \S+\(.*\)"), "no stack trace");
        Assert.That(text, Does.Not.Contain("Exception:").And.Not.Contain(" ---> "), "no exception dump");
        Assert.That(text, Does.Not.Contain(apiKey), "the key is never printed");
    }

    private static DemoSettings Settings(string apiKey, Uri baseUrl, int? webhookPort = null) =>
        DemoSettings.FromEnvironment(name => name switch
        {
            "UGIFTME_API_KEY" => apiKey,
            "UGIFTME_BASE_URL" => baseUrl.ToString(),
            "UGIFTME_WEBHOOK_URL" => webhookPort is { } port ? $"http://127.0.0.1:{port}/webhooks/ugiftme" : null,
            "UGIFTME_WEBHOOK_PORT" => webhookPort?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        });

    private static HostileApiProxy.Answer Json(int status, string body) => Raw(status, "application/json", body);

    private static HostileApiProxy.Answer Raw(int status, string contentType, string body) => (context, _) =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body);
    };

    private static HostileApiProxy.Answer Mutate(Action<JsonNode> change) => async (context, forward) =>
    {
        var real = await forward();
        var body = JsonNode.Parse(real.Body)!;
        change(body);
        real.CopyTo(context);
        context.Response.Headers.ContentLength = null;
        await context.Response.WriteAsync(body.ToJsonString());
    };

    private static void ForEachProduct(JsonNode body, Action<JsonObject> change)
    {
        var products = body is JsonArray array ? array : body["products"]!.AsArray();
        foreach (var product in products)
        {
            change(product!.AsObject());
        }
    }

    private static Task HangUp(HttpContext context, Func<Task<HostileApiProxy.Upstream>> forward)
    {
        context.Abort();
        return Task.CompletedTask;
    }

    private static async Task Truncated(HttpContext context, Func<Task<HostileApiProxy.Upstream>> forward)
    {
        var real = await forward();
        real.CopyTo(context);
        context.Response.Headers.ContentLength = real.Body.Length;
        await context.Response.Body.WriteAsync(real.Body.AsMemory(0, real.Body.Length / 2));
        await context.Response.Body.FlushAsync();
        context.Abort();
    }

    private static Task Redirect(HttpContext context, Func<Task<HostileApiProxy.Upstream>> forward)
    {
        context.Response.StatusCode = 302;
        context.Response.Headers.Location = "http://127.0.0.1:9/elsewhere";
        return Task.CompletedTask;
    }

    private static async Task NeverAnswers(HttpContext context, Func<Task<HostileApiProxy.Upstream>> forward)
    {
        var aborted = new TaskCompletionSource();
        using var registration = context.RequestAborted.Register(() => aborted.TrySetResult());
        await aborted.Task;
    }
}
