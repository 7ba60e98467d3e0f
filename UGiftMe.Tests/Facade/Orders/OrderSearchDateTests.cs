using System.Text.RegularExpressions;
using RichardSzalay.MockHttp;
using UGiftMe.Tests.Facade.Http;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Orders;

/// <summary>
/// Order-search date filters are sent as ISO 8601 with the caller's offset and milliseconds, so the server cannot
/// shift the instant by its own time zone (issue #11, point 6). Order history (<c>GET /orders</c>) has no date filter
/// in the API; search is the only operation that takes one.
/// </summary>
public sealed class OrderSearchDateTests : MockedClientTest
{
    private const string SearchUrl = TestClients.BaseUrl + "/orders/search";

    public static IEnumerable<TestCaseData> Dates()
    {
        yield return new TestCaseData(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(1)), "2026-03-01T00:00:00.000+01:00")
            .SetName("Offset +01:00 is kept");
        yield return new TestCaseData(new DateTimeOffset(2026, 3, 31, 23, 59, 59, 999, TimeSpan.Zero), "2026-03-31T23:59:59.999+00:00")
            .SetName("UTC keeps +00:00");
        yield return new TestCaseData(new DateTimeOffset(2026, 7, 1, 9, 30, 15, 250, TimeSpan.FromMinutes(-330)), "2026-07-01T09:30:15.250-05:30")
            .SetName("Negative half-hour offset is kept");
        yield return new TestCaseData(DateTimeOffset.Parse("2026-03-01T00:00+01:00", System.Globalization.CultureInfo.InvariantCulture), "2026-03-01T00:00:00.000+01:00")
            .SetName("Parsed 2026-03-01T00:00+01:00 is kept");
    }

    [TestCaseSource(nameof(Dates))]
    public async Task SearchAsync_SendsStartAndEndDateWithTheirOffset(DateTimeOffset date, string expected)
    {
        Uri? sent = null;
        Mock.When(HttpMethod.Get, SearchUrl).Respond(request =>
        {
            sent = request.RequestUri;
            return Responses.Fixture(200, "responses/order-search-200.json");
        });

        await Client.Orders.SearchAsync(new OrderSearchQuery { StartDate = date, EndDate = date });

        Assert.That(sent, Is.Not.Null, "the search request was captured");
        Assert.That(QueryValues(sent!.Query, "startDate"), Is.EqualTo(new[] { expected }));
        Assert.That(QueryValues(sent.Query, "endDate"), Is.EqualTo(new[] { expected }));
        Assert.That(sent.Query, Does.Not.Contain("+"), "a raw '+' would reach the server as a space; it is sent as %2B");
    }

    [Test]
    public async Task SearchAllAsync_SendsTheOffsetOnEveryPage()
    {
        var sent = new List<Uri>();
        Mock.When(HttpMethod.Get, SearchUrl).Respond(request =>
        {
            sent.Add(request.RequestUri!);
            var page = QueryValues(request.RequestUri!.Query, "page").Single();
            return Responses.Json(200, $$"""{"success":true,"orders":[{"_id":"o{{page}}"}],"pagination":{"total":2,"totalPages":2,"currentPage":{{page}},"limit":1} }""");
        });
        var query = new OrderSearchQuery
        {
            StartDate = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(1)),
            EndDate = new DateTimeOffset(2026, 3, 31, 23, 0, 0, TimeSpan.Zero),
            PageSize = 1,
        };

        var ids = new List<string?>();
        await foreach (var order in Client.Orders.SearchAllAsync(query))
        {
            ids.Add(order.Id);
        }

        Assert.That(ids, Is.EqualTo(new[] { "o1", "o2" }));
        Assert.That(sent.Select(uri => QueryValues(uri.Query, "startDate").Single()), Is.All.EqualTo("2026-03-01T00:00:00.000+01:00"));
        Assert.That(sent.Select(uri => QueryValues(uri.Query, "endDate").Single()), Is.All.EqualTo("2026-03-31T23:00:00.000+00:00"));
    }

    [Test]
    public async Task SearchAsync_OverRealHttp_TheServerReadsTheOffset()
    {
        var body = DocumentedFixture.Load("responses/order-search-200.json").BodyText;
        await using var server = new LoopbackServer(_ => LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\n", body));
        using var client = new UGiftMeClient(new UGiftMeClientOptions { ApiKey = TestClients.ApiKey, BaseAddress = server.BaseAddress, Retry = { MaxRetries = 0 } });

        await client.Orders.SearchAsync(new OrderSearchQuery { StartDate = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(1)) });

        var requestLine = server.Requests.Single().Split("\r\n")[0];
        var target = Regex.Match(requestLine, "^GET (\\S+) HTTP/1.1$").Groups[1].Value;
        Assert.That(target, Does.StartWith("/api/v1/business/orders/search?"));
        Assert.That(QueryValues(target[target.IndexOf('?', StringComparison.Ordinal)..], "startDate"), Is.EqualTo(new[] { "2026-03-01T00:00:00.000+01:00" }));
        Assert.That(target, Does.Not.Contain("endDate"), "an unset filter is not sent");
    }

    /// <summary>The values of one query parameter, decoded as a server decodes them ('+' would be a space).</summary>
    private static List<string> QueryValues(string query, string name) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair[0] == name)
            .Select(pair => Uri.UnescapeDataString(pair[1].Replace('+', ' ')))
            .ToList();
}
