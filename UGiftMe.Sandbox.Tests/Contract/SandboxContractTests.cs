using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using UGiftMe.ContractTesting;
using UGiftMe.Sandbox.Tests.TestSupport;

namespace UGiftMe.Sandbox.Tests.Contract;

/// <summary>Every sandbox answer, success or error, must fit <c>openapi/ugiftme-business.yaml</c>.</summary>
public class SandboxContractTests
{
    private static OpenApiContract _contract = null!;

    [OneTimeSetUp]
    public static async Task LoadContract() => _contract = await OpenApiContract.LoadBusinessApiAsync();

    [Test]
    public async Task EveryEndpoint_SyncAndErrorAnswers_FitTheContract()
    {
        using var receiver = new CapturingWebhookHandler();
        var options = new SandboxOptions { WebhookHandler = receiver };
        options.ApiKeys.Add(new SandboxApiKey { Key = "good" });
        options.Wallet.InitialBalance = 100m;
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var validator = new ContractValidatingHandler(_contract, new SocketsHttpHandler());
        using var client = sandbox.CreateClient(handler: validator);
        using var anonymous = sandbox.CreateClient(withApiKey: false, handler: validator);

        (await Api.GetAsync(client, "auth")).Dispose();
        (await Api.GetAsync(anonymous, "auth")).Dispose();
        (await Api.GetAsync(client, "products?limit=2")).Dispose();
        (await Api.GetAsync(client, "products/search?merchant=Tesco")).Dispose();
        (await Api.GetAsync(client, "products/filters")).Dispose();
        using var created = await Api.PostAsync(client, "orders", new
        {
            productCode = "AMAZON_UK_STD", merchant = "Amazon UK", currency = "GBP", valuePurchased = 20,
            recipientEmail = "alex@example.com", recipientName = "Alex", giftMessage = "Thanks",
        });
        var orderId = (string)(await Api.JsonAsync(created))["_id"]!;
        (await Api.PostAsync(client, "orders", Api.Order(value: 500m))).Dispose();
        (await Api.PostAsync(client, "orders", Api.Order("UNKNOWN"))).Dispose();
        (await Api.PostAsync(client, "orders/bulk", new { orders = new[] { Api.Order(value: 10m), Api.Order("UNKNOWN") } })).Dispose();
        (await Api.PostAsync(client, "orders/bulk", new { orders = new[] { Api.Order(value: 400m) } })).Dispose();
        (await Api.GetAsync(client, "orders?limit=1&page=2")).Dispose();
        (await Api.GetAsync(client, "orders?page=0")).Dispose();
        (await Api.GetAsync(client, "orders/search?merchant=Amazon%20UK&isActive=true")).Dispose();
        (await Api.GetAsync(client, "orders/" + orderId)).Dispose();
        (await Api.GetAsync(client, "orders/000000000000000000000000")).Dispose();
        (await Api.GetAsync(client, "orders/order-requests/000000000000000000000000")).Dispose();
        (await Api.GetAsync(client, "wallet")).Dispose();
        (await Api.GetAsync(client, "wallet/transactions?limit=2")).Dispose();
        using var hook = await Api.PostAsync(client, "webhooks", new { url = "https://hooks.example.com/in", events = new[] { "order.failed" }, description = "d" });
        var hookId = (string)(await Api.JsonAsync(hook))["id"]!;
        (await Api.PostAsync(client, "webhooks", new { url = "https://hooks.example.com/in", events = new[] { "nope" } })).Dispose();
        (await Api.GetAsync(client, "webhooks")).Dispose();
        (await Api.PatchAsync(client, "webhooks/" + hookId, new { isActive = false })).Dispose();
        (await Api.PatchAsync(client, "webhooks/" + hookId, new { events = new[] { "payment.failed" } })).Dispose();
        (await Api.PostAsync(client, "webhooks/test", new { webhookId = hookId })).Dispose();
        (await Api.GetAsync(client, "webhooks/test-sample")).Dispose();
        (await client.DeleteAsync(Api.Prefix + "webhooks/" + hookId)).Dispose();
        (await client.DeleteAsync(Api.Prefix + "webhooks/" + hookId)).Dispose();
        sandbox.Faults.Enqueue(SandboxFault.TooManyRequests);
        (await Api.GetAsync(client, "wallet")).Dispose();

        Assert.That(validator.CheckedCount, Is.EqualTo(28));
        // The one request built to be refused (page=0 breaks `minimum: 1`) is the only violation: every answer fits.
        Assert.That(
            validator.Violations.Select(v => v.ToString()),
            Is.EqualTo(new[] { "GET /api/v1/business/orders: Query parameter page: '0': NumberTooSmall at #/" }),
            string.Join(Environment.NewLine, validator.Violations));
    }

