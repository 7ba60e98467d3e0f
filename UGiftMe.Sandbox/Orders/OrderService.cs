using System.Text.Json.Nodes;
using UGiftMe.Sandbox.Hosting;
using UGiftMe.Sandbox.Json;
using UGiftMe.Sandbox.Scenarios;
using UGiftMe.Sandbox.State;
using UGiftMe.Sandbox.Webhooks;

namespace UGiftMe.Sandbox.Orders;

/// <summary>
/// Creates orders (sync and queued), debits the wallet once per order, keeps idempotency records and runs the worker
/// that moves order requests through queued → processing → succeeded/failed on the sandbox clock.
/// </summary>
internal sealed class OrderService(SandboxContext sandbox)
{
    public const int MaxBulkOrders = 100;
    private const string VoucherAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private SandboxStore Store => sandbox.Store;

    public CreateOutcome Create(
        SandboxApiKey caller, string path, string? idempotencyKey, JsonObject body, bool bulk)
    {
        var asyncMode = caller.OrdersAsync ?? sandbox.Options.OrdersAsync;
        OrderRequest? queued = null;
        CreateOutcome outcome;
        lock (Store.Gate)
        {
            if (idempotencyKey is not null
                && Store.Idempotency.TryGetValue((caller.Key, path, idempotencyKey), out var entry))
            {
                if (!SandboxStore.SamePayload(entry.Payload, body))
                {
                    return Failure(
                        StatusCodes.Status400BadRequest,
                        asyncMode,
                        "Idempotency key reuse",
                        $"Idempotency-Key '{idempotencyKey}' was already used with a different payload; send the "
                        + "same payload to replay the original answer.");
                }

                entry.ReplayCount++;
                return new CreateOutcome(
                    entry.StatusCode, entry.Body, entry.AsyncMode, Replayed: true,
                    DropAnswer: sandbox.Scenarios.TakeDroppedReplay(idempotencyKey));
            }

            outcome = bulk
                ? CreateBulkLocked(body, idempotencyKey, asyncMode, out queued)
                : CreateSingleLocked(body, idempotencyKey, asyncMode, out queued);
            if (idempotencyKey is not null && outcome.StatusCode is 201 or 202)
            {
                Store.Idempotency[(caller.Key, path, idempotencyKey)] = new IdempotencyEntry
                {
                    Key = idempotencyKey,
                    ApiKey = caller.Key,
                    Path = path,
                    Payload = body.DeepClone(),
                    StatusCode = outcome.StatusCode,
                    Body = outcome.Body,
                    AsyncMode = asyncMode,
                    CreatedAt = sandbox.Time.GetUtcNow(),
                };
            }
        }

        if (queued is not null)
        {
            queued.Scenario?.OnQueued(queued.Id);
            // A held order waits for the test's release, and one that succeeds after N polls for its polls.
            if (queued.Scenario?.Kind is not (OrderScenarioKind.HoldInQueue or OrderScenarioKind.SucceedAfterPolls))
            {
                sandbox.Schedule(sandbox.Options.OrderWorker.QueuedDuration, () => Guarded(queued, StartProcessing));
            }
        }

        sandbox.Signals.Notify();
        return outcome;
    }

    /// <summary>
    /// Ends a held order request now: <c>processing</c>, then <c>succeeded</c> (or <c>failed</c> with
    /// <paramref name="failureReason"/>). False when it is not waiting in the queue any more.
    /// </summary>
    public bool Release(string orderRequestId, string? failureReason)
    {
        lock (Store.Gate)
        {
            if (!Store.OrderRequests.TryGetValue(orderRequestId, out var request) || request.Status != "queued")
            {
                return false;
            }

            if (failureReason is not null && request.Scenario is { } scenario)
            {
                scenario.Reason = failureReason;
            }

            Guarded(request, MarkProcessing);
            Guarded(request, Complete);
            return true;
        }
    }

