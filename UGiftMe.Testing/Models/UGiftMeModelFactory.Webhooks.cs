using System.Diagnostics.CodeAnalysis;
using Newtonsoft.Json.Linq;
using UGiftMe.Models;

namespace UGiftMe.Testing;

public static partial class UGiftMeModelFactory
{
    /// <summary>The secret the factory signs its webhook deliveries with (a test value, never a real secret).</summary>
    public const string WebhookSecret = "ugiftme-model-factory-test-secret";

    /// <summary>What <c>client.Webhooks.CreateAsync</c> returns: the subscription and its secret (shown only then).</summary>
    /// <param name="id">The subscription's id.</param>
    /// <param name="url">Where it delivers.</param>
    /// <param name="events">The events; default the order events.</param>
    /// <param name="secret">The signing secret; default <see cref="WebhookSecret"/>.</param>
    /// <param name="description">Its description.</param>
    /// <returns>The created subscription.</returns>
    public static CreatedWebhook CreatedWebhook(
        string? id = "6650b1c2d3e4f5a6b7c8d9e0", string? url = "https://shop.example.com/webhooks/ugiftme", IEnumerable<string>? events = null, string? secret = WebhookSecret, string? description = null) =>
        new() { Id = id, Url = url, Events = [.. events ?? OrderEvents], Secret = secret, Description = description, IsActive = true };

    /// <summary>A subscription as <c>client.Webhooks.ListAsync</c> returns it (no secret).</summary>
    /// <param name="id">The subscription's id.</param>
    /// <param name="url">Where it delivers.</param>
    /// <param name="events">The events; default the order events.</param>
    /// <param name="isActive">Whether it delivers.</param>
    /// <param name="deliveryStats">Its delivery counts; default none yet.</param>
    /// <returns>The subscription.</returns>
    public static WebhookSubscription WebhookSubscription(
        string? id = "6650b1c2d3e4f5a6b7c8d9e0", string? url = "https://shop.example.com/webhooks/ugiftme", IEnumerable<string>? events = null, bool? isActive = true, DeliveryStats? deliveryStats = null) =>
        new()
        {
            Id = id,
            Url = url,
            Events = [.. events ?? OrderEvents],
            IsActive = isActive,
            BusinessId = "507f1f77bcf86cd799439011",
            DeliveryStats = deliveryStats ?? DeliveryStats(),
            CreatedAt = DefaultTimestamp,
            UpdatedAt = DefaultTimestamp,
        };

    /// <summary>A subscription's delivery counts.</summary>
    /// <param name="success">Deliveries answered 2xx.</param>
    /// <param name="failed">Deliveries that failed.</param>
    /// <returns>The counts.</returns>
    public static DeliveryStats DeliveryStats(int success = 0, int failed = 0) => new() { Success = success, Failed = failed };

    /// <summary>What <c>UpdateAsync</c>, <c>PauseAsync</c> and <c>ResumeAsync</c> return.</summary>
    /// <param name="webhook">The subscription after the change; default <see cref="WebhookSubscription"/>.</param>
    /// <returns>The answer.</returns>
    public static UpdatedWebhook UpdatedWebhook(WebhookSubscription? webhook = null) =>
        new() { Message = "Webhook updated successfully", Webhook = webhook ?? WebhookSubscription() };

    /// <summary>What <c>client.Webhooks.SendTestAsync</c> returns: whether your endpoint answered 2xx.</summary>
    /// <param name="ok">Whether it did.</param>
    /// <param name="statusCode">What it answered; default 200, or 500 when not <paramref name="ok"/>.</param>
    /// <param name="errorMessage">Why it failed.</param>
    /// <returns>The result.</returns>
    public static TestDeliveryResult TestDeliveryResult(bool ok = true, int? statusCode = null, string? errorMessage = null) =>
        new()
        {
            Ok = ok,
            StatusCode = statusCode ?? (ok ? 200 : 500),
            ErrorMessage = ok ? errorMessage : errorMessage ?? "Endpoint answered HTTP 500.",
            Payload = TestDeliveryPayload(),
        };

    /// <summary>What <c>client.Webhooks.GetTestSampleAsync</c> returns.</summary>
    /// <param name="payload">The sample body; default <see cref="TestDeliveryPayload"/>.</param>
    /// <returns>The sample.</returns>
    public static TestDeliverySample TestDeliverySample(TestDeliveryPayload? payload = null) =>
        new() { Event = WebhookEventNames.WebhookTest, Payload = payload ?? TestDeliveryPayload() };

