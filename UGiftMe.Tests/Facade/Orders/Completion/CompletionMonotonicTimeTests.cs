using UGiftMe.Testing;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Orders.Completion;

/// <summary>
/// The notifier's memories and windows keep elapsed time, not wall time: an outcome kept for a late wait, the
/// remembered <c>order.queued</c> and the grace for a late webhook survive a wall clock stepped forward or back, and end
/// when the time has really passed even if the wall clock shows the same time.
/// </summary>
public sealed class CompletionMonotonicTimeTests
{
    private const string Secret = "whsec_monotonic_tests";

    private TestClock _elapsed = null!;
    private SteppedWallClock _clock = null!;
    private OrderCompletionNotifier _notifier = null!;

    [SetUp]
    public void CreateNotifier()
    {
        _elapsed = new TestClock();
        _clock = new SteppedWallClock(_elapsed);
        _notifier = new OrderCompletionNotifier(timeProvider: _clock);
    }

    [Test]
    public async Task EarlyOutcome_WallClockSteppedForwardOrBack_StillCompletesALateWait()
    {
        await _notifier.PublishAsync(Event(WebhookEventNames.OrderSucceeded, "req-early"));

        _clock.StepWallClock(TimeSpan.FromHours(1));               // past the 10-minute retention, on the wall clock only
        using var afterAStepForward = _notifier.Subscribe("req-early");
        _clock.StepWallClock(TimeSpan.FromHours(-3));
        using var afterAStepBack = _notifier.Subscribe("req-early");
        _clock.AdvanceElapsedOnly(OrderCompletionNotifier.DefaultEarlyEventRetention);
        using var afterTheRetention = _notifier.Subscribe("req-early");

        Assert.That(afterAStepForward.Completion.IsCompletedSuccessfully, Is.True);
        Assert.That(afterAStepBack.Completion.IsCompletedSuccessfully, Is.True);
        Assert.That(afterTheRetention.Completion.IsCompleted, Is.False, "ten minutes that passed are ten minutes, whatever the wall clock shows");
    }

    [Test]
    public async Task QueuedWebhook_WallClockSteppedForwardOrBack_IsStillRemembered()
    {
        await _notifier.PublishAsync(Event(WebhookEventNames.OrderQueued, "req-queued"));

        var timeout = TimeSpan.FromSeconds(5);
        _clock.StepWallClock(TimeSpan.FromHours(1));
        var missingAfterAStepForward = _notifier.RecordQueuedMissing("req-queued", timeout);
        _clock.StepWallClock(TimeSpan.FromHours(-3));
        var missingAfterAStepBack = _notifier.RecordQueuedMissing("req-queued", timeout);
        _clock.AdvanceElapsedOnly(OrderCompletionNotifier.DefaultEarlyEventRetention);
        var missingAfterTheRetention = _notifier.RecordQueuedMissing("req-queued", timeout);

        Assert.That((missingAfterAStepForward, missingAfterAStepBack, missingAfterTheRetention), Is.EqualTo((false, false, true)));
    }

    [Test]
    public async Task LateWebhookGrace_WallClockSteppedForward_DoesNotRevokeTrust()
    {
        _notifier.RecordPolledFirst("req-late");                  // a poll saw the outcome first: 30 s for its webhook

        _clock.StepWallClock(TimeSpan.FromHours(1));
        var afterAStepForward = _notifier.Trust;
        await _notifier.PublishAsync(Event(WebhookEventNames.OrderSucceeded, "req-late"));   // the webhook comes, 1 s later
        var afterTheWebhook = _notifier.Trust;

        Assert.That(afterAStepForward.Epoch, Is.Zero, "an hour on the wall clock is not the 30 s grace");
        Assert.That(afterTheWebhook, Is.EqualTo(new WebhookTrust(0, 1)), "the webhook was late, not lost: it counts, nothing is revoked");
    }

    [Test]
    public void LateWebhookGrace_ThirtySecondsPassWhileTheWallClockStandsStill_RevokesTrust()
    {
        _notifier.RecordPolledFirst("req-lost");

        _clock.StepWallClock(TimeSpan.FromHours(-1));
        var afterAStepBack = _notifier.Trust;
        _clock.AdvanceElapsedOnly(OrderCompletionNotifier.LateWebhookGrace);
        var afterTheGrace = _notifier.Trust;

        Assert.That(afterAStepBack.Epoch, Is.Zero);
        Assert.That(afterTheGrace.Epoch, Is.EqualTo(1), "the webhook did not come within 30 s of elapsed time: lost, trust revoked");
    }

    private static WebhookEvent Event(string eventName, string requestId)
    {
        var delivery = new WebhookSigner(Secret).CreateDelivery(eventName, new
        {
            orderRequestId = requestId,
            status = eventName == WebhookEventNames.OrderQueued ? "queued" : "succeeded",
            type = "single",
            result = new { orderId = "65f5a6b7c8d9e01234567890" },
            timestamp = "2026-01-01T00:00:05.000Z",
        });
        return new WebhookVerifier(Secret).Verify(delivery.Body.Span, delivery.ToWebhookHeaders());
    }
}