    /// <summary>A status poll of <paramref name="request"/>, about to be answered (called under the store's lock).</summary>
    public void OnPolled(OrderRequest request)
    {
        if (request.Scenario is not { Kind: OrderScenarioKind.SucceedAfterPolls } scenario || !request.IsPending)
        {
            return;
        }

        request.PollCount++;
        if (request.Status == "queued")
        {
            Guarded(request, MarkProcessing);
        }

        if (request.PollCount >= scenario.Polls)
        {
            Guarded(request, Complete);
        }
    }

    private CreateOutcome CreateSingleLocked(
        JsonObject body, string? idempotencyKey, bool asyncMode, out OrderRequest? queued)
    {
        queued = null;
        var input = OrderInput.TryCreate(body, sandbox.Catalog, Store.Currency, out var error, out var message);
        if (input is null)
        {
            return Failure(StatusCodes.Status400BadRequest, asyncMode, error, message);
        }

        // Taken only now, so an invalid request does not use up the test's scenario.
        var scenario = sandbox.Scenarios.Take(input.Product.ProductCode, idempotencyKey);
        if (scenario?.Kind == OrderScenarioKind.InsufficientFunds)
        {
            return new CreateOutcome(
                StatusCodes.Status402PaymentRequired,
                SandboxJson.Serialize(new InsufficientFundsBody("Insufficient funds", input.Value, scenario.Available, Store.Currency)),
                asyncMode);
        }

        var dropAnswer = scenario?.Kind == OrderScenarioKind.DropAnswer;
        if (asyncMode || scenario?.Queues == true)
        {
            queued = QueueLocked("single", [body.DeepClone()], input.Value, idempotencyKey, orderCount: null, scenario);
            return Accepted(queued) with { DropAnswer = dropAnswer };
        }

        if (input.Value > Store.Available)
        {
            return InsufficientFunds(input.Value, asyncMode);
        }

        var order = IssueLocked(input, idempotencyKey, orderRequestId: null, source: "api_order");
        return new CreateOutcome(StatusCodes.Status201Created, SandboxJson.Serialize(OrderBody.Full(order)), false, DropAnswer: dropAnswer);
    }

    private CreateOutcome CreateBulkLocked(
        JsonObject body, string? idempotencyKey, bool asyncMode, out OrderRequest? queued)
    {
        queued = null;
        if (body["orders"] is not JsonArray items)
        {
            return Failure(
                StatusCodes.Status400BadRequest, asyncMode, "Validation failed", "orders is required and must be an array.");
        }

        if (items.Count is 0 or > MaxBulkOrders)
        {
            return Failure(
                StatusCodes.Status400BadRequest,
                asyncMode,
                "Validation failed",
                $"orders must contain between 1 and {MaxBulkOrders} orders.");
        }

        if (asyncMode)
        {
            var amount = items.Sum(item => item is JsonObject order && order["valuePurchased"] is JsonValue v && v.TryGetValue<decimal>(out var d) ? d : 0m);
            queued = QueueLocked("bulk", [.. items.Select(i => i?.DeepClone())], amount, idempotencyKey, items.Count);
            return Accepted(queued);
        }

        var result = BulkLocked([.. items], idempotencyKey, orderRequestId: null, "api_order", out var shortfall);
        return result is null
            ? InsufficientFunds(shortfall, asyncMode)
            : new CreateOutcome(StatusCodes.Status201Created, SandboxJson.Serialize(result), false);
    }

    /// <summary>Creates the valid items, rejecting the others; <see langword="null"/> when funds do not cover them.</summary>
    private BulkResultBody? BulkLocked(
        IReadOnlyList<JsonNode?> items,
        string? idempotencyKey,
        string? orderRequestId,
        string source,
        out decimal required)
    {
        List<OrderInput> valid = [];
        List<RejectedOrderBody> rejected = [];
        foreach (var item in items)
        {
            var input = OrderInput.TryCreate(item, sandbox.Catalog, Store.Currency, out var error, out var message);
            if (input is null)
            {
                rejected.Add(new RejectedOrderBody(
                    OrderInput.CodeOf(item), error == "Product not found" ? error : message));
            }
            else
            {
                valid.Add(input);
            }
        }

        required = valid.Sum(i => i.Value);
        if (valid.Count > 0 && required > Store.Available)
        {
            return null;
        }

        var orders = valid.Select(input => IssueLocked(input, idempotencyKey, orderRequestId, source)).ToList();
        return new BulkResultBody(
            orders.Count > 0,
            [.. orders.Select(OrderBody.InBulk)],
            new BulkSummaryBody(orders.Count, required, Store.Currency, Store.Balance),
            rejected.Count > 0 ? rejected : null);
    }

