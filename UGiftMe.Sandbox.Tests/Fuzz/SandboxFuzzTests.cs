using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using UGiftMe.Sandbox.Tests.TestSupport;

namespace UGiftMe.Sandbox.Tests.Fuzz;

/// <summary>
/// Random request bodies, queries and ids sent over real HTTP to every sandbox endpoint, in sync and async mode:
/// never a 5xx, every refusal is the API's JSON error shape, and the process (its worker included) keeps serving.
/// Seeded (CSCHECK_SEED overrides); the seed is printed, and CsCheck prints the failing case's own seed on failure.
/// </summary>
public sealed class SandboxFuzzTests
{
    private const int Cases = 1500;

    private static readonly string Seed = Environment.GetEnvironmentVariable("CSCHECK_SEED") is { Length: > 0 } seed
        ? seed
        : new PCG(1, 20261201).ToString();

    private static readonly string[] Names =
    [
        "productCode", "merchant", "currency", "valuePurchased", "recipientEmail", "recipientName", "giftMessage",
        "orders", "url", "events", "description", "isActive", "webhookId", "page", "limit", "x",
    ];

    private static readonly (HttpMethod Method, string Path)[] Endpoints =
    [
        (HttpMethod.Post, "orders"), (HttpMethod.Post, "orders/bulk"), (HttpMethod.Post, "webhooks"),
        (HttpMethod.Post, "webhooks/test"), (HttpMethod.Patch, "webhooks/{id}"), (HttpMethod.Delete, "webhooks/{id}"),
        (HttpMethod.Get, "auth"), (HttpMethod.Get, "products"), (HttpMethod.Get, "products/search"),
        (HttpMethod.Get, "products/filters"), (HttpMethod.Get, "orders"), (HttpMethod.Get, "orders/search"),
        (HttpMethod.Get, "orders/{id}"), (HttpMethod.Get, "orders/order-requests/{id}"), (HttpMethod.Get, "wallet"),
        (HttpMethod.Get, "wallet/transactions"), (HttpMethod.Get, "webhooks"), (HttpMethod.Get, "webhooks/test-sample"),
    ];

    private static readonly Gen<string> Text = Gen.OneOf(
        "", " ", "AMAZON_UK_STD", "Amazon UK", "GBP", "gbp", "EUR", "JL_UK_STD", "TESCO-GBP-50", "a@b.c", "not an email",
        "https://example.com/hook", "http://127.0.0.1:9/hook", "ftp://x", "order.succeeded", "webhook.test",
        "payment.failed", "\u0000", "\uD83C\uDF81", "é", new string('x', 300), "true", "1e400", "65e4f5b6c7d8e90123456789");

    private static readonly Gen<JsonNode?> Number = Gen.OneOf<JsonNode?>(
        Gen.OneOf("0", "-0", "1", "-1", "50", "5", "1000", "0.001", "1e400", "-1e400", "1e-400", "1e28", "79228162514264337593543950336",
            "123456789012345678901234567890", "0.1e1", "1E2", "9007199254740993").Select(n => JsonNode.Parse(n)),
        Gen.Decimal[-10_000m, 10_000m].Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Double.Select(d => double.IsFinite(d) ? (JsonNode?)JsonValue.Create(d) : null));

