namespace UGiftMe.Tests.Facade;

public sealed class UGiftMeClientOptionsTests
{
    private const string Key = "6b4e22b2-c0a5-4c7a-888a-b38eac20b454";

    private static IEnumerable<TestCaseData> BadSettings()
    {
        yield return Case("ApiKey missing", o => o.ApiKey = null, "UGiftMeClientOptions.ApiKey is required");
        yield return Case("ApiKey blank", o => o.ApiKey = "  ", "UGiftMeClientOptions.ApiKey is required");
        yield return Case("ApiKey with line break", o => o.ApiKey = Key + "\n", "UGiftMeClientOptions.ApiKey has a character");
        yield return Case("Environment", o => o.Environment = (UGiftMeEnvironment)7, "UGiftMeClientOptions.Environment");
        yield return Case("BaseAddress relative", o => o.BaseAddress = new Uri("/api", UriKind.Relative), "UGiftMeClientOptions.BaseAddress");
        yield return Case("BaseAddress ftp", o => o.BaseAddress = new Uri("ftp://example.com/"), "UGiftMeClientOptions.BaseAddress");
        yield return Case("AttemptTimeout", o => o.AttemptTimeout = TimeSpan.Zero, "UGiftMeClientOptions.AttemptTimeout");
        yield return Case("TotalTimeout", o => o.TotalTimeout = TimeSpan.FromSeconds(-5), "UGiftMeClientOptions.TotalTimeout");
        yield return Case("Retry null", o => o.Retry = null!, "UGiftMeClientOptions.Retry must not be null");
        yield return Case("Retry.MaxRetries", o => o.Retry.MaxRetries = -1, "UGiftMeClientOptions.Retry.MaxRetries");
        yield return Case("Retry.BaseDelay", o => o.Retry.BaseDelay = TimeSpan.Zero, "UGiftMeClientOptions.Retry.BaseDelay");
        yield return Case("Retry.MaxDelay", o => o.Retry.MaxDelay = TimeSpan.Zero, "UGiftMeClientOptions.Retry.MaxDelay");
        yield return Case("Retry.MaxRetryAfter", o => o.Retry.MaxRetryAfter = TimeSpan.FromSeconds(-1), "UGiftMeClientOptions.Retry.MaxRetryAfter");
        yield return Case("OrderPolling null", o => o.OrderPolling = null!, "UGiftMeClientOptions.OrderPolling must not be null");
        yield return Case("OrderPolling.MinInterval", o => o.OrderPolling.MinInterval = TimeSpan.Zero, "UGiftMeClientOptions.OrderPolling.MinInterval");
        yield return Case("OrderPolling.Timeout", o => o.OrderPolling.Timeout = TimeSpan.Zero, "UGiftMeClientOptions.OrderPolling.Timeout");
    }

    [TestCaseSource(nameof(BadSettings))]
    public void Validate_BadSetting_ReportsOneProblemNamingIt(Action<UGiftMeClientOptions> spoil, string expected)
    {
        var options = new UGiftMeClientOptions { ApiKey = Key };
        spoil(options);

        var problems = options.Validate();

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.StartWith(expected));
        Assert.That(() => options.EnsureValid(), Throws.ArgumentException.With.Message.Contain(expected));
    }

    [Test]
    public void Validate_Defaults_AreValidAndInfiniteTimeoutsAreAllowed()
    {
        var options = new UGiftMeClientOptions { ApiKey = Key, AttemptTimeout = Timeout.InfiniteTimeSpan, TotalTimeout = Timeout.InfiniteTimeSpan };

        Assert.That(options.Validate(), Is.Empty);
    }

    [Test]
    public void Validate_BadKey_NeverQuotesIt()
    {
        var options = new UGiftMeClientOptions { ApiKey = "pasted " + Key };

        Assert.That(string.Join(" ", options.Validate()), Does.Not.Contain(Key).And.Contain("position 6"));
    }

    [Test]
    public void ToString_NeverShowsTheKey()
    {
        var options = new UGiftMeClientOptions { ApiKey = Key, Environment = UGiftMeEnvironment.Production };

        Assert.That(options.ToString(), Does.Not.Contain(Key).And.Contain("ApiKey = <set>").And.Contain("https://api.ugift.me/"));
        Assert.That(new UGiftMeClientOptions().ToString(), Does.Contain("ApiKey = <not set>"));
    }

    [Test]
    public void ResolvedBaseAddress_BaseAddressOverridesEnvironment()
    {
        Assert.That(new UGiftMeClientOptions { Environment = UGiftMeEnvironment.Production }.ResolvedBaseAddress, Is.EqualTo(UGiftMeClientOptions.ProductionBaseAddress));
        Assert.That(new UGiftMeClientOptions().ResolvedBaseAddress, Is.EqualTo(UGiftMeClientOptions.SandboxBaseAddress));
        Assert.That(new UGiftMeClientOptions { Environment = UGiftMeEnvironment.Production, BaseAddress = new Uri("http://localhost:4010/") }.ResolvedBaseAddress,
            Is.EqualTo(new Uri("http://localhost:4010/")));
    }

    private static TestCaseData Case(string name, Action<UGiftMeClientOptions> spoil, string expected) =>
        new(spoil, expected) { TestName = $"Validate_BadSetting_ReportsOneProblemNamingIt({name})" };
}
