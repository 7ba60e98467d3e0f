using System.Net;
using RichardSzalay.MockHttp;
using UGiftMe.Tests.TestSupport;
using Step = UGiftMe.Tests.TestSupport.ScriptedOrderRequests.Step;

namespace UGiftMe.Tests.Facade.Orders;

/// <summary>
/// The default polling policy, measured end to end with fake time: completion is noticed within
/// max(2 s, 20 % of the job's duration), a 60 s job costs at most 20 polls and a 10-minute job at most 35.
/// </summary>
public sealed class OrderPollingOptionsTests
{
    private static readonly double[] JobSeconds = [0.2, 0.5, 1, 1.5, 2, 3, 5, 7, 10, 13, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600];

    public static IEnumerable<double> Jobs() => JobSeconds;

    [TestCaseSource(nameof(Jobs))]
    public async Task DefaultPolicy_JobOfGivenLength_IsNoticedInTimeWithFewPolls(double seconds)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        var (lag, polls) = await MeasureAsync(duration);

        var allowedLag = TimeSpan.FromSeconds(Math.Max(2, 0.2 * seconds));
        Assert.That(lag, Is.LessThanOrEqualTo(allowedLag), $"noticed {lag.TotalSeconds:0.##} s after a {seconds} s job finished");
        if (seconds <= 60)
        {
            Assert.That(polls, Is.LessThanOrEqualTo(20));
        }

        Assert.That(polls, Is.LessThanOrEqualTo(35));
        TestContext.Out.WriteLine($"job {seconds,6} s: {polls,2} polls, noticed after {lag.TotalSeconds,6:0.00} s (allowed {allowedLag.TotalSeconds:0.##} s)");
    }

    [Test]
    public void NextInterval_WorstCaseJitterOverTenMinutes_StaysWithinThePollBudget()
    {
        var policy = new OrderPollingOptions();
        var (pollsFor60, pollsFor600) = (0, 0);
        var waited = policy.InitialDelay;
        for (var polls = 1; waited < TimeSpan.FromMinutes(10) + policy.MaxInterval; polls++)
        {
            pollsFor60 = waited < TimeSpan.FromSeconds(60) ? polls + 1 : pollsFor60;
            pollsFor600 = waited < TimeSpan.FromMinutes(10) ? polls + 1 : pollsFor600;
            waited += policy.NextInterval(waited, random: 0.999999);
        }

        Assert.That(pollsFor60, Is.LessThanOrEqualTo(20));
        Assert.That(pollsFor600, Is.LessThanOrEqualTo(35));
    }

    [TestCase(0, 2)]
    [TestCase(5, 2)]
    [TestCase(30, 6)]
    [TestCase(400, 60)]
    public void NextInterval_WithoutJitter_IsTheShareOfTimeWaitedWithinBounds(double waitedSeconds, double expectedSeconds)
    {
        var interval = new OrderPollingOptions().NextInterval(TimeSpan.FromSeconds(waitedSeconds), random: 0);

        Assert.That(interval, Is.EqualTo(TimeSpan.FromSeconds(expectedSeconds)));
    }

    [Test]
    public void NextInterval_FullJitter_RemovesAtMostTheJitterShare()
    {
        var interval = new OrderPollingOptions { Jitter = 0.1 }.NextInterval(TimeSpan.FromSeconds(30), random: 1);

        Assert.That(interval, Is.EqualTo(TimeSpan.FromSeconds(5.4)));
    }

    [Test]
    public void Validate_NonsenseSettings_NamesEachOne()
    {
        var problems = new OrderPollingOptions { MinInterval = TimeSpan.Zero, Jitter = 1, Timeout = TimeSpan.Zero, IntervalRatio = -1 }.Validate();

        Assert.That(string.Join(" ", problems), Does.Contain("MinInterval").And.Contain("Jitter").And.Contain("Timeout").And.Contain("IntervalRatio"));
    }

    internal static async Task<(TimeSpan Lag, int Polls)> MeasureAsync(TimeSpan duration)
    {
        var clock = new TestClock();
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders")
            .Respond(HttpStatusCode.Accepted, "application/json", """{"orderRequestId":"65e4f5b6c7d8e90123456789","status":"queued"}""");
        var order = DocumentedFixture.Load("responses/create-order-201.json").BodyText;
        var server = new ScriptedOrderRequests(mock, clock, (_, elapsed) => elapsed >= duration ? Step.Succeeded(order) : Step.Processing);
        using var client = TestClients.Create(mock, clock);

        var operation = await client.Orders.StartAsync(OrderOperationTests.Order());
        await clock.RunAsync(operation.WaitForCompletionAsync());

        return (server.PollTimes[^1] - duration, server.Polls);
    }
}
