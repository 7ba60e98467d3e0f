using System.Net;
using Microsoft.Extensions.Time.Testing;
using UGiftMe.Sandbox.Tests.TestSupport;

namespace UGiftMe.Sandbox.Tests.Scenarios;

/// <summary>The scenario options the CLI's switches set, and the request log and state signal tests wait on.</summary>
public class ScenarioOptionsTests
{
    [Test]
    public async Task TooManyRequestsRate_OfOne_AnswersEveryRequest429AndLogsTheFault()
    {
        var options = new SandboxOptions();
        options.Faults.TooManyRequestsRate = 1;
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var client = sandbox.CreateClient();

        using var limited = await Api.GetAsync(client, "products");

        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(Api.Header(limited, "RateLimit-Remaining"), Is.EqualTo("0"));
        var logged = sandbox.State.Requests.Single();
        Assert.That((logged.Method, logged.Path, logged.StatusCode, logged.Fault, logged.Completed), Is.EqualTo(("GET", "/products", (int?)429, "rate-limit", true)));
    }

    [Test]
    public async Task FailureRate_OfOne_FailsQueuedOrdersWithTheReasonAndReleasesTheHold()
    {
        var time = new FakeTimeProvider();
        var options = new SandboxOptions { OrdersAsync = true, TimeProvider = time };
        options.OrderWorker.FailureRate = 1;
        options.OrderWorker.FailureReason = "Merchant offline";
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var client = sandbox.CreateClient();

        using var queued = await Api.PostAsync(client, "orders", Api.Order(), "k-1");
        time.Advance(TimeSpan.FromSeconds(2));

        var request = sandbox.State.OrderRequests.Single();
        Assert.That(queued.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((request.Status, request.Error), Is.EqualTo(("failed", "Merchant offline")));
        Assert.That(sandbox.State.Orders, Is.Empty);
        Assert.That(sandbox.State.Wallet.Held, Is.Zero);
    }

    [Test]
    public async Task WaitUntilAsync_ForAStateReachedLater_CompletesWhenItChanges()
    {
        var time = new FakeTimeProvider();
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { OrdersAsync = true, TimeProvider = time });
        using var client = sandbox.CreateClient();
        using var queued = await Api.PostAsync(client, "orders", Api.Order());

        var succeeded = sandbox.State.WaitUntilAsync(state => state.OrderRequests.Any(r => r.Status == "succeeded"));
        var beforeTheClockMoved = succeeded.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(2));
        await succeeded;

        Assert.That(beforeTheClockMoved, Is.False);
        Assert.That(sandbox.State.Orders, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task WaitUntilAsync_WithAConditionThatThrows_EndsWithItsException()
    {
        await using var sandbox = await SandboxServer.StartAsync();

        Assert.ThrowsAsync<InvalidOperationException>(() => sandbox.State.WaitUntilAsync(_ => throw new InvalidOperationException("broken condition")));
    }
}
