
namespace UGiftMe.IntegrationTests.Faults;

public class RateLimitTests : IntegrationTest
{
    [Test]
    public async Task ListAsync_StormOfThree429s_WaitsEachRetryAfterThenSucceeds()
    {
        var clock = new TestClock();
        var harness = await StartAsync(clock: clock);
        harness.Sandbox.Faults.Enqueue(SandboxFault.TooManyRequests, SandboxFault.TooManyRequests, SandboxFault.TooManyRequests);
        var started = clock.GetUtcNow();

        var result = await clock.RunAsync(harness.Client.Wallet.ListAsync());

        Assert.That(result.Metadata.StatusCode, Is.EqualTo(200));
        Assert.That(result.Metadata.RetryCount, Is.EqualTo(3));
        Assert.That(clock.GetUtcNow() - started, Is.EqualTo(TimeSpan.FromSeconds(3)), "three Retry-After: 1 waits, nothing shorter");
        Assert.That(harness.Validator.CheckedCount, Is.EqualTo(4));
    }

    [Test]
    public async Task ListAsync_StormLongerThanMaxRetries_ThrowsRateLimitedWithTheServersHint()
    {
        var clock = new TestClock();
        var harness = await StartAsync(clock: clock);
        harness.Sandbox.Faults.Enqueue(Enumerable.Repeat(SandboxFault.TooManyRequests, 4));

        var error = await CatchAsync<RateLimitedException>(clock.RunAsync(harness.Client.Wallet.ListAsync()));

        Assert.That(error.StatusCode, Is.EqualTo(429));
        Assert.That(error.RetryCount, Is.EqualTo(3));
        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(harness.Client.LastRateLimit, Is.Not.Null);
    }

    [Test]
    public async Task Calls_RealLimiterWindowLongerThanMaxRetryAfter_ThrowsRateLimitedAtOnceWithoutWaiting()
    {
        var harness = await StartAsync(sandbox =>
        {
            sandbox.RateLimit.Enabled = true;
            sandbox.RateLimit.PermitLimit = 2;
            sandbox.RateLimit.Window = TimeSpan.FromHours(1);
        }, clock: new TestClock());
        await harness.Client.Auth.VerifyAsync();
        var second = await harness.Client.Auth.VerifyAsync();

        var error = await CatchAsync<RateLimitedException>(harness.Client.Auth.VerifyAsync());

        Assert.That(second.Metadata.RateLimit!.Limit, Is.EqualTo(2));
        Assert.That(second.Metadata.RateLimit.Remaining, Is.Zero);
        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromHours(1)), "the whole window (the clock stood still), longer than Retry.MaxRetryAfter, so not slept on");
        Assert.That(error.RetryCount, Is.Zero);
        Assert.That(harness.Client.LastRateLimit!.Remaining, Is.Zero);
    }
}
