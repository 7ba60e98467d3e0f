using System.Net;
using CsCheck;
using Newtonsoft.Json;
using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Http;

/// <summary>
/// Random bodies at every reader, through the whole client: whatever JSON (or not-JSON) a server answers with, at any
/// status, a call returns or throws a <see cref="UGiftMeException"/> — never a raw parsing, overflow or cast exception.
/// A create whose outcome is unknown carries its idempotency key. Seeded (CSCHECK_SEED overrides it); the seed is printed.
/// </summary>
public sealed class ResponseBodyPropertyTests
{
    private const string Key = "k-property-0001";

    private static readonly string Seed = Environment.GetEnvironmentVariable("CSCHECK_SEED") is { Length: > 0 } seed ? seed : "0000mKq3Uy7a";

    // Member names the models read, so random bodies reach the readers' members and not only their unknown-member path.
    private static readonly string[] Keys =
    [
        "_id", "id", "orderRequestId", "orderId", "status", "result", "orders", "rejectedOrders", "summary", "valuePurchased", "error", "errors",
        "message", "reason", "details", "validEvents", "required", "available", "currency", "merchant", "voucherCode", "page", "total",
        "totalPages", "pagination", "products", "transactions", "balance", "secret", "url", "events", "isActive", "createdAt", "timestamp",
    ];

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.OneOf("null", "true", "false", "0", "-0", "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "0.0000000000000000000000000000001",
            "\"\"", "\"2026-13-45T99:00:00Z\"", "\"2026-01-01T00:00:00Z\"", "\"queued\"", "\"succeeded\"", "\"failed\"", "\"GBP\"", "\"..\"", "\"a/b\""),
        Gen.Long.Select(value => value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Double.Where(double.IsFinite).Select(value => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
        Gen.String[0, 12].Select(text => JsonConvert.ToString(text)));

    private static readonly Gen<string> Json = Value(3);

    // JSON of the documented shapes' members, any text, and bodies that are not JSON at all.
    private static readonly Gen<string> Body = Gen.Frequency((8, Json), (1, Gen.String[0, 40]), (1, Gen.OneOf("", "<html>busy</html>", "{\"_id\":\"6", "{}{}", "[")));

    private static readonly Gen<int> Status = Gen.OneOf(200, 201, 202, 204, 207, 400, 401, 402, 403, 404, 409, 429, 500, 503);

    [SetUp]
    public void PrintSeed() => TestContext.Out.WriteLine($"CsCheck seed: {Seed} (set CSCHECK_SEED to replay another)");

    [Test]
    public void EveryCall_AnyBodyAtAnyStatus_ReturnsOrThrowsOnlyUGiftMeExceptions()
    {
        Gen.Select(Status, Body, Gen.Int[0, Calls.Length - 1]).Sample((status, body, index) =>
        {
            var (name, call) = Calls[index];
            using var mock = new MockHttpMessageHandler();
            mock.When("*").Respond(_ => Responses.Text(status, body, "application/json"));
            RunExpectingOnlySdkExceptions(mock, call, $"{name} answered {status} {body}");
        }, seed: Seed, iter: 1_500, threads: 1);
    }

    [Test]
    public void OrderWait_AnyPolledBodyOrResult_EndsInTheOrderOrAnSdkExceptionWithTheKey()
    {
        Gen.Select(Body, Json, Gen.Bool).Sample((pollBody, result, wrapInSucceeded) =>
        {
            using var mock = new MockHttpMessageHandler();
            mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(HttpStatusCode.Accepted, "application/json", """{"orderRequestId":"r-1","status":"queued"}""");
            var polled = wrapInSucceeded ? $$"""{"orderRequestId":"r-1","status":"succeeded","result":{{result}}}""" : pollBody;
            mock.When(HttpMethod.Get, TestClients.BaseUrl + "/orders/order-requests/r-1").Respond(_ => Responses.Text(200, polled, "application/json"));
            mock.When(HttpMethod.Get, TestClients.BaseUrl + "/orders/*").Respond(_ => Responses.Text(200, pollBody, "application/json"));
            var thrown = RunExpectingOnlySdkExceptions(mock, client => client.Orders.CreateAndWaitAsync(Order(), new OrderCreateOptions { IdempotencyKey = Key }), $"poll {polled}");
            if (thrown is not null and not OrderWaitTimeoutException and not OrderFailedException)
            {
                Assert.That(thrown.IdempotencyKey, Is.EqualTo(Key), $"{thrown.GetType().Name} for poll {polled}: {thrown.Message}");
            }
        }, seed: Seed, iter: 600, threads: 1);
    }

    private static readonly (string Name, Func<UGiftMeClient, Task> Call)[] Calls =
    [
        ("Auth.VerifyAsync", c => c.Auth.VerifyAsync()),
        ("Products.GetFiltersAsync", c => c.Products.GetFiltersAsync()),
        ("Products.ListAllAsync", c => Drain(c.Products.ListAllAsync())),
        ("Products.SearchAsync", c => c.Products.SearchAsync("Amazon UK")),
        ("Orders.CreateAndWaitAsync", c => c.Orders.CreateAndWaitAsync(Order(), new OrderCreateOptions { IdempotencyKey = Key })),
        ("Orders.CreateBulkAndWaitAsync", c => c.Orders.CreateBulkAndWaitAsync([Order(), Order()], new OrderCreateOptions { IdempotencyKey = Key })),
        ("Orders.GetAsync", c => c.Orders.GetAsync("o-1")),
        ("Orders.GetRequestAsync", c => c.Orders.GetRequestAsync("r-1")),
        ("Orders.Resume", c => c.Orders.Resume("r-1").WaitForCompletionAsync()),
        ("Orders.ResumeBulk", c => c.Orders.ResumeBulk("r-1").WaitForCompletionAsync()),
        ("Orders.ListAllAsync", c => Drain(c.Orders.ListAllAsync())),
        ("Orders.SearchAllAsync", c => Drain(c.Orders.SearchAllAsync(new OrderSearchQuery()))),
        ("Wallet.ListAsync", c => c.Wallet.ListAsync()),
        ("Wallet.ListAllTransactionsAsync", c => Drain(c.Wallet.ListAllTransactionsAsync())),
        ("Webhooks.CreateAsync", c => c.Webhooks.CreateAsync(new Uri("https://example.com/hooks"), ["order.succeeded"])),
        ("Webhooks.ListAsync", c => c.Webhooks.ListAsync()),
        ("Webhooks.UpdateAsync", c => c.Webhooks.PauseAsync("w-1")),
        ("Webhooks.DeleteAsync", c => c.Webhooks.DeleteAsync("w-1")),
        ("Webhooks.SendTestAsync", c => c.Webhooks.SendTestAsync("w-1")),
        ("Webhooks.GetTestSampleAsync", c => c.Webhooks.GetTestSampleAsync()),
    ];

    private static UGiftMeException? RunExpectingOnlySdkExceptions(MockHttpMessageHandler mock, Func<UGiftMeClient, Task> call, string what)
    {
        var clock = new TestClock();
        using var client = TestClients.Create(mock, clock, options =>
        {
            options.Retry.MaxRetries = 0;
            options.OrderPolling.Timeout = TimeSpan.FromSeconds(30);
        });
        try
        {
            clock.RunAsync(call(client)).GetAwaiter().GetResult();
            return null;
        }
        catch (UGiftMeException expected)
        {
            return expected;
        }
        catch (Exception other)
        {
            Assert.Fail($"{what}: threw {other.GetType().FullName}, not a UGiftMeException: {other}");
            throw;
        }
    }

    private static Gen<string> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (3, Scalar),
            (2, Gen.Select(Gen.OneOf(Keys).Array[0, 6], Value(depth - 1).Array[6]).Select((keys, values) =>
                "{" + string.Join(",", keys.Select((key, i) => $"\"{key}\":{values[i]}")) + "}")),
            (1, Value(depth - 1).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")));

    private static CreateOrderRequest Order() => new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 };

    private static async Task Drain<T>(IAsyncEnumerable<T> items)
    {
        await foreach (var _ in items)
        {
        }
    }
}
