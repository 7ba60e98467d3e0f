using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Findings;

/// <summary>
/// Defect: once a campaign switches the client's pacer on, an answer reporting no allowance left until a reset more
/// than about 49.7 days away (<c>RateLimit-Remaining: 0</c>, <c>RateLimit-Reset: 5184000</c>, i.e. 60 days, which
/// RetryHints.ParseReset accepts as "seconds from now, up to a year") makes RequestPacer.WaitAsync call
/// <c>Task.Delay</c> with a delay beyond what a timer supports, so an ArgumentOutOfRangeException escapes from the
/// campaign (and would from every later call of the client). Shorter resets hold every call of the client silently for
/// as long as the server says, however long. Proposed fix: in RequestPacer.NextSlot, a slot further away than
/// <c>Retry.MaxRetryAfter</c> is not waited for: the call fails at once with RateLimitedException (RetryAfter = the
/// reset), as a single call does for a Retry-After above the limit, and the campaign records the item as not sent.
/// </summary>
public sealed class PacerLongResetFindings
{
    [Test]
    [Explicit("defect: a RateLimit-Reset 60 days away makes the campaign pacer throw ArgumentOutOfRangeException from Task.Delay")]
    public async Task Campaign_ServerReportsNoAllowanceForSixtyDays_EndsWithoutANonSdkException()
    {
        var clock = new TestClock();
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(_ => Responses.Json(201, """{"_id":"o-1","status":"active"}""",
            ("RateLimit-Limit", "100"), ("RateLimit-Remaining", "0"), ("RateLimit-Reset", "5184000")));
        using var client = TestClients.Create(mock, clock);
        var campaign = new Campaign(client, new CampaignOptions { CampaignId = "long-reset", MaxConcurrency = 1 });
        var order = new CreateOrderRequest { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 25 };

        Exception? escaped = null;
        try
        {
            await clock.RunAsync(Drain(campaign.RunAsync([new CampaignItem("r1", order), new CampaignItem("r2", order)])), maxTimers: 100);
        }
        catch (Exception e)
        {
            escaped = e;
        }

        Assert.That(escaped, Is.Null.Or.InstanceOf<UGiftMeException>(), escaped?.ToString());
    }

    private static async Task Drain(IAsyncEnumerable<CampaignItemOutcome> outcomes)
    {
        await foreach (var _ in outcomes)
        {
        }
    }
}
