using System.Globalization;
using System.Web;
using CsCheck;
using Newtonsoft.Json.Linq;
using RichardSzalay.MockHttp;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Pagination;

/// <summary>
/// Every whole-listing enumeration, through the public client, against servers that do not advance: a repeated page
/// (same page number, same items, a cycle) ends the walk with <see cref="UnreadableResponseException"/> before any item is
/// yielded twice, and a walk that reaches <see cref="UGiftMeClientOptions.MaxPagesPerEnumeration"/> ends with an
/// exception naming it, never silently. Seeded (CSCHECK_SEED overrides the seed); the seed is printed.
/// </summary>
public sealed class PagingTrustTests
{
    private static readonly string Seed = Environment.GetEnvironmentVariable("CSCHECK_SEED") is { Length: > 0 } seed ? seed : new PCG(31, 20261211).ToString();

    [SetUp]
    public void PrintSeed() => TestContext.Out.WriteLine($"CsCheck seed: {Seed} (set CSCHECK_SEED to replay another)");

    /// <summary>One of the SDK's five whole-listing enumerations, with its path and page envelope.</summary>
    public sealed record Listing(string Name, string Path, Func<UGiftMeClient, IAsyncEnumerable<string?>> Enumerate, Func<int, int?, int, string[], JObject> Envelope)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<Listing> Listings()
    {
        yield return new("Orders.ListAllAsync", "/orders", c => Ids(c.Orders.ListAllAsync(pageSize: 2), o => o.Id), History);
        yield return new("Orders.SearchAllAsync", "/orders/search", c => Ids(c.Orders.SearchAllAsync(new OrderSearchQuery { PageSize = 2 }), o => o.Id), Search);
        yield return new("Products.ListAllAsync", "/products", c => Ids(c.Products.ListAllAsync(pageSize: 2), p => p.ProductCode), Products);
        yield return new("Products.SearchAllAsync", "/products/search", c => Ids(c.Products.SearchAllAsync(merchant: "Tesco", pageSize: 2), p => p.ProductCode), Products);
        yield return new("Products.SearchAllAsync (paged envelope)", "/products/search", c => Ids(c.Products.SearchAllAsync(category: "Food", pageSize: 2), p => p.ProductCode), PagedProducts);
        yield return new("Wallet.ListAllTransactionsAsync", "/wallet/transactions", c => Ids(c.Wallet.ListAllTransactionsAsync(pageSize: 2), t => t.OrderID), Ledger);
    }

    [TestCaseSource(nameof(Listings))]
    public async Task Walk_ServerIgnoresThePageAndRepeatsTheFirst_EndsWithUnreadableResponseAfterYieldingItOnce(Listing listing)
    {
        var server = new Server(listing, (_, n) => listing.Envelope(1, 1, 3, ["a", "b"]));
        using var client = server.Client();

        var (items, failure) = await Walk(listing.Enumerate(client));

        Assert.That(items, Is.EqualTo(new[] { "a", "b" }), "the first page once, never again");
        Assert.That(failure, Is.TypeOf<UnreadableResponseException>());
        Assert.That(failure!.Message, Does.Contain("page 2").And.Contain("does not advance").And.Contain("2 items were returned"));
        Assert.That(failure.StatusCode, Is.EqualTo(200));
        Assert.That(server.Requested, Is.EqualTo(new[] { 1, 2 }), "the repeated page is not requested again and again");
    }

