using System.Reflection;
using UGiftMe;
using UGiftMe.Models;
using UGiftMe.Testing;

namespace Shop.Tests;

// Unit tests need no server: every result the SDK returns comes from UGiftMeModelFactory, and order operations are
// scripted fakes. The last test checks the factory against the SDK itself, so a new result type cannot be missed.
public sealed class ModelFactoryTests
{
    [Fact]
    public async Task CodeUnderTest_GivenAFakeClient_HandlesEachOutcome()
    {
        var orders = new ScriptedOrders(UGiftMeModelFactory.QueuedOrderOperation(UGiftMeModelFactory.BusinessOrder(id: "order-1")));

        var order = await orders.CreateAndWaitAsync(new CreateOrderRequest());

        Assert.Equal("order-1", order.Id);
    }

    [Fact]
    public async Task OrderOperation_CompletedAtOnce_HasItsValueAndNeverPolls()
    {
        var operation = UGiftMeModelFactory.CompletedOrderOperation(UGiftMeModelFactory.BusinessOrder());

        var update = await operation.UpdateStatusAsync();

        Assert.Equal(("succeeded", true, 0, 201), (update.Status, operation.HasValue, operation.PollCount, operation.CreateResponse?.StatusCode));
        Assert.Null(operation.OrderRequestId);
    }

    [Fact]
    public async Task OrderOperation_Queued_WalksQueuedProcessingSucceeded()
    {
        var operation = UGiftMeModelFactory.QueuedOrderOperation(UGiftMeModelFactory.BulkOrderResult());

        var statuses = new List<string>();
        await foreach (var update in operation.WatchAsync())
        {
            statuses.Add(update.Status);
        }

        Assert.Equal(new[] { "queued", "processing", "succeeded" }, statuses);
        Assert.Single(operation.Value.Orders);
        Assert.Equal(2, operation.PollCount);
    }

    [Fact]
    public async Task OrderOperation_Processing_IsNotCompleteAndHasNoValueYet()
    {
        var operation = UGiftMeModelFactory.OrderOperation(OrderRequestStatuses.Processing, UGiftMeModelFactory.BusinessOrder(), nextStatuses: [OrderRequestStatuses.Succeeded]);

        Assert.False(operation.HasCompleted);
        Assert.Throws<InvalidOperationException>(() => operation.Value);
        Assert.Equal("processing", operation.LastRequestState?.Status);
        Assert.NotNull(await operation.WaitForCompletionAsync());
    }

    [Fact]
    public async Task OrderOperation_Failed_ThrowsTheGivenFailure()
    {
        var operation = UGiftMeModelFactory.FailedOrderOperation<BusinessOrder>(UGiftMeModelFactory.InsufficientFundsException(required: 50m, available: 5m, orderRequestId: "req-1"));

        var failure = await Assert.ThrowsAsync<InsufficientFundsException>(() => operation.WaitForCompletionAsync());

        Assert.Equal(("failed", 45m, "req-1"), (operation.Status, failure.Shortfall, failure.OrderRequestId));
    }

    [Fact]
    public void Results_AndExceptions_CarryTheirMetadataAndContext()
    {
        var result = UGiftMeModelFactory.Result(UGiftMeModelFactory.OrderHistoryPage(), UGiftMeModelFactory.ResponseMetadata(retryCount: 2, rateLimit: UGiftMeModelFactory.RateLimitInfo(remaining: 3)));
        var limited = UGiftMeModelFactory.RateLimitedException(TimeSpan.FromSeconds(12));
        var unknownOutcome = UGiftMeModelFactory.UGiftMeTransportException(idempotencyKey: "ugm_ref_abc");

        Assert.Equal((2, 3, 1), (result.Metadata.RetryCount, result.Metadata.RateLimit?.Remaining, result.Value.Total));
        Assert.Equal((429, TimeSpan.FromSeconds(12), "12"), (limited.StatusCode, limited.RetryAfter, limited.Headers["Retry-After"][0]));
        Assert.Contains("an order may exist", unknownOutcome.Message);
        Assert.Equal("ugm_ref_abc", unknownOutcome.IdempotencyKey);
    }

    [Fact]
    public void WebhookEvents_AreVerifiedTypedEvents()
    {
        var succeeded = UGiftMeModelFactory.OrderSucceededWebhookEvent("req-9", "order-9");
        var wallet = UGiftMeModelFactory.WalletUpdatedWebhookEvent(balance: 120m);

        Assert.Equal(("req-9", "order-9", WebhookEventNames.OrderSucceeded), (succeeded.Payload.OrderRequestId, succeeded.Payload.Result?.OrderId, succeeded.EventName));
        Assert.Equal(120m, wallet.Payload.Balance);
    }

    [Fact]
    public void Factory_BuildsEveryResultTypeTheSdkReturns()
    {
        var returned = ResultTypesOfTheSdk();
        var built = typeof(UGiftMeModelFactory).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(method => method.ReturnType.IsGenericType ? method.ReturnType.GetGenericTypeDefinition() : method.ReturnType)
            .SelectMany(type => type.IsGenericTypeDefinition && type.BaseType is { IsGenericType: true } baseType ? [type, baseType.GetGenericTypeDefinition()] : new[] { type })
            .ToHashSet();
        var samples = BuildOneOfEach();

        Assert.Empty(returned.Where(type => !built.Contains(type)).Select(type => type.FullName));
        Assert.True(returned.Count > 40, $"{returned.Count} result types found");
        Assert.All(samples, sample => Assert.NotNull(sample));
    }