    private Order IssueLocked(OrderInput input, string? idempotencyKey, string? orderRequestId, string source)
    {
        var now = sandbox.Time.GetUtcNow();
        var id = sandbox.Ids.Next();
        var order = new Order
        {
            Id = id,
            Product = input.Product,
            Currency = input.Currency,
            Value = input.Value,
            VoucherCode = NewVoucherCode(),
            TransactionId = "txn_" + id.ToUpperInvariant(),
            GiftMessage = input.GiftMessage,
            RecipientEmail = input.RecipientEmail,
            RecipientName = input.RecipientName,
            IdempotencyKey = idempotencyKey,
            OrderRequestId = orderRequestId,
            CreatedAt = now,
            Sequence = Store.NextSequence(),
        };
        Store.Orders.Add(order);
        Store.Balance -= input.Value;
        var description = $"Purchase of {input.Product.ProductCode} from {input.Product.Merchant}";
        Store.AddTransaction("purchase", input.Value, id, description, now);
        sandbox.Webhooks.Publish(
            "wallet.updated",
            new WalletUpdatedEvent(
                sandbox.Options.Account.Id,
                Store.Currency,
                Store.Balance,
                Store.Available,
                source,
                now,
                new WalletUpdatedTransaction("debit", input.Value, id, description)));
        return order;
    }

    private OrderRequest QueueLocked(
        string type,
        IReadOnlyList<JsonNode?> items,
        decimal amount,
        string? idempotencyKey,
        int? orderCount,
        OrderScenario? scenario = null)
    {
        var now = sandbox.Time.GetUtcNow();
        var request = new OrderRequest
        {
            Id = sandbox.Ids.Next(),
            Type = type,
            Items = items,
            Amount = amount,
            HoldPlaced = amount <= Store.Available,
            IdempotencyKey = idempotencyKey,
            CreatedAt = now,
            UpdatedAt = now,
            Scenario = scenario,
        };
        Store.OrderRequests.Add(request.Id, request);
        sandbox.Webhooks.Publish(
            "order.queued", new OrderProgressEvent(request.Id, "queued", type, orderCount, now));
        return request;
    }

    private void StartProcessing(OrderRequest request)
    {
        lock (Store.Gate)
        {
            if (request.Status != "queued")
            {
                return;
            }

            MarkProcessing(request);
        }

        // Due times follow the request's own timeline, so one large clock jump runs both steps.
        var worker = sandbox.Options.OrderWorker;
        var due = request.CreatedAt + worker.QueuedDuration + worker.ProcessingDuration;
        sandbox.Schedule(due - sandbox.Time.GetUtcNow(), () => Guarded(request, Complete));
    }

    private void MarkProcessing(OrderRequest request)
    {
        lock (Store.Gate)
        {
            if (request.Status != "queued")
            {
                return;
            }

            request.Status = "processing";
            request.UpdatedAt = sandbox.Time.GetUtcNow();
            sandbox.Webhooks.Publish(
                "order.processing",
                new OrderProgressEvent(
                    request.Id,
                    request.Status,
                    request.Type,
                    request.Type == "bulk" ? request.Items.Count : null,
                    request.UpdatedAt));
        }
    }

