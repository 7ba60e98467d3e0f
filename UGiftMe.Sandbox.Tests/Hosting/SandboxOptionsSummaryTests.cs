namespace UGiftMe.Sandbox.Tests.Hosting;

/// <summary>One validation and one description of the options, shared by the standalone sandbox, the CLI and tests.</summary>
public class SandboxOptionsSummaryTests
{
    [Test]
    public void Validate_DefaultOptions_FindsNothing()
    {
        Assert.That(SandboxOptionsSummary.Validate(new SandboxOptions()), Is.Empty);
    }

    [Test]
    public void Validate_BadRatesLatencyWalletAndProducts_NamesEachSettingAsBound()
    {
        var options = new SandboxOptions { Wallet = { InitialBalance = -1m } };
        options.Faults.TooManyRequestsRate = 0.8;
        options.Faults.ServerErrorRate = 0.5;
        options.OrderWorker.FailureRate = double.NaN;
        options.Faults.Latency = TimeSpan.FromSeconds(-1);
        options.Products.Add(new SandboxProduct { ProductCode = "A", Merchant = "M", MinValue = 10m, MaxValue = 5m });
        options.Products.Add(new SandboxProduct { ProductCode = "a", Merchant = "M" });

        var problems = SandboxOptionsSummary.Validate(options);

        Assert.That(problems, Is.EquivalentTo(new[]
        {
            "OrderWorker:FailureRate must be between 0 and 1.",
            "Faults: the fault rates add up to 1.3; together they must be at most 1.",
            "Faults:Latency must not be negative.",
            "Wallet:InitialBalance must be 0 or more.",
            "Products:0 (A): MinValue is above MaxValue.",
            "Products: the product code A is listed more than once.",
        }));
    }

    [Test]
    public void StartAsync_WithInvalidOptions_ThrowsNamingTheProblems()
    {
        var options = new SandboxOptions();
        options.Faults.TooManyRequestsRate = 2;

        var failure = Assert.ThrowsAsync<ArgumentException>(() => SandboxServer.StartAsync(options));

        Assert.That(failure!.Message, Does.Contain("Faults:TooManyRequestsRate must be between 0 and 1."));
    }

    [Test]
    public void Describe_AScenario_SaysEachSettingInOneLinePerTopic()
    {
        var options = new SandboxOptions { OrdersAsync = true, Wallet = { InitialBalance = 75m } };
        options.OrderWorker.FailureRate = 0.5;
        options.Faults.TooManyRequestsRate = 0.25;
        options.Faults.Latency = TimeSpan.FromMilliseconds(40);
        options.Products.Add(new SandboxProduct { ProductCode = "TEST_GIFT", Merchant = "Test" });

        Assert.That(SandboxOptionsSummary.Describe(options), Is.EqualTo(new[]
        {
            "Orders: queued (202): 1 s queued, 1 s processing; 50% fail asynchronously",
            "Wallet: 75 GBP",
            "Products: TEST_GIFT",
            "Faults: 429 25%, 503 before work 0%, 503 after work 0% (Retry-After 1 s); latency 40 ms",
            "Rate limit: off",
        }));
    }
}
