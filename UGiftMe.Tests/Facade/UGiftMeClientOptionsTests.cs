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
        yield return Case("BaseAddress with query", o => o.BaseAddress = new Uri("https://example.com/api?tenant=1"), "UGiftMeClientOptions.BaseAddress must not have a query");
        yield return Case("BaseAddress with fragment", o => o.BaseAddress = new Uri("https://example.com/api#x"), "UGiftMeClientOptions.BaseAddress must not have a query");
        yield return Case("AttemptTimeout beyond a timer", o => o.AttemptTimeout = TimeSpan.FromDays(60), "UGiftMeClientOptions.AttemptTimeout must be at most");
        yield return Case("TotalTimeout beyond a timer", o => o.TotalTimeout = TimeSpan.FromDays(60), "UGiftMeClientOptions.TotalTimeout must be at most");
        yield return Case("Retry.MaxDelay beyond Polly", o => o.Retry.MaxDelay = TimeSpan.FromDays(2), "UGiftMeClientOptions.Retry.MaxDelay must be at most 1.00:00:00");
        yield return Case("Retry.BaseDelay beyond Polly", o => o.Retry.BaseDelay = TimeSpan.FromDays(2), "UGiftMeClientOptions.Retry.BaseDelay must be at most 1.00:00:00");
        yield return Case("Retry.MaxRetryAfter beyond Polly", o => o.Retry.MaxRetryAfter = TimeSpan.FromDays(2), "UGiftMeClientOptions.Retry.MaxRetryAfter must be at most");
        yield return Case("OrderPolling.Timeout beyond a timer", o => o.OrderPolling.Timeout = TimeSpan.FromDays(60), "UGiftMeClientOptions.OrderPolling.Timeout must be at most");
        yield return Case("OrderPolling.MaxInterval beyond a timer", o => o.OrderPolling.MaxInterval = TimeSpan.FromDays(60), "UGiftMeClientOptions.OrderPolling.MaxInterval must be at most");
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

    [Test]
    public void Serialize_WithSystemTextJsonOrNewtonsoft_NeverWritesTheKey()
    {
        var options = new UGiftMeClientOptions { ApiKey = Key };

        var systemText = System.Text.Json.JsonSerializer.Serialize(options);
        var newtonsoft = Newtonsoft.Json.JsonConvert.SerializeObject(options);

        Assert.That(systemText, Does.Contain("AttemptTimeout"), "the options were serialized");
        Assert.That(newtonsoft, Does.Contain("AttemptTimeout"), "the options were serialized");
        Assert.That(systemText, Does.Not.Contain(Key).And.Not.Contain("ApiKey"));
        Assert.That(newtonsoft, Does.Not.Contain(Key).And.Not.Contain("ApiKey"));
    }

    [Test]
    public void Debugger_ShowsTheMaskedDescriptionAndHidesTheKeyMember()
    {
        var display = typeof(UGiftMeClientOptions).GetCustomAttributes(typeof(System.Diagnostics.DebuggerDisplayAttribute), false)
            .Cast<System.Diagnostics.DebuggerDisplayAttribute>().Single();
        var browsable = typeof(UGiftMeClientOptions).GetProperty(nameof(UGiftMeClientOptions.ApiKey))!
            .GetCustomAttributes(typeof(System.Diagnostics.DebuggerBrowsableAttribute), false)
            .Cast<System.Diagnostics.DebuggerBrowsableAttribute>().Single();

        Assert.That(display.Value, Is.EqualTo("{ToString(),nq}"));
        Assert.That(new UGiftMeClientOptions { ApiKey = Key }.ToString(), Does.Contain("ApiKey = <set>").And.Not.Contain(Key));
        Assert.That(browsable.State, Is.EqualTo(System.Diagnostics.DebuggerBrowsableState.Never));
    }
}