    /// <summary>The <c>webhook.test</c> body echoed by a test delivery.</summary>
    /// <param name="message">The test message.</param>
    /// <param name="sentAt">When it was sent.</param>
    /// <returns>The body.</returns>
    public static TestDeliveryPayload TestDeliveryPayload(string? message = "This is a test webhook from UGiftMe", DateTimeOffset? sentAt = null) =>
        new() { Type = WebhookEventNames.WebhookTest, SentAt = sentAt ?? DefaultTimestamp, Data = WebhookTestData(message) };

    /// <summary>The <c>data</c> of a <c>webhook.test</c> body.</summary>
    /// <param name="message">The test message.</param>
    /// <param name="exampleOrderId">An example order id.</param>
    /// <returns>The data.</returns>
    public static WebhookTestData WebhookTestData(string? message = "This is a test webhook from UGiftMe", string? exampleOrderId = DefaultOrderId) =>
        new() { Message = message, ExampleOrderId = exampleOrderId };

    /// <summary>A signed delivery of <paramref name="payload"/>, as UGiftMe POSTs it (body, headers, signature with <paramref name="secret"/>).</summary>
    /// <param name="eventName">The event, e.g. <see cref="WebhookEventNames.OrderSucceeded"/>.</param>
    /// <param name="payload">The payload model (or any object serialized as the payload).</param>
    /// <param name="secret">The secret to sign with; default <see cref="WebhookSecret"/>.</param>
    /// <returns>The delivery: <c>ToHttpRequestMessage(url)</c> sends it to an endpoint.</returns>
    [RequiresUnreferencedCode(TestingTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TestingTrimmingMessages.DynamicCode)]
    public static SignedWebhookDelivery SignedWebhookDelivery(string eventName, object payload, string secret = WebhookSecret) =>
        new WebhookSigner(secret).CreateDelivery(eventName, payload, isTest: eventName == WebhookEventNames.WebhookTest);

    /// <summary>A verified <c>order.queued</c> event, as your webhook handler receives it.</summary>
    /// <param name="orderRequestId">The order request.</param>
    /// <param name="orderCount">For a bulk order, how many orders it holds.</param>
    /// <returns>The event.</returns>
    [RequiresUnreferencedCode(TestingTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TestingTrimmingMessages.DynamicCode)]
    public static WebhookEvent<OrderQueuedEvent> OrderQueuedWebhookEvent(string orderRequestId = DefaultOrderRequestId, int? orderCount = null) =>
        Verified<WebhookEvent<OrderQueuedEvent>>(WebhookEventNames.OrderQueued, OrderQueuedEvent(orderRequestId, orderCount));

    /// <summary>A verified <c>order.processing</c> event.</summary>
    /// <param name="orderRequestId">The order request.</param>
    /// <returns>The event.</returns>
    [RequiresUnreferencedCode(TestingTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TestingTrimmingMessages.DynamicCode)]
    public static WebhookEvent<OrderProcessingEvent> OrderProcessingWebhookEvent(string orderRequestId = DefaultOrderRequestId) =>
        Verified<WebhookEvent<OrderProcessingEvent>>(WebhookEventNames.OrderProcessing, OrderProcessingEvent(orderRequestId));

    /// <summary>A verified <c>order.succeeded</c> event.</summary>
    /// <param name="orderRequestId">The order request.</param>
    /// <param name="orderId">The order made.</param>
    /// <returns>The event.</returns>
    [RequiresUnreferencedCode(TestingTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TestingTrimmingMessages.DynamicCode)]
    public static WebhookEvent<OrderSucceededEvent> OrderSucceededWebhookEvent(string orderRequestId = DefaultOrderRequestId, string? orderId = DefaultOrderId) =>
        Verified<WebhookEvent<OrderSucceededEvent>>(WebhookEventNames.OrderSucceeded, OrderSucceededEvent(orderRequestId, orderId));

    /// <summary>A verified <c>order.failed</c> event.</summary>
    /// <param name="orderRequestId">The order request.</param>
    /// <param name="error">Why it failed.</param>
    /// <returns>The event.</returns>
    [RequiresUnreferencedCode(TestingTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TestingTrimmingMessages.DynamicCode)]
    public static WebhookEvent<OrderFailedEvent> OrderFailedWebhookEvent(string orderRequestId = DefaultOrderRequestId, string error = "The merchant could not issue the gift card.") =>
        Verified<WebhookEvent<OrderFailedEvent>>(WebhookEventNames.OrderFailed, OrderFailedEvent(orderRequestId, error));

