using System.Net;
using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;
using Step = UGiftMe.Tests.TestSupport.ScriptedOrderRequests.Step;

namespace UGiftMe.Tests.Facade.Orders;

/// <summary>
/// An order wait keeps time on the monotonic clock: stepping the wall clock (NTP, a VM resumed, an operator) back or
/// forward changes neither when it polls nor when it times out, and moving elapsed time alone still ends it on time.
/// </summary>
public sealed class OrderWaitClockTests
{
    private const string Queued202 = """{"orderRequestId":"65e4f5b6c7d8e90123456789","status":"queued"}""";

    [TestCase(-1)]
    [TestCase(+1)]
    public async Task WallClockSteppedAnHour_PollsKeepTheirScheduleAndNoTimeoutIsFalse(int hours)
    {
        var clock = new TestClock();
        var wall = new SteppedWallClock(clock);
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(HttpStatusCode.Accepted, "application/json", Queued202);
        var server = new ScriptedOrderRequests(mock, clock, (poll, _) => poll < 3 ? Step.Processing : Step.Succeeded("""{"_id":"o-1"}"""));
        using var client = new UGiftMeClient(TestClients.Options(clock, options =>
        {
            options.TimeProvider = wall;
            options.OrderPolling.Timeout = TimeSpan.FromSeconds(20);
        }), mock);

        var operation = await client.Orders.StartAsync(Order());
        var wait = operation.WaitForCompletionAsync();
        var firstPollIn = await clock.WaitForPendingTimerAsync();
        wall.StepWallClock(TimeSpan.FromHours(hours));
        var order = await clock.RunAsync(wait);

        Assert.That(order.Id, Is.EqualTo("o-1"), "no false OrderWaitTimeoutException, no stalled wait");
        Assert.That(firstPollIn, Is.EqualTo(TimeSpan.FromSeconds(1)), "the initial delay");
        Assert.That(server.Polls, Is.EqualTo(3));
        Assert.That(server.PollTimes, Is.EqualTo(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5) })
            .Within(TimeSpan.FromMilliseconds(400)), "polls at the policy's times (2 s minimum interval, 10 % jitter), whatever the wall clock says");
    }

    [Test]
    public void ElapsedTimeAlone_EndsTheWaitAtItsTimeout()
    {
        var clock = new TestClock();
        var wall = new SteppedWallClock(clock);
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(HttpStatusCode.Accepted, "application/json", Queued202);
        _ = new ScriptedOrderRequests(mock, clock, (_, _) => Step.Processing);
        using var client = new UGiftMeClient(TestClients.Options(clock, options =>
        {
            options.TimeProvider = wall;
            options.OrderPolling.Timeout = TimeSpan.FromSeconds(20);
        }), mock);

        // Elapsed time passes timer by timer while the wall clock stands still: by the wall clock, no time passes at all.
        var thrown = Assert.ThrowsAsync<OrderWaitTimeoutException>(async () =>
        {
            var wait = client.Orders.CreateAndWaitAsync(Order());
            while (!wait.IsCompleted)
            {
                wall.AdvanceElapsedOnly(await clock.WaitForPendingTimerAsync(wait));
            }

            await wait;
        });

        Assert.That(clock.GetUtcNow() - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), Is.EqualTo(TimeSpan.FromSeconds(20)), "ended at the timeout by elapsed time");
        Assert.That(thrown!.LastStatus, Is.EqualTo("processing"));
    }

    private static CreateOrderRequest Order() => new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 };
}
