using System.Text;
using UGiftMe.Testing;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Orders.Completion;

/// <summary>
/// What publishing a completion nobody waits for costs once the notifier holds as many order requests as it keeps:
/// nothing in a Release build (the outcome is kept as values in its dictionary, whose room an expired request frees),
/// counted exactly on this thread with events verified before counting.
/// </summary>
public sealed class OrderCompletionNotifierAllocationTests
{
    private const string Secret = "whsec_notifier_allocation";
    private const int Kept = 10_000; // OrderCompletionNotifier.MaxKeptRequests
    private const int Counted = 2_000;

    [Test]
    public async Task PublishAsync_OfCompletionsNobodyWaitsFor_WhenFull_AllocatesNothingPerCompletion()
    {
        var notifier = new OrderCompletionNotifier(timeProvider: new TestClock());
        var signer = new WebhookSigner(Secret);
        var verifier = new WebhookVerifier(Secret);
        var events = Enumerable.Range(0, Kept + 100 + Counted).Select(i =>
        {
            var delivery = signer.CreateDelivery(WebhookEventNames.OrderSucceeded, Encoding.UTF8.GetBytes(
                $$"""{"orderRequestId":"req-{{i:x8}}","status":"succeeded","type":"single","result":{"orderId":"ord-{{i:x8}}"},"timestamp":"2025-04-11T08:00:12.000Z"}"""));
            return verifier.Verify(delivery.Body.Span, delivery.ToWebhookHeaders());
        }).ToArray();
        for (var i = 0; i < Kept + 100; i++)
        {
            Assert.That(await notifier.PublishAsync(events[i]), Is.True);
        }

        var published = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = Kept + 100; i < events.Length; i++)
        {
            var publishing = notifier.PublishAsync(events[i]);
            published += publishing.IsCompletedSuccessfully && publishing.Result ? 1 : 0;
        }

        var perCompletion = (GC.GetAllocatedBytesForCurrentThread() - before) / Counted;
        Assert.That(published, Is.EqualTo(Counted), "each completed at once and ended its order request");

        TestContext.Out.WriteLine($"OrderCompletionNotifier.PublishAsync, full: {perCompletion} B per completion");
        Assert.That(perCompletion, Is.Zero);
        var last = $"{events.Length - 1:x8}";
        using var late = notifier.Subscribe("req-" + last);
        Assert.That(late.Completion.IsCompleted, Is.True, "the last outcome is still kept for a wait that starts late");
        Assert.That((await late.Completion).OrderId, Is.EqualTo("ord-" + last));
    }
}