    /// <summary>A verified <c>product.updated</c> event.</summary>
    /// <param name="productCode">The product.</param>
    /// <param name="merchant">Its merchant.</param>
    /// <returns>The event.</returns>
    [RequiresUnreferencedCode(TestingTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TestingTrimmingMessages.DynamicCode)]
    public static WebhookEvent<ProductUpdatedEvent> ProductUpdatedWebhookEvent(string productCode = "AMAZON_UK_STD", string merchant = "Amazon UK") =>
        Verified<WebhookEvent<ProductUpdatedEvent>>(WebhookEventNames.ProductUpdated, ProductUpdatedEvent(productCode, merchant));

    /// <summary>A verified <c>wallet.updated</c> event.</summary>
    /// <param name="balance">The balance after the change.</param>
    /// <param name="availableBalance">The balance after holds.</param>
    /// <param name="currency">The currency.</param>
    /// <param name="source">What changed it, e.g. <c>api_order</c> or <c>funding</c>.</param>
    /// <param name="amount">The amount of the change.</param>
    /// <returns>The event.</returns>
    [RequiresUnreferencedCode(TestingTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TestingTrimmingMessages.DynamicCode)]
    public static WebhookEvent<WalletUpdatedEvent> WalletUpdatedWebhookEvent(
        decimal balance = 1950m, decimal? availableBalance = null, string currency = "GBP", string source = "api_order", decimal amount = 50m) =>
        Verified<WebhookEvent<WalletUpdatedEvent>>(WebhookEventNames.WalletUpdated, WalletUpdatedEvent(balance, availableBalance, currency, source, amount));

    /// <summary>A verified <c>webhook.test</c> event (sent by <c>SendTestAsync</c>).</summary>
    /// <param name="message">The test message.</param>
    /// <returns>The event.</returns>
    [RequiresUnreferencedCode(TestingTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TestingTrimmingMessages.DynamicCode)]
    public static WebhookEvent<WebhookTestEvent> TestWebhookEvent(string message = "This is a test webhook from UGiftMe") =>
        Verified<WebhookEvent<WebhookTestEvent>>(WebhookEventNames.WebhookTest, WebhookTestEvent(message));

    /// <summary>A verified event the SDK has no type for (kept raw), e.g. <c>payment.succeeded</c>.</summary>
    /// <param name="eventName">The event's name.</param>
    /// <param name="json">Its body; default an empty object.</param>
    /// <returns>The event.</returns>
    [RequiresUnreferencedCode(TestingTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TestingTrimmingMessages.DynamicCode)]
    public static WebhookEvent<JToken> UnknownWebhookEvent(string eventName = WebhookEventNames.PaymentSucceeded, JObject? json = null) =>
        Verified<WebhookEvent<JToken>>(eventName, json ?? new JObject());

    /// <summary>The body of an <c>order.queued</c> delivery.</summary>
    /// <param name="orderRequestId">The order request.</param>
    /// <param name="orderCount">For a bulk order, how many orders it holds.</param>
    /// <returns>The payload.</returns>
    public static OrderQueuedEvent OrderQueuedEvent(string orderRequestId = DefaultOrderRequestId, int? orderCount = null) =>
        new() { OrderRequestId = orderRequestId, Status = OrderRequestStatuses.Queued, Type = orderCount is null ? "single" : "bulk", OrderCount = orderCount, Timestamp = DefaultTimestamp };

    /// <summary>The body of an <c>order.processing</c> delivery.</summary>
    /// <param name="orderRequestId">The order request.</param>
    /// <returns>The payload.</returns>
    public static OrderProcessingEvent OrderProcessingEvent(string orderRequestId = DefaultOrderRequestId) =>
        new() { OrderRequestId = orderRequestId, Status = OrderRequestStatuses.Processing, Type = "single", Timestamp = DefaultTimestamp };

    /// <summary>The body of an <c>order.succeeded</c> delivery.</summary>
    /// <param name="orderRequestId">The order request.</param>
    /// <param name="orderId">The order made.</param>
    /// <returns>The payload.</returns>
    public static OrderSucceededEvent OrderSucceededEvent(string orderRequestId = DefaultOrderRequestId, string? orderId = DefaultOrderId) =>
        new() { OrderRequestId = orderRequestId, Status = OrderRequestStatuses.Succeeded, Type = "single", Result = OrderSucceededResult(orderId), Timestamp = DefaultTimestamp };

