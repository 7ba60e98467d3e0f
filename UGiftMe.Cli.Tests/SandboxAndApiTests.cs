using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using UGiftMe.Cli.Tests.TestSupport;

namespace UGiftMe.Cli.Tests;

/// <summary>`ugiftme sandbox` in one process, the API commands in others, talking over 127.0.0.1 as a user's would.</summary>
public sealed class SandboxAndApiTests
{
    private const string Order = """{"productCode":"AMAZON_UK_STD","merchant":"Amazon UK","currency":"GBP","valuePurchased":50}""";

    [Test]
    [CancelAfter(120_000)]
    public async Task Auth_AgainstThePrintedSandbox_ShowsTheAccount_AndCtrlCStopsTheSandbox(CancellationToken cancellationToken)
    {
        using var sandbox = await RunningSandbox.StartAsync(cancellationToken);

        var table = await ToolProcess.RunAsync(["auth"], sandbox.Environment, cancellationToken);
        var json = await ToolProcess.RunAsync(["auth", "--json"], sandbox.Environment, cancellationToken);

        Assert.That(sandbox.BaseUrl.AbsolutePath, Is.EqualTo("/"), "UGIFTME_BASE_URL is a BaseAddress: the server root");
        Assert.That(table.ExitCode, Is.Zero, table.Transcript);
        Assert.That(table.OutputText, Does.Contain("Example Retail Ltd").And.Contain("verified"));
        Assert.That(json.ExitCode, Is.Zero, json.Transcript);
        Assert.That(JsonNode.Parse(json.OutputText)!["name"]!.GetValue<string>(), Is.EqualTo("Example Retail Ltd"));

        await sandbox.Process.PressCtrlCAsync(cancellationToken);
        Assert.That(await sandbox.Process.WaitForExitAsync(cancellationToken), Is.Zero, sandbox.Process.Transcript);
        Assert.That(sandbox.Process.Output, Does.Contain("Stopping the sandbox."));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Auth_WithAWrongKey_IsOneLineWithoutTheKey_AndExitCodeThree(CancellationToken cancellationToken)
    {
        using var sandbox = await RunningSandbox.StartAsync(cancellationToken);
        const string WrongKey = "00000000-1111-2222-3333-444444444444";

        var result = await ToolProcess.RunAsync(
            ["auth"], new Dictionary<string, string?>(sandbox.Environment) { ["UGIFTME_API_KEY"] = WrongKey }, cancellationToken);

        Assert.That(result.ExitCode, Is.EqualTo(3), result.Transcript);
        Assert.That(result.Error, Has.Count.EqualTo(1), result.Transcript);
        Assert.That(result.ErrorText, Does.StartWith("UGiftMe refused the API key (HTTP 401: Invalid API key - Key not recognised)."));
        Assert.That(result.ErrorText + result.OutputText, Does.Not.Contain(WrongKey).And.Not.Contain("   at "));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Auth_WithoutAKey_SaysWhichVariable_AndExitCodeTwo(CancellationToken cancellationToken)
    {
        var result = await ToolProcess.RunAsync(["auth"], null, cancellationToken);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Transcript);
        Assert.That(result.ErrorText, Does.StartWith("UGIFTME_API_KEY is not set."));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Sandbox_WithAFaultRateAboveOne_IsRefused(CancellationToken cancellationToken)
    {
        var result = await ToolProcess.RunAsync(["sandbox", "--fault-rate", "1.5"], null, cancellationToken);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Transcript);
        Assert.That(result.ErrorText, Does.Contain("--fault-rate must be between 0 and 1."));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Sandbox_WithARateLimitRateAboveOne_IsRefused(CancellationToken cancellationToken)
    {
        var result = await ToolProcess.RunAsync(["sandbox", "--rate-limit-rate", "2"], null, cancellationToken);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Transcript);
        Assert.That(result.ErrorText, Does.Contain("--rate-limit-rate must be between 0 and 1."));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Sandbox_WithScenarioSwitches_PrintsThemAndServesThem(CancellationToken cancellationToken)
    {
        var catalog = Path.Combine(Path.GetTempPath(), $"ugiftme-products-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(catalog, """[{"productCode":"TEST_GIFT","name":"Test gift","merchant":"Test Merchant","currency":"GBP","minValue":1,"maxValue":20}]""", cancellationToken);
        try
        {
            using var sandbox = await RunningSandbox.StartAsync(
                cancellationToken, "--async", "--wallet", "75", "--rate-limit-rate", "0.25", "--retry-after", "0", "--latency", "5",
                "--async-failure-rate", "0.5", "--products", catalog);
            await sandbox.Process.WaitForLineAsync(line => line.StartsWith("Press Ctrl+C", StringComparison.Ordinal), cancellationToken);

            var products = await ToolProcess.RunAsync(["products", "--json"], sandbox.Environment, cancellationToken);

            Assert.That(string.Join('\n', sandbox.Process.Output), Does.Contain("Orders: queued (202): 1 s queued, 1 s processing; 50% fail asynchronously")
                .And.Contain("Wallet: 75 GBP")
                .And.Contain("Products: TEST_GIFT")
                .And.Contain("Faults: 429 25%, 503 before work 0%, 503 after work 0% (Retry-After 0 s); latency 5 ms"), sandbox.Process.Transcript);
            Assert.That(products.ExitCode, Is.Zero, products.Transcript);
            Assert.That(products.OutputText, Does.Contain("TEST_GIFT").And.Not.Contain("AMAZON_UK_STD"), "the catalog of --products, the SDK's retries absorbing the 429s");
        }
        finally
        {
            File.Delete(catalog);
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task WalletProductsAndOrdersGet_ShowTheSandboxData_AsTablesAndJson(CancellationToken cancellationToken)
    {
        using var sandbox = await RunningSandbox.StartAsync(cancellationToken);
        using var created = await sandbox.Http.PostAsync("orders", new StringContent(Order, System.Text.Encoding.UTF8, "application/json"), cancellationToken);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var order = (await created.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        var orderId = order["_id"]!.GetValue<string>();
        var voucher = order["merchant"]!["voucherCode"]!.GetValue<string>();

        var wallet = await ToolProcess.RunAsync(["wallet", "--json"], sandbox.Environment, cancellationToken);
        var products = await ToolProcess.RunAsync(["products"], sandbox.Environment, cancellationToken);
        var get = await ToolProcess.RunAsync(["orders", "get", orderId], sandbox.Environment, cancellationToken);
        var missing = await ToolProcess.RunAsync(["orders", "get", "000000000000000000000000"], sandbox.Environment, cancellationToken);

        Assert.That(wallet.ExitCode, Is.Zero, wallet.Transcript);
        var wallets = JsonNode.Parse(wallet.OutputText)!.AsArray();
        Assert.That(wallets[0]!["currency"]!.GetValue<string>(), Is.EqualTo("GBP"));
        Assert.That(wallets[0]!["balance"]!.GetValue<decimal>(), Is.EqualTo(1950m), "the 2000 GBP opening balance less the order");
        Assert.That(products.ExitCode, Is.Zero, products.Transcript);
        Assert.That(products.Output[0], Does.StartWith("code").And.Contain("merchant"));
        Assert.That(products.Output, Has.Some.StartsWith("AMAZON_UK_STD").And.Some.StartsWith("JL_UK_STD").And.Some.StartsWith("TESCO-GBP-50"));
        Assert.That(get.ExitCode, Is.Zero, get.Transcript);
        Assert.That(get.OutputText, Does.Contain(orderId).And.Contain(voucher).And.Contain("50 GBP"));
        Assert.That(missing.ExitCode, Is.EqualTo(1), missing.Transcript);
        Assert.That(missing.ErrorText, Does.StartWith("Not found (HTTP 404"));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task OrdersWatch_OnAQueuedOrder_PrintsEachStatusChange_UntilSucceeded(CancellationToken cancellationToken)
    {
        using var sandbox = await RunningSandbox.StartAsync(cancellationToken, "--async");
        using var created = await sandbox.Http.PostAsync("orders", new StringContent(Order, System.Text.Encoding.UTF8, "application/json"), cancellationToken);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "--async queues orders");
        var requestId = (await created.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["orderRequestId"]!.GetValue<string>();

        var watch = await ToolProcess.RunAsync(["orders", "watch", requestId, "--json"], sandbox.Environment, cancellationToken);

        Assert.That(watch.ExitCode, Is.Zero, watch.Transcript);
        var updates = watch.Output.Select(line => JsonNode.Parse(line)!).ToList();
        var statuses = updates.Select(u => u["status"]!.GetValue<string>()).ToList();
        Assert.That(statuses, Is.Unique, "one line per change");
        Assert.That(statuses[^1], Is.EqualTo("succeeded"));
        Assert.That(new[] { "queued", "processing", "succeeded" }.Where(statuses.Contains), Is.EqualTo(statuses), "in lifecycle order");
        var orderId = updates[^1]["orderId"]!.GetValue<string>();
        using var order = await sandbox.Http.GetAsync($"orders/{orderId}", cancellationToken);
        Assert.That(order.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the order watch reported exists");
    }
}