    [TestCaseSource(nameof(Listings))]
    public async Task Walk_SameItemsUnderANewPageNumber_EndsBeforeYieldingThemTwice(Listing listing)
    {
        var server = new Server(listing, (n, _) => listing.Envelope(n, n, 4, ["a", "b"]));
        using var client = server.Client();

        var (items, failure) = await Walk(listing.Enumerate(client));

        Assert.That(items, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(failure, Is.TypeOf<UnreadableResponseException>());
        Assert.That(failure!.Message, Does.Contain("page 2 with the same 2 items as page 1"));
    }

    [TestCaseSource(nameof(Listings))]
    public async Task Walk_ServerCyclesBetweenTwoPages_EndsWhenThePagesComeRound(Listing listing)
    {
        // Pages 1, 2, 1, 2, ... (their own numbers reported, or none for an envelope that has none).
        var server = new Server(listing, (n, _) => n % 2 == 1 ? listing.Envelope(1, 1, 9, ["a", "b"]) : listing.Envelope(2, 2, 9, ["c", "d"]));
        using var client = server.Client();

        var (items, failure) = await Walk(listing.Enumerate(client));

        Assert.That(items, Is.EqualTo(new[] { "a", "b", "c", "d" }));
        Assert.That(failure, Is.TypeOf<UnreadableResponseException>());
        Assert.That(server.Requested, Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [TestCase("Orders.ListAllAsync")]
    [TestCase("Orders.SearchAllAsync")]
    [TestCase("Wallet.ListAllTransactionsAsync")]
    [TestCase("Products.SearchAllAsync (paged envelope)")]
    public async Task Walk_NewItemsButThePageNumberDoesNotMove_EndsNamingBothNumbers(string name)
    {
        var listing = Listings().Single(l => l.Name == name);
        var server = new Server(listing, (n, _) => listing.Envelope(n, 1, 3, [$"p{n}a", $"p{n}b"]));
        using var client = server.Client();

        var (items, failure) = await Walk(listing.Enumerate(client));

        Assert.That(items, Is.EqualTo(new[] { "p1a", "p1b" }));
        Assert.That(failure, Is.TypeOf<UnreadableResponseException>());
        Assert.That(failure!.Message, Does.Contain("the request for page 2 with page 1, after page 1"));
    }

    [TestCaseSource(nameof(Listings))]
    public async Task Walk_MorePagesThanTheCap_EndsWithAnExceptionNamingTheSettingWithoutRequestingBeyondIt(Listing listing)
    {
        var server = new Server(listing, (n, _) => listing.Envelope(n, n, 5, [$"p{n}a", $"p{n}b"]));
        using var client = server.Client(o => o.MaxPagesPerEnumeration = 3);

        var (items, failure) = await Walk(listing.Enumerate(client));

        Assert.That(items, Is.EqualTo(new[] { "p1a", "p1b", "p2a", "p2b", "p3a", "p3b" }));
        Assert.That(failure, Is.TypeOf<UGiftMeException>(), "the answers were fine: a limit of the SDK was reached");
        Assert.That(failure!.Message, Does.Contain("UGiftMeClientOptions.MaxPagesPerEnumeration = 3").And.Contain("6 items"));
        Assert.That(server.Requested, Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [TestCaseSource(nameof(Listings))]
    public async Task Walk_ExactlyAsManyPagesAsTheCap_EndsNormally(Listing listing)
    {
        // The product envelope without totalPages ends on a short page, so the last page has one item.
        var server = new Server(listing, (n, _) => listing.Envelope(n, n, 3, n < 3 ? [$"p{n}a", $"p{n}b"] : ["p3a"]));
        using var client = server.Client(o => o.MaxPagesPerEnumeration = 3);

        var (items, failure) = await Walk(listing.Enumerate(client));

        Assert.That(failure, Is.Null);
        Assert.That(items, Is.EqualTo(new[] { "p1a", "p1b", "p2a", "p2b", "p3a" }));
    }

    [Test]
    public void Options_MaxPagesPerEnumerationBelowOne_IsRefusedByName()
    {
        var problems = new UGiftMeClientOptions { ApiKey = TestClients.ApiKey, MaxPagesPerEnumeration = 0 }.Validate();

        Assert.That(problems, Is.EqualTo(new[] { "UGiftMeClientOptions.MaxPagesPerEnumeration must be at least 1, not 0." }));
        Assert.That(new UGiftMeClientOptions().MaxPagesPerEnumeration, Is.EqualTo(10_000), "the documented default");
    }

    [Test]
    public void Walk_AnyServer_NeverYieldsAnItemTwiceNorEndsQuietlyShortOfTheEnd()
    {
        // A listing of T pages whose items all differ, behind a server that answers page n with page n (0), or with a
        // page already read: one or two back with its own number (1, 2), or one back renumbered as n (3). The cap is C.
        var outcomes = new Dictionary<string, int>();
        Gen.Select(Gen.Int[1, 8], Gen.Int[1, 10], Gen.Int[0, 3].Array[1, 12], Gen.Int[0, Listings().Count() - 1]).Sample((total, cap, script, which) =>
        {
            var listing = Listings().ElementAt(which);
            var expected = Enumerable.Range(1, total).SelectMany(n => new[] { $"p{n}a", $"p{n}b" }).ToList();
            var servedARepeat = false;
            var server = new Server(listing, (n, _) =>
            {
                var answer = n == 1 ? 0 : script[Math.Min(n, script.Length) - 1];
                servedARepeat |= answer != 0;
                var shown = answer == 0 ? n : Math.Max(1, n - (answer == 3 ? 1 : answer));
                var reported = answer == 3 ? n : shown;
                return listing.Envelope(n, reported, total, shown > total ? [] : [$"p{shown}a", $"p{shown}b"]);
            });
            using var client = server.Client(o => o.MaxPagesPerEnumeration = cap);

            var (items, failure) = Walk(listing.Enumerate(client)).GetAwaiter().GetResult();

            var outcome = failure?.GetType().Name ?? "complete";
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            // Without a total, a full last page may have more after it: the cap is reached at T pages, not after.
            var capReached = listing.Name.StartsWith("Products", StringComparison.Ordinal) && !listing.Name.Contains("paged", StringComparison.Ordinal) ? total >= cap : total > cap;
            return items.Distinct().Count() == items.Count
                && items.SequenceEqual(expected.Take(items.Count))
                && failure switch
                {
                    null => !servedARepeat && !capReached && items.Count == expected.Count,
                    UnreadableResponseException e => servedARepeat && e.Message.Contains("does not advance", StringComparison.Ordinal),
                    _ => !servedARepeat && capReached && items.Count == 2 * cap
                        && failure.GetType() == typeof(UGiftMeException) && failure.Message.Contains("UGiftMeClientOptions.MaxPagesPerEnumeration", StringComparison.Ordinal),
                };
        }, seed: Seed, iter: 500, threads: 1, print: t => $"total {t.Item1}, cap {t.Item2}, answers [{string.Join(",", t.Item3)}], {Listings().ElementAt(t.Item4)}");

        TestContext.Out.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
        Assert.That(outcomes.Keys, Is.SupersetOf(new[] { "complete", nameof(UnreadableResponseException), nameof(UGiftMeException) }), "every outcome was exercised");
    }

    [Test]
    public void ReportedPage_EveryEnvelopeAWalkReads_IsKnown()
    {
        Assert.That(Paging.ReportedPage(History(2, 2, 3, ["a"]).ToObject<Models.OrderHistoryPage>()), Is.EqualTo(2));
        Assert.That(Paging.ReportedPage(Search(2, 2, 3, ["a"]).ToObject<Models.OrderSearchPage>()), Is.EqualTo(2));
        Assert.That(Paging.ReportedPage(Ledger(2, 2, 3, ["a"]).ToObject<Models.TransactionLedgerPage>()), Is.EqualTo(2));
        Assert.That(Paging.ReportedPage(PagedProducts(2, 2, 3, ["a"]).ToObject<Models.ProductPage>()), Is.EqualTo(2));
        Assert.That(Paging.ReportedPage(Products(2, 2, 3, ["a"]).ToObject<Models.ProductPage>()), Is.Null);
    }

    private static async Task<(List<string?> Items, UGiftMeException? Failure)> Walk(IAsyncEnumerable<string?> ids)
    {
        var items = new List<string?>();
        try
        {
            await foreach (var id in ids)
            {
                items.Add(id);
            }

            return (items, null);
        }
        catch (UGiftMeException e)
        {
            return (items, e);
        }
    }

    private static async IAsyncEnumerable<string?> Ids<T>(IAsyncEnumerable<T> items, Func<T, string?> id)
    {
        await foreach (var item in items)
        {
            yield return id(item);
        }
    }

    // Envelopes: (number asked for, number reported or null, total pages, item ids).
    private static JObject History(int asked, int? reported, int totalPages, string[] ids) =>
        new() { ["total"] = totalPages * 2, ["page"] = reported, ["totalPages"] = totalPages, ["orders"] = Orders(ids) };

    private static JObject Search(int asked, int? reported, int totalPages, string[] ids) => new()
    {
        ["success"] = true,
        ["orders"] = Orders(ids),
        ["pagination"] = new JObject { ["total"] = totalPages * 2, ["totalPages"] = totalPages, ["currentPage"] = reported, ["limit"] = 2 },
    };

    private static JObject Ledger(int asked, int? reported, int totalPages, string[] ids) => new()
    {
        ["transactions"] = new JArray(ids.Select(id => new JObject { ["orderID"] = id, ["transactionType"] = "purchase" })),
        ["pagination"] = new JObject { ["currentPage"] = reported, ["totalPages"] = totalPages, ["totalTransactions"] = totalPages * 2, ["limit"] = 2 },
    };

    // The product envelope is inferred: this one reports no page numbers and no total, so the walk goes on while pages are full.
    private static JObject Products(int asked, int? reported, int totalPages, string[] ids) =>
        new() { ["success"] = true, ["products"] = new JArray(ids.Select(id => new JObject { ["productCode"] = id })) };

    private static JObject PagedProducts(int asked, int? reported, int totalPages, string[] ids) => new()
    {
        ["success"] = true,
        ["products"] = new JArray(ids.Select(id => new JObject { ["productCode"] = id })),
        ["pagination"] = new JObject { ["total"] = totalPages * 2, ["totalPages"] = totalPages, ["currentPage"] = reported, ["limit"] = 2 },
    };

    private static JArray Orders(string[] ids) =>
        new(ids.Select(id => new JObject { ["_id"] = id, ["productCode"] = "AMAZON_UK_STD", ["status"] = "active" }));

    /// <summary>A scripted listing behind the public client: (page asked for, requests so far) → the envelope it answers.</summary>
    private sealed class Server(Listing listing, Func<int, int, JObject> answer)
    {
        public List<int> Requested { get; } = [];

        public UGiftMeClient Client(Action<UGiftMeClientOptions>? configure = null)
        {
            var mock = new MockHttpMessageHandler();
            mock.When(HttpMethod.Get, TestClients.BaseUrl + listing.Path).Respond(request =>
            {
                var page = int.Parse(HttpUtility.ParseQueryString(request.RequestUri!.Query)["page"]!, CultureInfo.InvariantCulture);
                Requested.Add(page);
                return Responses.Json(200, answer(page, Requested.Count).ToString(Newtonsoft.Json.Formatting.None));
            });
            return TestClients.Create(mock, new TestClock(), configure);
        }
    }
}
