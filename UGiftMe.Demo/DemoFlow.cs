using System.Diagnostics;
using System.Globalization;
using UGiftMe.Models;

namespace UGiftMe.Demo;

/// <summary>
/// The demo's steps, in the order an integration runs them: verify the key, browse the catalog, check the wallet,
/// subscribe a webhook receiver, order a gift card and follow it, see the wallet debited and the signed webhooks.
/// </summary>
internal sealed class DemoFlow(TextWriter output, UGiftMeClient client, DemoFlowOptions options)
{
    private static readonly string[] SubscribedEvents =
    [
        WebhookEventNames.OrderQueued, WebhookEventNames.OrderProcessing, WebhookEventNames.OrderSucceeded,
        WebhookEventNames.OrderFailed, WebhookEventNames.WalletUpdated,
    ];

    private int _step;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await VerifyKeyAsync(cancellationToken);
        var products = await BrowseCatalogAsync(cancellationToken);
        var wallets = await CheckWalletAsync(cancellationToken);

        var (receiver, webhookId) = await SubscribeWebhooksAsync(cancellationToken);
        try
        {
            if (!options.PlaceOrder)
            {
                Step("Order a gift card: skipped");
                Line("Production orders cost real money. Set UGIFTME_DEMO_PLACE_ORDER=yes to place one.");
                return;
            }

            var product = ChooseProduct(products, wallets);
            var wallet = wallets.First(w => w.Currency == product.Currency);
            var (order, orderRequestId) = await OrderAndFollowAsync(product, cancellationToken);
            await ShowWalletDebitAsync(wallet, order, cancellationToken);
            if (receiver is not null)
            {
                await ShowWebhooksAsync(receiver, order, orderRequestId, cancellationToken);
            }
        }
        finally
        {
            if (webhookId is not null)
            {
                await DeleteWebhookAsync(webhookId);
            }

            if (receiver is not null)
            {
                await receiver.DisposeAsync();
            }
        }
    }

    private async Task VerifyKeyAsync(CancellationToken cancellationToken)
    {
        Step("Verify the API key (GET /auth)");
        AuthVerification account = await client.Auth.VerifyAsync(cancellationToken);
        Line($"Key accepted: {account.Name} (account {account.Id}, {account.VerificationStatus}, plan {account.Plan})");
    }

    private async Task<List<Product>> BrowseCatalogAsync(CancellationToken cancellationToken)
    {
        Step("Browse the catalog (GET /products/filters, GET /products)");
        CatalogFilters filters = await client.Products.GetFiltersAsync(cancellationToken);
        Line($"Categories: {string.Join(", ", filters.Categories ?? [])}");
        Line($"Merchants:  {string.Join(", ", filters.Merchants ?? [])}");

        var products = new List<Product>();
        await foreach (var product in client.Products.ListAllAsync(cancellationToken: cancellationToken))
        {
            products.Add(product);
        }

        foreach (var product in products.Take(10))
        {
            var values = product.Denominations is { Count: > 0 } fixedValues
                ? string.Join("/", fixedValues.Select(v => Amount(v)))
                : $"{Amount(product.MinValue)}-{Amount(product.MaxValue)}";
            Line($"{product.ProductCode,-16} {product.Merchant,-12} {product.Category,-18} {product.Currency} {values}");
        }

        Line($"{products.Count} product(s){(products.Count > 10 ? ", first 10 shown" : string.Empty)}");
        return products;
    }

    private async Task<List<Wallet>> CheckWalletAsync(CancellationToken cancellationToken)
    {
        Step("Check the wallet (GET /wallet)");
        var wallets = (await client.Wallet.ListAsync(cancellationToken)).Value.ToList();
        foreach (var wallet in wallets)
        {
            Line($"Balance: {Amount(wallet.Balance)} {wallet.Currency}");
        }

        return wallets;
    }

    private async Task<(WebhookReceiver? Receiver, string? WebhookId)> SubscribeWebhooksAsync(CancellationToken cancellationToken)
    {
        Step("Subscribe a webhook receiver (POST /webhooks)");
        if (options.WebhookUrl is null && options.LocalWebhookPath is null)
        {
            Line("Skipped: UGiftMe cannot reach a receiver on this machine. Set UGIFTME_WEBHOOK_URL to a public HTTPS URL");
            Line($"(e.g. a tunnel) that forwards to http://127.0.0.1:{options.WebhookPort}/ to see signed deliveries here.");
            return (null, null);
        }

        // The receiver listens before the subscription names its URL, and takes the secret the create returns (once)
        // right after it: a port bound only after the subscription could be taken in between.
        var path = options.LocalWebhookPath ?? options.WebhookUrl!.AbsolutePath;
        var receiver = await WebhookReceiver.StartAsync(options.LocalWebhookPath is null ? options.WebhookPort : 0, path, cancellationToken);
        try
        {
            var url = options.WebhookUrl ?? new Uri($"http://127.0.0.1:{receiver.Port}{path}");
            var created = (await client.Webhooks.CreateAsync(url, SubscribedEvents, "UGiftMe .NET SDK demo", cancellationToken)).Value;
            var webhookId = created.Id ?? throw new DemoFailedException("UGiftMe answered POST /webhooks without the subscription's id.");
            try
            {
                var secret = created.Secret is { Length: > 0 } s ? s
                    : throw new DemoFailedException("UGiftMe answered POST /webhooks without the signing secret, so no delivery could be verified.");
                receiver.AcceptSecret(secret);
                Line($"Subscribed {url} to {string.Join(", ", SubscribedEvents)}");
                Line($"Webhook {webhookId}; its signing secret was returned once and is kept in memory, not shown.");
                Line($"Receiver listening on http://127.0.0.1:{receiver.Port}{path} (UGiftMe.AspNetCore MapUGiftMeWebhooks)");
                TestDeliveryResult test = await client.Webhooks.SendTestAsync(webhookId, cancellationToken);
                Line($"Test delivery (POST /webhooks/test): receiver answered {test.StatusCode}{(test.Ok == true ? string.Empty : " - " + test.ErrorMessage)}");
                return (receiver, webhookId);
            }
            catch
            {
                // The subscription exists but this step failed: remove it so no run leaves one behind.
                await DeleteWebhookAsync(webhookId);
                throw;
            }
        }
        catch
        {
            await receiver.DisposeAsync();
            throw;
        }
    }

    private async Task<(BusinessOrder Order, string? OrderRequestId)> OrderAndFollowAsync(Product product, CancellationToken cancellationToken)
    {
        Step("Order a gift card (POST /orders) and follow it");
        var value = product.Denominations is { Count: > 0 } denominations
            ? denominations.Min()
            : Math.Clamp(25, product.MinValue ?? 1, product.MaxValue ?? 25);
        var request = new CreateOrderRequest
        {
            ProductCode = product.ProductCode!, Merchant = product.Merchant!, Currency = product.Currency!, ValuePurchased = value,
            RecipientEmail = "alex@example.com", RecipientName = "Alex", GiftMessage = "Thanks from the UGiftMe .NET SDK demo",
        };
        var reference = $"DEMO-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}";
        var create = new OrderCreateOptions { BusinessReference = reference };
        Line($"{request.ProductCode}, {Amount(value)} {request.Currency}, for {request.RecipientName} <{request.RecipientEmail}>");
        Line($"Business reference {reference} -> Idempotency-Key {IdempotencyKey.FromReference(reference)}");

        var clock = Stopwatch.StartNew();
        OrderOperation<BusinessOrder> operation = await client.Orders.StartAsync(request, create, cancellationToken);
        Line(operation.OrderRequestId is { } id
            ? $"UGiftMe answered {operation.CreateResponse?.StatusCode}: queued as order request {id}"
            : $"UGiftMe answered {operation.CreateResponse?.StatusCode}: created at once");
        await foreach (var update in operation.WatchAsync(cancellationToken))
        {
            Line($"  [+{clock.Elapsed.TotalSeconds:0.0}s] {update.Status}");
        }

        var order = await operation.WaitForCompletionAsync(cancellationToken);

        Line($"Order {order.Id} {order.Status}: {order.Merchant?.Name} voucher {Masked(order.Merchant?.VoucherCode)} ({operation.PollCount} status polls)");

        // A process that crashed after sending would resend with the same reference: UGiftMe replays the original.
        var again = await client.Orders.CreateAndWaitAsync(request, new OrderCreateOptions { BusinessReference = reference }, cancellationToken);
        Line($"Sent again with the same business reference: order {again.Id}, {(again.Id == order.Id ? "the same one - no second gift card" : "A DIFFERENT ORDER")}");
        return (order, operation.OrderRequestId);
    }

    private async Task ShowWalletDebitAsync(Wallet before, BusinessOrder order, CancellationToken cancellationToken)
    {
        Step("See the wallet debited (GET /wallet, GET /wallet/transactions)");
        var after = (await client.Wallet.ListAsync(cancellationToken)).Value.FirstOrDefault(w => w.Currency == before.Currency)
            ?? throw new DemoFailedException($"GET /wallet no longer lists the {before.Currency} wallet the order was paid from.");
        Line($"Balance: {Amount(before.Balance)} -> {Amount(after.Balance)} {after.Currency}");
        await foreach (var entry in client.Wallet.ListAllTransactionsAsync(cancellationToken: cancellationToken))
        {
            if (entry.OrderID == order.Id)
            {
                Line($"Ledger: {entry.Timestamp:u} {entry.TransactionType} {Amount(entry.TransactionValue)} {entry.Currency ?? after.Currency} for order {entry.OrderID}");
                return;
            }
        }

        Line($"Ledger: no entry for order {order.Id} yet.");
    }

    private async Task ShowWebhooksAsync(WebhookReceiver receiver, BusinessOrder order, string? orderRequestId, CancellationToken cancellationToken)
    {
        Step("Receive the signed webhooks (verified by UGiftMe.AspNetCore)");
        bool succeeded = orderRequestId is null, debited = false;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(options.WebhookWait);
        try
        {
            while (!(succeeded && debited))
            {
                var received = await receiver.Events.ReadAsync(wait.Token);
                Line("verified " + Describe(received));
                succeeded |= received is WebhookEvent<OrderSucceededEvent> s && s.Payload.OrderRequestId == orderRequestId;
                debited |= received is WebhookEvent<WalletUpdatedEvent> w && w.Payload.Transaction?.OrderId == order.Id;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var missing = string.Join(" and ", new[] { succeeded ? null : "order.succeeded", debited ? null : "wallet.updated" }.OfType<string>());
            var message = $"No {missing} delivery within {options.WebhookWait.TotalSeconds:0} s.";
            if (options.RequireWebhooks)
            {
                throw new DemoFailedException(message);
            }

            Line(message + " UGiftMe may deliver it later; sync-mode accounts send no order.* events.");
        }
    }

    private static Product ChooseProduct(List<Product> products, List<Wallet> wallets) =>
        products.FirstOrDefault(p => p.IsActive != false && p.ProductCode is not null && p.Merchant is not null
                && p.Currency is not null && wallets.Any(w => w.Currency == p.Currency) && HasOrderableValue(p))
            ?? throw new DemoFailedException("No active product with a usable value range in a currency this account has a wallet for.");

    private static bool HasOrderableValue(Product product) => product.Denominations is { Count: > 0 } denominations
        ? denominations.Min() > 0
        : (product.MinValue ?? 1) is > 0 and var min && min <= (product.MaxValue ?? 25);

    private async Task DeleteWebhookAsync(string webhookId)
    {
        try
        {
            await client.Webhooks.DeleteAsync(webhookId, CancellationToken.None);
            Line($"Webhook subscription {webhookId} deleted.");
        }
        catch (UGiftMeException e)
        {
            // Reported, not thrown: a failed clean-up must not hide why the demo stopped.
            Line($"Could not delete webhook subscription {webhookId} ({e.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "no answer"}): delete it with client.Webhooks.DeleteAsync.");
        }
    }

    private static string Describe(WebhookEvent received) => received switch
    {
        WebhookEvent<WebhookTestEvent> => "webhook.test (test delivery)",
        WebhookEvent<OrderQueuedEvent> e => $"order.queued      order request {e.Payload.OrderRequestId}",
        WebhookEvent<OrderProcessingEvent> e => $"order.processing  order request {e.Payload.OrderRequestId}",
        WebhookEvent<OrderSucceededEvent> e => $"order.succeeded   order request {e.Payload.OrderRequestId} -> order {e.Payload.Result?.OrderId}",
        WebhookEvent<OrderFailedEvent> e => $"order.failed      order request {e.Payload.OrderRequestId}: {e.Payload.Error}",
        WebhookEvent<WalletUpdatedEvent> e => $"wallet.updated    balance {Amount(e.Payload.Balance)} {e.Payload.Currency} ({e.Payload.Source}: {e.Payload.Transaction?.Type} {Amount(e.Payload.Transaction?.Amount)} for order {e.Payload.Transaction?.OrderId})",
        _ => received.EventName,
    };

    private static string Amount(decimal? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? "?";

    // A voucher code is money: show only its end.
    private static string Masked(string? code) => code is { Length: > 4 } ? new string('*', code.Length - 4) + code[^4..] : "(none)";

    /// <summary>How many numbered steps the flow printed.</summary>
    public int StepsShown => _step;

    private void Step(string title) => output.WriteLine($"{Environment.NewLine}{++_step}. {title}");

    private void Line(string text) => output.WriteLine("   " + text);
}