    [Test]
    public async Task InjectedServerError_503WithRetryAfter_FitsTheContract()
    {
        // The docs list no 503, but gateways and the sandbox's fault injection send it; the spec declares it on every
        // operation (ServiceUnavailable) so contract checks cover fault runs too.
        await using var sandbox = await SandboxServer.StartAsync();
        using var validator = new ContractValidatingHandler(_contract, new SocketsHttpHandler());
        using var client = sandbox.CreateClient(handler: validator);
        sandbox.Faults.Enqueue(SandboxFault.ServerError);

        using var response = await Api.GetAsync(client, "wallet");

        Assert.That((int)response.StatusCode, Is.EqualTo(503));
        Assert.That(validator.CheckedCount, Is.EqualTo(1));
        Assert.That(validator.Violations, Is.Empty, string.Join(Environment.NewLine, validator.Violations));
    }

    [Test]
    public async Task AsyncOrders_202AndEveryQueueStatus_FitTheContract()
    {
        var time = new FakeTimeProvider();
        var options = new SandboxOptions { OrdersAsync = true, TimeProvider = time };
        options.Wallet.InitialBalance = 30m;
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var validator = new ContractValidatingHandler(_contract, new SocketsHttpHandler());
        using var client = sandbox.CreateClient(handler: validator);

        using var single = await Api.PostAsync(client, "orders", Api.Order(value: 20m), "k1");
        using var bulk = await Api.PostAsync(client, "orders/bulk", new { orders = new[] { Api.Order(value: 5m) } });
        using var failing = await Api.PostAsync(client, "orders", Api.Order(value: 50m));
        var ids = new[] { single, bulk, failing }.Select(r => (string)Api.JsonAsync(r).Result["orderRequestId"]!).ToList();
        for (var step = 0; step < 3; step++)
        {
            foreach (var id in ids)
            {
                (await Api.GetAsync(client, "orders/order-requests/" + id)).Dispose();
            }

            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.That(sandbox.State.OrderRequests.Select(r => r.Status), Is.EqualTo(new[] { "succeeded", "succeeded", "failed" }));
        Assert.That(validator.Violations, Is.Empty, string.Join(Environment.NewLine, validator.Violations));
    }

    [Test]
    public async Task Validator_BodyMissingRequiredFields_RecordsViolation()
    {
        using var validator = new ContractValidatingHandler(
            _contract, new StubHandler(HttpStatusCode.OK, """{"page":1,"orders":[{"_id":5}]}"""));
        using var client = new HttpClient(validator) { BaseAddress = new Uri("http://localhost/") };

        (await client.GetAsync(Api.Prefix + "orders")).Dispose();

        Assert.That(validator.Violations.Select(v => v.Message), Has.Some.Contains("PropertyRequired").And.Some.Contains("StringExpected"));
        Assert.Throws<ContractViolationException>(validator.EnsureNoViolations);
    }

    [TestCase(201, """{"orderRequestId":"65e4f5b6c7d8e90123456789","status":"queued"}""", "_id,productCode,merchant,currency,valuePurchased")]
    [TestCase(202, """{"_id":"65b0d1e2f3a4b56789012345","productCode":"AMAZON_UK_STD","merchant":{"name":"Amazon UK"},"currency":"GBP","valuePurchased":50}""", "orderRequestId,status")]
    [TestCase(201, """{"_id":"65b0d1e2f3a4b56789012345","productCode":"AMAZON_UK_STD","merchant":{"name":"Amazon UK"},"currency":"GBP","valuePurchased":50}""", "")]
    [TestCase(202, """{"orderRequestId":"65e4f5b6c7d8e90123456789","status":"queued"}""", "")]
    public async Task Validator_CreateAnswer_RequiresWhatItsStatusAlwaysCarries(int status, string body, string missing)
    {
        using var validator = new ContractValidatingHandler(_contract, new StubHandler((HttpStatusCode)status, body));
        using var client = new HttpClient(validator) { BaseAddress = new Uri("http://localhost/") };

        (await Api.PostAsync(client, "orders", Api.Order())).Dispose();

        var required = validator.Violations.Select(v => v.Message).Where(m => m.Contains("PropertyRequired", StringComparison.Ordinal)).ToList();
        Assert.That(validator.Violations.Count, Is.EqualTo(required.Count), string.Join(Environment.NewLine, validator.Violations));
        foreach (var member in missing.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.That(required, Has.Some.EndsWith($"PropertyRequired at #/{member}"), $"{status} without {member}: {string.Join("; ", required)}");
        }

        Assert.That(required, missing.Length == 0 ? Is.Empty : Is.Not.Empty);
    }

    [Test]
    public async Task Validator_ListedOrderWithoutWhatEveryOrderCarries_RecordsViolation()
    {
        using var validator = new ContractValidatingHandler(_contract, new StubHandler(HttpStatusCode.OK,
            """{"total":1,"page":1,"totalPages":1,"orders":[{"_id":"65b0d1e2f3a4b56789012345","merchant":{"name":"Amazon UK"},"currency":"GBP","valuePurchased":50}]}"""));
        using var client = new HttpClient(validator) { BaseAddress = new Uri("http://localhost/") };

        (await client.GetAsync(Api.Prefix + "orders")).Dispose();

        Assert.That(validator.Violations.Select(v => v.Message), Has.Some.Contains("productCode"), string.Join(Environment.NewLine, validator.Violations));
    }

    [Test]
    public async Task Validator_UndeclaredStatusOrUnknownPath_RecordsViolations()
    {
        using var validator = new ContractValidatingHandler(
            _contract, new StubHandler(HttpStatusCode.Conflict, """{"error":"x"}"""));
        using var client = new HttpClient(validator) { BaseAddress = new Uri("http://localhost/") };

        (await client.GetAsync(Api.Prefix + "wallet")).Dispose();
        (await client.GetAsync(Api.Prefix + "gift-cards")).Dispose();

        Assert.That(validator.Violations, Has.Count.EqualTo(2));
        Assert.That(validator.Violations[0].Message, Does.Contain("409 is not declared"));
        Assert.That(validator.Violations[1].Message, Does.Contain("No path"));
    }

    [Test]
    public async Task Validator_RequestBodyMissingRequiredField_RecordsRequestViolation()
    {
        using var validator = new ContractValidatingHandler(
            _contract, new StubHandler(HttpStatusCode.BadRequest, """{"error":"Validation failed"}"""));
        using var client = new HttpClient(validator) { BaseAddress = new Uri("http://localhost/") };

        (await Api.PostRawAsync(client, "orders", """{"merchant":"Amazon UK"}""")).Dispose();

        Assert.That(validator.Violations.Select(v => v.Message), Is.Not.Empty.And.All.StartWith("Request body"));
    }

    [Test]
    public async Task Validator_QueryParameterOfTheWrongTypeOrUndeclared_RecordsRequestViolations()
    {
        using var validator = new ContractValidatingHandler(_contract, new StubHandler(HttpStatusCode.OK, """{"total":0,"page":1,"totalPages":0,"orders":[]}"""));
        using var client = new HttpClient(validator) { BaseAddress = new Uri("http://localhost/") };

        (await client.GetAsync(Api.Prefix + "orders?limit=ten&order=sideways&colour=red&page=1&page=2")).Dispose();
        (await client.GetAsync(Api.Prefix + "orders/search?isActive=True&startDate=yesterday")).Dispose();

        Assert.That(validator.Violations.Select(v => v.Message).Where(m => !m.StartsWith("Response", StringComparison.Ordinal)), Is.EquivalentTo(new[]
        {
            "Query parameter limit: 'ten' is not integer.",
            "Query parameter order: 'sideways': NotInEnumeration at #/",
            "Query parameter page is given 2 times; the contract declares one value.",
            "Query parameter colour is not declared by the contract.",
            "Query parameter isActive: 'True' is not boolean.",
            "Query parameter startDate: 'yesterday': DateTimeExpected at #/",
        }));
    }

    [Test]
    public async Task Validator_IdempotencyKeyOutsideItsPatternOrLength_RecordsHeaderViolations()
    {
        using var validator = new ContractValidatingHandler(_contract, new StubHandler(HttpStatusCode.BadRequest, """{"error":"Validation failed"}"""));
        using var client = new HttpClient(validator) { BaseAddress = new Uri("http://localhost/") };

        foreach (var key in new[] { "has space", new string('k', 256), "ugm_0123456789abcdef0123456789abcdef" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Api.Prefix + "orders")
            {
                Content = new StringContent(JsonSerializer.Serialize(Api.Order()), Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            (await client.SendAsync(request)).Dispose();
        }

        Assert.That(validator.Violations.Select(v => v.Message), Is.EquivalentTo(new[]
        {
            "Header parameter Idempotency-Key: 'has space': PatternMismatch at #/",
            $"Header parameter Idempotency-Key: '{new string('k', 256)}': StringTooLong at #/",
        }));
    }

    [Test]
    public async Task Validator_PathWithAPrefixOrAnExtraSegment_MatchesNoOperation()
    {
        using var validator = new ContractValidatingHandler(_contract, new StubHandler(HttpStatusCode.OK, "[]"));
        using var client = new HttpClient(validator) { BaseAddress = new Uri("http://localhost/") };

        (await client.GetAsync("v2/" + Api.Prefix + "wallet")).Dispose();
        (await client.GetAsync(Api.Prefix + "wallet/extra")).Dispose();
        (await client.GetAsync(Api.Prefix + "wallet")).Dispose();

        Assert.That(validator.Violations.Select(v => v.ToString()), Is.EqualTo(new[]
        {
            "GET /v2/api/v1/business/wallet: No path in the contract matches.",
            "GET /api/v1/business/wallet/extra: No path in the contract matches.",
        }));
    }

    private sealed class StubHandler(HttpStatusCode status, string json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            });
    }
}