    // A failure inside the worker fails the order request (the caller sees order.failed), never the process.
    private void Guarded(OrderRequest request, Action<OrderRequest> step)
    {
        try
        {
            step(request);
        }
#pragma warning disable CA1031 // Any failure of the sandbox's own worker becomes a failed order request.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Hosting.SandboxLog.OrderRequestCrashed(sandbox.Logger, exception, request.Id);
            lock (Store.Gate)
            {
                if (request.Status is "queued" or "processing")
                {
                    request.HoldPlaced = false;
                    Fail(request, "The sandbox could not process this order request: " + exception.Message);
                }
            }
        }
    }

    private void Complete(OrderRequest request)
    {
        lock (Store.Gate)
        {
            if (request.Status != "processing")
            {
                return;
            }

            request.HoldPlaced = false;
            if (request.Scenario is { Reason: { } reason })
            {
                Fail(request, reason);
                return;
            }

            var worker = sandbox.Options.OrderWorker;
#pragma warning disable CA5394 // Deliberately the seeded generator: a run's failures repeat with its seed.
            if (request.Scenario is null && worker.FailureRate > 0 && sandbox.Random.NextDouble() < worker.FailureRate)
#pragma warning restore CA5394
            {
                Fail(request, worker.FailureReason);
                return;
            }

            var available = Store.Available;
            decimal required;
            if (request.Type == "single")
            {
                var input = OrderInput.TryCreate(
                    request.Items[0], sandbox.Catalog, Store.Currency, out _, out var message);
                if (input is null)
                {
                    Fail(request, message);
                    return;
                }

                required = input.Value;
                if (required <= available)
                {
                    var order = IssueLocked(input, request.IdempotencyKey, request.Id, "api_order_async");
                    request.OrderIds.Add(order.Id);
                    Succeed(request, OrderBody.Full(order), new OrderSucceededResult(order.Id, null));
                    return;
                }
            }
            else
            {
                var result = BulkLocked(request.Items, request.IdempotencyKey, request.Id, "api_order_async", out required);
                if (result is not null)
                {
                    request.OrderIds.AddRange(result.Orders.Select(o => o.Id));
                    Succeed(request, result, new OrderSucceededResult(null, [.. request.OrderIds]));
                    return;
                }
            }

            Fail(
                request,
                $"Insufficient available balance. Required: {OrderInput.Format(required)}, "
                + $"Available: {OrderInput.Format(available)} {Store.Currency}");
        }
    }

    private void Succeed(OrderRequest request, object result, OrderSucceededResult summary)
    {
        request.Status = "succeeded";
        request.Result = result;
        request.UpdatedAt = sandbox.Time.GetUtcNow();
        sandbox.Webhooks.Publish(
            "order.succeeded",
            new OrderSucceededEvent(request.Id, request.Status, request.Type, summary, request.UpdatedAt));
    }

    private void Fail(OrderRequest request, string error)
    {
        request.Status = "failed";
        request.Error = error;
        request.UpdatedAt = sandbox.Time.GetUtcNow();
        sandbox.Webhooks.Publish(
            "order.failed", new OrderFailedEvent(request.Id, request.Status, request.Type, error, request.UpdatedAt));
    }

    private string NewVoucherCode()
    {
        Span<char> code = stackalloc char[19];
        for (var i = 0; i < code.Length; i++)
        {
#pragma warning disable CA5394 // Voucher codes are fake and must repeat with the seed.
            code[i] = i % 5 == 4 ? '-' : VoucherAlphabet[sandbox.Random.Next(VoucherAlphabet.Length)];
#pragma warning restore CA5394
        }

        return new string(code);
    }

    private static CreateOutcome Accepted(OrderRequest request) =>
        new(StatusCodes.Status202Accepted, SandboxJson.Serialize(new QueuedBody(request.Id, "queued")), true);

    private CreateOutcome InsufficientFunds(decimal required, bool asyncMode) =>
        new(
            StatusCodes.Status402PaymentRequired,
            SandboxJson.Serialize(
                new InsufficientFundsBody("Insufficient funds", required, Store.Available, Store.Currency)),
            asyncMode);

    private static CreateOutcome Failure(int statusCode, bool asyncMode, string error, string message) =>
        new(statusCode, SandboxJson.Serialize(new ErrorBody(error, message)), asyncMode);
}
