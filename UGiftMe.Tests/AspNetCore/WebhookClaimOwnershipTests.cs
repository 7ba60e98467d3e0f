using System.Net;
using Microsoft.Extensions.DependencyInjection;
using UGiftMe.Testing;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.AspNetCore;

/// <summary>
/// Claims have owners, through the receiver over real HTTP with the in-memory store and fake time: a delivery whose
/// handler outlasts the claim timeout and then fails never runs beside another attempt; an attempt that lost its claim
/// cannot free or complete the claim of the attempt that took over; stepping the wall clock moves no claim.
/// </summary>
public sealed class WebhookClaimOwnershipTests
{
    private const string Secret = "a1b2c3d4e5f678901234567890abcdef1234567890abcdef1234567890abcd";
    private static readonly TimeSpan ClaimTimeout = InMemoryWebhookDeduplicationStore.DefaultClaimTimeout;

    [Test]
    public async Task Delivery_HandlerSlowerThanTheClaimTimeoutThenFails_IsNeverRunTwiceAtOnce()
    {
        var time = new TestClock();
        var handler = new ScriptedWebhookHandler();
        await using var host = await StartAsync(handler, time);
        var delivery = Delivery();

        handler.Hold(1);
        var first = host.PostAsync(delivery);                    // attempt 1 claims and runs, slowly
        await handler.Started(1);
        Assert.That(time.NextDue(), Is.Not.Null, "while the handler runs, a renewal of its claim is scheduled");
        while (time.GetUtcNow() - time.Start < ClaimTimeout + ClaimTimeout / 3)
        {
            await time.AdvanceToNextTimerAsync();                  // its claim is renewed every third of the timeout
        }

        await time.WaitForPendingTimerAsync();                     // the last renewal is done
        using var duringTheSlowRun = await host.PostAsync(delivery);
        handler.Finish(1, fail: true);                             // attempt 1 fails after 80 s, past the 60 s timeout
        using var firstAnswer = await first;
        handler.Hold(2);
        var retry = host.PostAsync(delivery);                      // UGiftMe's retry runs it again
        await handler.Started(2);
        using var duringTheRetry = await host.PostAsync(delivery);
        handler.Finish(2, fail: false);
        using var retryAnswer = await retry;
        using var later = await host.PostAsync(delivery);

        Assert.That(duringTheSlowRun.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "80 s into a run on a 60 s claim, the claim still holds");
        Assert.That(firstAnswer.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(duringTheRetry.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(retryAnswer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(handler.Runs, Is.EqualTo(2), "the failed attempt and the retry that succeeded");
        Assert.That(handler.MostAtOnce, Is.EqualTo(1), "never two runs of one delivery at once");
    }

    [Test]
    public async Task Delivery_QuickOneHandledWhileASlowOneRuns_LeavesTheSlowOnesClaimRenewed()
    {
        // One timer renews every claim held: a delivery that ends must not stop the renewals of one still running.
        var time = new TestClock();
        var handler = new ScriptedWebhookHandler();
        await using var host = await StartAsync(handler, time);
        var slow = Delivery();

        handler.Hold(1);
        var first = host.PostAsync(slow);
        await handler.Started(1);
        using var quick = await host.PostAsync(Delivery("65e4f5b6c7d8e90123450000"));
        Assert.That(time.NextDue(), Is.Not.Null, "the slow delivery's claim is still to be renewed");
        while (time.GetUtcNow() - time.Start < ClaimTimeout + ClaimTimeout / 3)
        {
            await time.AdvanceToNextTimerAsync();
        }

        await time.WaitForPendingTimerAsync();
        using var duringTheSlowRun = await host.PostAsync(slow);
        handler.Finish(1, fail: false);
        using var firstAnswer = await first;
        using var later = await host.PostAsync(slow);

        Assert.That(quick.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(duringTheSlowRun.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "80 s into a run on a 60 s claim, the claim still holds");
        Assert.That(firstAnswer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(handler.Runs, Is.EqualTo(2), "the slow delivery once and the quick one once");
        Assert.That(time.NextDue(), Is.Null, "with no claim held, the renewal timer is not armed");
    }

    [Test]
    public async Task Delivery_AttemptThatLostItsClaimThenFails_CannotFreeTheClaimOfTheAttemptThatTookOver()
    {
        // The store cannot be reached for renewals (a network blip): attempt 1's claim expires while it runs.
        var time = new TestClock();
        var handler = new ScriptedWebhookHandler();
        var store = new UnrenewableStore(new InMemoryWebhookDeduplicationStore(timeProvider: time));
        await using var host = await StartAsync(handler, time, store);
        var delivery = Delivery();

        handler.Hold(1);
        var first = host.PostAsync(delivery);
        await handler.Started(1);
        Assert.That(time.NextDue(), Is.Not.Null, "while the handler runs, a renewal of its claim is scheduled");
        while (time.GetUtcNow() - time.Start < ClaimTimeout)
        {
            await time.AdvanceToNextTimerAsync();
        }

        await time.WaitForPendingTimerAsync();
        handler.Hold(2);
        var takeover = host.PostAsync(delivery);                   // attempt 2 claims the expired delivery
        await handler.Started(2);
        handler.Finish(1, fail: true);                             // attempt 1 fails: its release must not free attempt 2's claim
        using var firstAnswer = await first;
        using var whileTheTakeoverRuns = await host.PostAsync(delivery);
        handler.Finish(2, fail: false);
        using var takeoverAnswer = await takeover;
        using var later = await host.PostAsync(delivery);

        Assert.That(firstAnswer.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(whileTheTakeoverRuns.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "attempt 2 still holds the delivery");
        Assert.That(takeoverAnswer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.OK), "attempt 2 recorded the delivery as handled");
        Assert.That(handler.Runs, Is.EqualTo(2), "no third run");
        Assert.That(store.FailedRenewals, Is.Positive, "the renewals were tried and failed");
        Assert.That(host.Logs.GetSnapshot().Count(r => r.Message.Contains("no longer holds its claim", StringComparison.Ordinal)), Is.EqualTo(1),
            "attempt 1 said it recorded nothing");
    }

    [Test]
    public async Task Delivery_WallClockSteppedWhileItRunsAndAfterwards_ChangesNoClaim()
    {
        var time = new TestClock();
        var wall = new SteppedWallClock(time);
        var handler = new ScriptedWebhookHandler();
        await using var host = await StartAsync(handler, wall);
        var delivery = Delivery();

        handler.Hold(1);
        var first = host.PostAsync(delivery);
        await handler.Started(1);
        wall.StepWallClock(TimeSpan.FromMinutes(2));               // past the claim timeout on the wall clock only
        using var afterAStepForward = await host.PostAsync(delivery);
        wall.StepWallClock(TimeSpan.FromHours(-1));
        using var afterAStepBack = await host.PostAsync(delivery);
        handler.Finish(1, fail: false);
        using var firstAnswer = await first;
        wall.StepWallClock(TimeSpan.FromDays(2));                  // past the retention on the wall clock only
        using var handledThenStepped = await host.PostAsync(delivery);

        Assert.That(afterAStepForward.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(afterAStepBack.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(firstAnswer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(handledThenStepped.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(handler.Runs, Is.EqualTo(1), "a handled delivery does not run again because the wall clock jumped");
    }

    private static SignedWebhookDelivery Delivery(string orderRequestId = "65e4f5b6c7d8e90123456789") => new WebhookSigner(Secret).CreateDelivery(WebhookEventNames.OrderSucceeded, new
    {
        orderRequestId,
        status = "succeeded",
        type = "single",
        result = new { orderId = "65f5a6b7c8d9e01234567890" },
        timestamp = "2026-01-01T00:00:05.000Z",
    });

    private static Task<WebhookReceiverHost> StartAsync(ScriptedWebhookHandler handler, TimeProvider time, IWebhookDeduplicationStore? store = null) =>
        WebhookReceiverHost.StartAsync(
            o => o.Secrets.Add(Secret),
            (_, _) => handler.RunAsync(),
            b =>
            {
                b.Services.AddSingleton(time);
                if (store is not null)
                {
                    b.Services.AddSingleton(store);
                }
            });

    /// <summary>The in-memory store whose renewals fail, as if the store could not be reached for them.</summary>
    private sealed class UnrenewableStore(InMemoryWebhookDeduplicationStore inner) : IWebhookDeduplicationStore
    {
        private int _failedRenewals;

        public int FailedRenewals => Volatile.Read(ref _failedRenewals);

        public TimeSpan ClaimTimeout => inner.ClaimTimeout;

        public ValueTask<WebhookDeliveryClaim> TryClaimAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
            inner.TryClaimAsync(idempotencyKey, cancellationToken);

        public ValueTask<bool> RenewAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _failedRenewals);
            throw new IOException("the store cannot be reached");
        }

        public ValueTask<bool> MarkProcessedAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default) =>
            inner.MarkProcessedAsync(claim, cancellationToken);

        public ValueTask<bool> ReleaseAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default) =>
            inner.ReleaseAsync(claim, cancellationToken);
    }
}