    /// <summary>The <c>result</c> of an <c>order.succeeded</c> delivery.</summary>
    /// <param name="orderId">The order made.</param>
    /// <returns>The result.</returns>
    public static OrderSucceededResult OrderSucceededResult(string? orderId = DefaultOrderId) => new() { OrderId = orderId };

    /// <summary>The body of an <c>order.failed</c> delivery.</summary>
    /// <param name="orderRequestId">The order request.</param>
    /// <param name="error">Why it failed.</param>
    /// <returns>The payload.</returns>
    public static OrderFailedEvent OrderFailedEvent(string orderRequestId = DefaultOrderRequestId, string error = "The merchant could not issue the gift card.") =>
        new() { OrderRequestId = orderRequestId, Status = OrderRequestStatuses.Failed, Type = "single", Error = error, Timestamp = DefaultTimestamp };

    /// <summary>The body of a <c>product.updated</c> delivery.</summary>
    /// <param name="productCode">The product.</param>
    /// <param name="merchant">Its merchant.</param>
    /// <returns>The payload.</returns>
    public static ProductUpdatedEvent ProductUpdatedEvent(string productCode = "AMAZON_UK_STD", string merchant = "Amazon UK") =>
        new() { Id = "prod_" + productCode.ToLowerInvariant(), ProductCode = productCode, Merchant = merchant, ImageUrl = "https://cdn.ugift.me/products/amazon-uk-card.png" };

    /// <summary>The body of a <c>wallet.updated</c> delivery.</summary>
    /// <param name="balance">The balance after the change.</param>
    /// <param name="availableBalance">The balance after holds; default <paramref name="balance"/>.</param>
    /// <param name="currency">The currency.</param>
    /// <param name="source">What changed it, e.g. <c>api_order</c> or <c>funding</c>.</param>
    /// <param name="amount">The amount of the change.</param>
    /// <returns>The payload.</returns>
    public static WalletUpdatedEvent WalletUpdatedEvent(decimal balance = 1950m, decimal? availableBalance = null, string currency = "GBP", string source = "api_order", decimal amount = 50m) =>
        new()
        {
            UserId = "507f1f77bcf86cd799439011",
            Balance = balance,
            AvailableBalance = availableBalance ?? balance,
            Currency = currency,
            Source = source,
            Timestamp = DefaultTimestamp,
            Transaction = WalletUpdatedTransaction(source == "funding" ? "credit" : "debit", amount, source == "funding" ? null : DefaultOrderId),
        };

    /// <summary>The <c>transaction</c> of a <c>wallet.updated</c> delivery.</summary>
    /// <param name="type"><c>credit</c> or <c>debit</c>.</param>
    /// <param name="amount">The amount.</param>
    /// <param name="orderId">The order a debit paid for.</param>
    /// <returns>The transaction.</returns>
    public static WalletUpdatedTransaction WalletUpdatedTransaction(string? type = "debit", decimal? amount = 50m, string? orderId = DefaultOrderId) =>
        new() { Type = type, Amount = amount, OrderId = orderId };

    /// <summary>The body of a <c>webhook.test</c> delivery.</summary>
    /// <param name="message">The test message.</param>
    /// <returns>The payload.</returns>
    public static WebhookTestEvent WebhookTestEvent(string message = "This is a test webhook from UGiftMe") =>
        new() { Type = WebhookEventNames.WebhookTest, SentAt = DefaultTimestamp, Data = WebhookTestData(message) };

    private static IReadOnlyList<string> OrderEvents =>
        [WebhookEventNames.OrderQueued, WebhookEventNames.OrderProcessing, WebhookEventNames.OrderSucceeded, WebhookEventNames.OrderFailed];

    [RequiresUnreferencedCode(TestingTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TestingTrimmingMessages.DynamicCode)]
    private static TEvent Verified<TEvent>(string eventName, object payload)
        where TEvent : WebhookEvent
    {
        var delivery = SignedWebhookDelivery(eventName, payload);
        var verified = new WebhookVerifier(WebhookSecret).Verify(delivery.Body.Span, delivery.ToWebhookHeaders());
        return verified as TEvent ?? throw new InvalidOperationException($"The SDK read {eventName} as {verified.GetType().Name}, not {typeof(TEvent).Name}.");
    }
}