    private static readonly Gen<JsonNode?> Scalar = Gen.Frequency<JsonNode?>(
        (4, Text.Select(s => (JsonNode?)JsonValue.Create(s))),
        (3, Number),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Const((JsonNode?)null)));

    private static readonly Gen<JsonNode?> Value = Gen.Recursive<JsonNode?>((depth, self) => depth >= 3
        ? Scalar
        : Gen.Frequency<JsonNode?>(
            (5, Scalar),
            (2, self.Array[0, 4].Select(items => (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())]))),
            (2, Gen.Select(Gen.OneOf(Names).Array[0, 5], self.Array[5], (keys, values) => (JsonNode?)Object(keys, values)))));

    // Mostly plausible orders with one field broken, then any JSON, then bytes that are not JSON at all.
    private static readonly Gen<string> Body = Gen.Frequency<string>(
        (4, Gen.Select(Gen.OneOf(Names).Array[0, 7], Value.Array[7], (keys, values) => BaseOrder(keys, values).ToJsonString())),
        (2, Gen.Select(Gen.Int[1, 4], Value.Array[4], (n, values) =>
            new JsonObject { ["orders"] = new JsonArray([.. values.Take(n).Select(v => (JsonNode?)BaseOrder(["valuePurchased"], [v]))]) }.ToJsonString())),
        (2, Value.Select(v => v?.ToJsonString() ?? "null")),
        (1, Gen.OneOf<string>("", "{", "{\"a\":1,}", "{'a':1}", "[1,2", "NaN", "{\"valuePurchased\":NaN}", "\u00ff\u00fe", "{\"a\":\"\\ud800\"}")));

    private static readonly Gen<string> Query = Gen.Select(
        Gen.OneOf("page", "limit", "sortBy", "order", "isActive", "isPaid", "startDate", "endDate", "merchant", "status", "q").Array[0, 3],
        Gen.OneOf("", "0", "-1", "1", "101", "99999999999999999999", "abc", "createdAt", "asc", "DESC", "true", "yes",
            "2026-13-01", "2026-01-01T00:00:00Z", "%00", "%FF", "%C3%A9").Array[3],
        (keys, values) => keys.Length == 0 ? "" : "?" + string.Join("&", keys.Select((k, i) => $"{k}={values[i]}")));

    private static readonly Gen<string> Id = Gen.OneOf(
        "65e4f5b6c7d8e90123456789", "x", "%20", "..", "a%2Fb", "%C3%A9", new string('f', 500), "-1", "null");

    private static readonly Gen<(int Endpoint, string Body, string Query, string Id, string? Key)> Request = Gen.Select(
        Gen.Int[0, Endpoints.Length - 1], Body, Query, Id,
        Gen.Frequency<string?>((3, Gen.Const((string?)null)), (1, Gen.OneOf<string?>("k1", "k2", " ", new string('k', 300), "café"))));

    [TestCase(false)]
    [TestCase(true)]
    public async Task AnyRequest_SyncOrAsync_NeverAnswers5xxAndTheSandboxKeepsServing(bool ordersAsync)
    {
        TestContext.Progress.WriteLine($"SandboxFuzzTests seed: {Seed} ({Cases} cases, ordersAsync={ordersAsync})");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        using var deliveries = new CapturingWebhookHandler();
        var options = new SandboxOptions { OrdersAsync = ordersAsync, TimeProvider = time, WebhookHandler = deliveries };
        options.Wallet.InitialBalance = 1_000_000m;
        await using var sandbox = await SandboxServer.StartAsync(options);
        // Latin-1 header bytes, so "café" goes out as the single byte 0xE9: an Idempotency-Key that is not UTF-8.
        using var transport = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1 };
        using var client = sandbox.CreateClient(handler: transport);
        var sent = 0;

        await Gen.Select(Request, Gen.Int[0, 9]).SampleAsync(
            async (request, tick) =>
            {
                sent++;
                var (method, template) = Endpoints[request.Endpoint];
                var path = Api.Prefix + template.Replace("{id}", request.Id, StringComparison.Ordinal) + (method == HttpMethod.Get ? request.Query : "");
                using var message = new HttpRequestMessage(method, path);
                if (method != HttpMethod.Get && method != HttpMethod.Delete)
                {
                    message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body))
                    {
                        Headers = { { "Content-Type", "application/json" } },
                    };
                }

                if (request.Key is not null)
                {
                    message.Headers.TryAddWithoutValidation("Idempotency-Key", request.Key);
                }

                using var response = await client.SendAsync(message);
                var text = await response.Content.ReadAsStringAsync();
                Assert.That((int)response.StatusCode, Is.LessThan(500), $"{method} {path} {request.Body} -> {text}");
                if ((int)response.StatusCode >= 400)
                {
                    Assert.That(JsonNode.Parse(text)?["error"]?.GetValueKind(), Is.EqualTo(JsonValueKind.String), $"{method} {path} -> {text}");
                }

                // Move the clock now and then, so queued requests run through the worker while the fuzzing goes on.
                if (tick == 0)
                {
                    time.Advance(TimeSpan.FromSeconds(1));
                }
            },
            seed: Seed,
            iter: Cases,
            threads: 1);

        time.Advance(TimeSpan.FromMinutes(1));
        using var alive = await Api.GetAsync(client, "auth");
        Assert.That(alive.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(sent, Is.EqualTo(Cases));
        if (ordersAsync)
        {
            Assert.That(sandbox.State.OrderRequests.Where(r => r.Status is "queued" or "processing"), Is.Empty,
                "every queued request ran to an end");
        }
    }

    private static JsonObject Object(string[] keys, JsonNode?[] values)
    {
        var body = new JsonObject();
        for (var i = 0; i < keys.Length; i++)
        {
            body[keys[i]] = values[i]?.DeepClone();
        }

        return body;
    }

    private static JsonObject BaseOrder(string[] keys, JsonNode?[] values)
    {
        var body = new JsonObject
        {
            ["productCode"] = "AMAZON_UK_STD",
            ["merchant"] = "Amazon UK",
            ["currency"] = "GBP",
            ["valuePurchased"] = 50,
        };
        for (var i = 0; i < keys.Length; i++)
        {
            body[keys[i]] = values[i]?.DeepClone();
        }

        return body;
    }
}
