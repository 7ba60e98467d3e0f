using System.Net;
using Microsoft.Extensions.Time.Testing;
using UGiftMe.Sandbox.Tests.TestSupport;

namespace UGiftMe.Sandbox.Tests.RateLimiting;

public class RateLimitTests
{
    private static SandboxOptions Limited()
    {
        var options = new SandboxOptions();
        options.RateLimit.Enabled = true;
        options.RateLimit.PermitLimit = 2;
        options.RateLimit.Window = TimeSpan.FromMinutes(10);
        options.ApiKeys.Add(new SandboxApiKey { Key = "first" });
        options.ApiKeys.Add(new SandboxApiKey { Key = "second" });
        return options;
    }

    [Test]
    public async Task Requests_OverThePermitLimit_Get429WithHeaders()
    {
        await using var sandbox = await SandboxServer.StartAsync(Limited());
        using var client = sandbox.CreateClient();

        using var one = await Api.GetAsync(client, "auth");
        using var two = await Api.GetAsync(client, "auth");
        using var three = await Api.GetAsync(client, "auth");

        Assert.That(new[] { one.StatusCode, two.StatusCode, three.StatusCode }, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.That(Api.Header(one, "RateLimit-Limit"), Is.EqualTo("2"));
        Assert.That(Api.Header(one, "RateLimit-Remaining"), Is.EqualTo("1"));
        Assert.That(Api.Header(two, "RateLimit-Remaining"), Is.EqualTo("0"));
        Assert.That(int.Parse(Api.Header(one, "RateLimit-Reset"), System.Globalization.CultureInfo.InvariantCulture), Is.InRange(1, 600));
        Assert.That(Api.Header(three, "RateLimit-Remaining"), Is.EqualTo("0"));
        Assert.That(int.Parse(Api.Header(three, "Retry-After"), System.Globalization.CultureInfo.InvariantCulture), Is.InRange(1, 600));
        Assert.That((string?)(await Api.JsonAsync(three))["error"], Does.StartWith("Too many"));
    }

    [Test]
    public async Task Limit_IsPerApiKey()
    {
        await using var sandbox = await SandboxServer.StartAsync(Limited());
        using var first = sandbox.CreateClient();
        using var second = sandbox.CreateClient(withApiKey: false);
        second.DefaultRequestHeaders.Add("X-API-Key", "second");

        for (var i = 0; i < 3; i++)
        {
            using var spent = await Api.GetAsync(first, "auth");
        }

        using var other = await Api.GetAsync(second, "auth");

        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Window_IsMeasuredOnTheSandboxClock_AllowanceReturnsWhenItHasPassed()
    {
        var time = new FakeTimeProvider();
        var options = Limited();
        options.TimeProvider = time;
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var client = sandbox.CreateClient();

        using var first = await Api.GetAsync(client, "auth");
        time.Advance(TimeSpan.FromMinutes(4));
        using var second = await Api.GetAsync(client, "auth");
        using var refused = await Api.GetAsync(client, "auth");
        time.Advance(TimeSpan.FromMinutes(6) - TimeSpan.FromTicks(1));
        using var stillRefused = await Api.GetAsync(client, "auth");
        time.Advance(TimeSpan.FromTicks(1));
        using var nextWindow = await Api.GetAsync(client, "auth");

        Assert.That(Api.Header(first, "RateLimit-Reset"), Is.EqualTo("600"), "the window starts at the key's first request");
        Assert.That(Api.Header(second, "RateLimit-Reset"), Is.EqualTo("360"));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(Api.Header(refused, "Retry-After"), Is.EqualTo("360"));
        Assert.That(stillRefused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(Api.Header(stillRefused, "Retry-After"), Is.EqualTo("1"));
        Assert.That(nextWindow.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Api.Header(nextWindow, "RateLimit-Remaining"), Is.EqualTo("1"));
        Assert.That(Api.Header(nextWindow, "RateLimit-Reset"), Is.EqualTo("600"));
    }

    [Test]
    public async Task Disabled_ByDefault_SendsNoRateLimitHeaders()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        using var response = await Api.GetAsync(client, "auth");

        Assert.That(Api.Header(response, "RateLimit-Limit"), Is.Empty);
    }
}