    // What the SDK hands to user code: returns of the clients, operations and verifier, webhook events, exceptions.
    private static HashSet<Type> ResultTypesOfTheSdk()
    {
        var sdk = typeof(UGiftMeClient).Assembly;
        Type[] surfaces = [typeof(AuthClient), typeof(OrdersClient), typeof(ProductsClient), typeof(WalletClient), typeof(WebhooksClient), typeof(OrderOperation<>), typeof(UGiftMeClient)];
        var found = new HashSet<Type>();
        foreach (var method in surfaces.SelectMany(s => s.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)))
        {
            Collect(method.ReturnType, found);
        }

        foreach (var property in surfaces.SelectMany(s => s.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)))
        {
            Collect(property.PropertyType, found);
        }

        foreach (var type in sdk.GetExportedTypes().Where(t => !t.IsAbstract && (typeof(UGiftMeException).IsAssignableFrom(t) || typeof(WebhookEvent).IsAssignableFrom(t))))
        {
            Collect(type, found);
        }

        // A webhook event is a WebhookEvent<TPayload>: its payload models are what the factory's event methods carry.
        foreach (var payload in typeof(UGiftMeModelFactory).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(method => method.ReturnType)
            .Where(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(WebhookEvent<>)).SelectMany(type => type.GetGenericArguments()))
        {
            Collect(payload, found);
        }

        found.RemoveWhere(type => type.Assembly != sdk || type.Name.EndsWith("Client", StringComparison.Ordinal));
        return found;

        static void Collect(Type type, HashSet<Type> into)
        {
            if (type.IsGenericType)
            {
                var definition = type.GetGenericTypeDefinition();
                if (definition.Assembly == typeof(UGiftMeClient).Assembly && into.Add(definition))
                {
                    foreach (var property in definition.GetProperties())
                    {
                        Collect(property.PropertyType, into);
                    }
                }

                foreach (var argument in type.GetGenericArguments())
                {
                    Collect(argument, into);
                }

                return;
            }

            if (type.IsGenericParameter || type.IsPrimitive || type.IsEnum || type.Assembly != typeof(UGiftMeClient).Assembly || !into.Add(type))
            {
                return;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                Collect(property.PropertyType, into);
            }
        }
    }

    private static object[] BuildOneOfEach() =>
    [
        UGiftMeModelFactory.AuthVerification(), UGiftMeModelFactory.CatalogFilters(), UGiftMeModelFactory.ProductPage(), UGiftMeModelFactory.OrderSearchPage(),
        UGiftMeModelFactory.OrderRequest(status: OrderRequestStatuses.Succeeded), UGiftMeModelFactory.Wallet(), UGiftMeModelFactory.TransactionLedgerPage(),
        UGiftMeModelFactory.CreatedWebhook(), UGiftMeModelFactory.UpdatedWebhook(), UGiftMeModelFactory.TestDeliveryResult(ok: false), UGiftMeModelFactory.TestDeliverySample(),
        UGiftMeModelFactory.BulkOrderResult(rejectedOrders: [UGiftMeModelFactory.RejectedOrder()]), UGiftMeModelFactory.OrderStatusUpdate(),
        UGiftMeModelFactory.OrderQueuedWebhookEvent(), UGiftMeModelFactory.OrderProcessingWebhookEvent(), UGiftMeModelFactory.OrderFailedWebhookEvent(),
        UGiftMeModelFactory.ProductUpdatedWebhookEvent(), UGiftMeModelFactory.TestWebhookEvent(), UGiftMeModelFactory.UnknownWebhookEvent(),
        UGiftMeModelFactory.AuthenticationFailedException(), UGiftMeModelFactory.PermissionDeniedException(), UGiftMeModelFactory.ResourceNotFoundException(),
        UGiftMeModelFactory.ValidationFailedException(validEvents: ["order.succeeded"]), UGiftMeModelFactory.IdempotencyKeyReusedException(), UGiftMeModelFactory.ServerErrorException(),
        UGiftMeModelFactory.OrderWaitTimeoutException(), UGiftMeModelFactory.UnreadableResponseException(), UGiftMeModelFactory.RedirectNotFollowedException(),
        UGiftMeModelFactory.UGiftMeException(), UGiftMeModelFactory.SignedWebhookDelivery(WebhookEventNames.OrderQueued, new { orderRequestId = "r" }),
    ];

    // A hand-written fake of the client's orders: OrdersClient has a protected constructor and virtual members.
    private sealed class ScriptedOrders(OrderOperation<BusinessOrder> operation) : OrdersClient
    {
        public override Task<OrderOperation<BusinessOrder>> StartAsync(CreateOrderRequest request, OrderCreateOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(operation);

        public override async Task<BusinessOrder> CreateAndWaitAsync(CreateOrderRequest request, OrderCreateOptions? options = null, CancellationToken cancellationToken = default) =>
            await (await StartAsync(request, options, cancellationToken)).WaitForCompletionAsync(cancellationToken);
    }
}
