using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using UGiftMe.Generated;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// Single and bulk orders, their history and search, and asynchronous order requests. Every create carries an
/// <c>Idempotency-Key</c> (yours, one derived from your business reference, or a new one) that all its retries reuse.
/// </summary>
public partial class OrdersClient
{
    private readonly UGiftMePipeline _pipeline = null!;
    private readonly OrderPollingOptions _polling = null!;
    private readonly OrderReader<BusinessOrder> _single = null!;
    private readonly OrderReader<BulkOrderResult> _bulk = null!;

    internal OrdersClient(UGiftMePipeline pipeline, OrderPollingOptions polling)
    {
        _pipeline = pipeline;
        _polling = polling;
        _single = new(ReadOrderAsync, ReadWebhookOrderAsync);
        _bulk = new(ReadBulkAsync, static (_, _, _) => Task.FromResult<BulkOrderResult?>(null));
    }

    /// <summary>For mocking in tests.</summary>
    protected OrdersClient()
    {
    }

    /// <summary>
    /// Creates one order and returns at once, whether UGiftMe created it (201: the operation is complete) or queued it
    /// (202: wait on the operation). A 402 throws <see cref="InsufficientFundsException"/>.
    /// </summary>
    public virtual async Task<OrderOperation<BusinessOrder>> StartAsync(CreateOrderRequest request, OrderCreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ValidateOrder(request, nameof(request));
        var key = options?.ResolveKey() ?? IdempotencyKey.Create();
        var polling = ResolvePolling(options);
        var result = await _pipeline.SendAsync(OrdersApi.BuildCreate(_pipeline.BaseUrl, request, idempotency_Key: key), OrdersApi.ReadCreate, OrdersApi.ReadCreateError, cancellationToken, key).ConfigureAwait(false);
        var created = result.Value;
        if (IsQueued(result.Metadata.StatusCode, created.OrderRequestId))
        {
            return new(_pipeline, _single, polling, result.Metadata, orderRequestId: RequireRequestId(created.OrderRequestId, result.Metadata), status: created.Status);
        }

        return created.Id is null
            ? throw Unfinished(result.Metadata, "its answer has no order id (_id)")
            : new(_pipeline, _single, polling, result.Metadata, value: created);
    }

    /// <summary>Creates one order and waits until it exists (see <see cref="OrderOperation{T}.WaitForCompletionAsync"/>).</summary>
    public virtual async Task<BusinessOrder> CreateAndWaitAsync(CreateOrderRequest request, OrderCreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        var operation = await StartAsync(request, options, cancellationToken).ConfigureAwait(false);
        return await operation.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Follows a queued single order started elsewhere (another process, before a restart) by its order request id.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Resume is the natural name; VB's Resume keyword does not clash in practice.")]
    public virtual OrderOperation<BusinessOrder> Resume(string orderRequestId, OrderPollingOptions? polling = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderRequestId);
        return new(_pipeline, _single, ValidPolling(polling ?? _polling), createResponse: null, orderRequestId: PathSegment.Require(orderRequestId, nameof(orderRequestId)));
    }

    /// <summary>
    /// Creates several orders in one request and returns at once (201: complete, possibly with refused items; 202: wait
    /// on the operation). A 402 (the wallet cannot cover the total) throws <see cref="InsufficientFundsException"/>.
    /// </summary>
    public virtual async Task<OrderOperation<BulkOrderResult>> StartBulkAsync(IEnumerable<CreateOrderRequest> orders, OrderCreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var items = orders.ToList();
        if (items.Count == 0)
        {
            throw new ArgumentException("A bulk order needs at least one order.", nameof(orders));
        }

        for (var i = 0; i < items.Count; i++)
        {
            ValidateOrder(items[i], $"{nameof(orders)}[{i}]");
        }

        var key = options?.ResolveKey() ?? IdempotencyKey.Create();
        var polling = ResolvePolling(options);
        var body = new CreateBulkOrderRequest { Orders = items };
        var result = await _pipeline.SendAsync(OrdersApi.BuildCreateBulk(_pipeline.BaseUrl, body, idempotency_Key: key), OrdersApi.ReadCreateBulk, OrdersApi.ReadCreateBulkError, cancellationToken, key).ConfigureAwait(false);
        var created = result.Value;
        if (IsQueued(result.Metadata.StatusCode, created.OrderRequestId))
        {
            return new(_pipeline, _bulk, polling, result.Metadata, orderRequestId: RequireRequestId(created.OrderRequestId, result.Metadata), status: created.Status);
        }

        return created.Orders is null
            ? throw Unfinished(result.Metadata, "its answer has no list of orders")
            : new(_pipeline, _bulk, polling, result.Metadata, value: ToBulkResult(created, JToken.FromObject(created)));
    }

    /// <summary>Creates several orders and waits until they exist.</summary>
    public virtual async Task<BulkOrderResult> CreateBulkAndWaitAsync(IEnumerable<CreateOrderRequest> orders, OrderCreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        var operation = await StartBulkAsync(orders, options, cancellationToken).ConfigureAwait(false);
        return await operation.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Follows a queued bulk order started elsewhere by its order request id.</summary>
    public virtual OrderOperation<BulkOrderResult> ResumeBulk(string orderRequestId, OrderPollingOptions? polling = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderRequestId);
        return new(_pipeline, _bulk, ValidPolling(polling ?? _polling), createResponse: null, orderRequestId: PathSegment.Require(orderRequestId, nameof(orderRequestId)));
    }

    /// <summary>One order by id (404 throws <see cref="ResourceNotFoundException"/>).</summary>
    public virtual Task<UGiftMeResult<BusinessOrder>> GetAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        return GetOrderAsync(orderId, idempotencyKey: null, cancellationToken);
    }

    /// <summary>The queue status of an asynchronous order request, as UGiftMe reports it.</summary>
    public virtual Task<UGiftMeResult<OrderRequest>> GetRequestAsync(string orderRequestId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderRequestId);
        return _pipeline.SendAsync(OrdersApi.BuildGetRequest(_pipeline.BaseUrl, orderRequestId), OrdersApi.ReadGetRequest, OrdersApi.ReadGetRequestError, cancellationToken);
    }

    /// <summary>One page of the order history (newest first by default).</summary>
    public virtual Task<UGiftMeResult<OrderHistoryPage>> ListAsync(int page = 1, int? pageSize = null, string? sortBy = null, SortOrder? order = null, CancellationToken cancellationToken = default)
    {
        Paging.RequireValid(page, pageSize);
        return List(page, pageSize, sortBy, order, cancellationToken);
    }

    /// <summary>The whole order history, fetched a page at a time as it is enumerated.</summary>
    public virtual IAsyncEnumerable<BusinessOrder> ListAllAsync(int pageSize = 50, string? sortBy = null, SortOrder? order = null, CancellationToken cancellationToken = default)
    {
        Paging.RequireValid(1, pageSize);
        return Paging.Walk(
            _pipeline.Client.Options.MaxPagesPerEnumeration,
            (page, ct) => List(page, pageSize, sortBy, order, ct),
            result => result.Orders,
            (result, page) => (result.Page ?? page) < (result.TotalPages ?? 0),
            cancellationToken);
    }

    /// <summary>One page of orders matching <paramref name="query"/>.</summary>
    public virtual Task<UGiftMeResult<OrderSearchPage>> SearchAsync(OrderSearchQuery query, int page = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        Paging.RequireValid(page, null);
        return Search(query, page, cancellationToken);
    }

    /// <summary>Every order matching <paramref name="query"/>, fetched a page at a time as it is enumerated.</summary>
    public virtual IAsyncEnumerable<BusinessOrder> SearchAllAsync(OrderSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return Paging.Walk(
            _pipeline.Client.Options.MaxPagesPerEnumeration,
            (page, ct) => Search(query, page, ct),
            result => result.Orders,
            (result, page) => (result.Pagination?.CurrentPage ?? page) < (result.Pagination?.TotalPages ?? 0),
            cancellationToken);
    }

    internal static void ValidateOrder(CreateOrderRequest? order, string name)
    {
        if (order is null)
        {
            throw new ArgumentNullException(name);
        }

        var problems = order.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid order in {name}: {string.Join("; ", problems)}.", name);
        }
    }

    // A succeeded request's result is "usually a BusinessOrder ... may be an arbitrary object" (the docs): an order is
    // taken as it is; a bare { orderId } (the webhook's shape) is fetched by id.
    private async Task<BusinessOrder> ReadOrderAsync(OrderRequest succeeded, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var order = ResultAs<BusinessOrder>(succeeded, idempotencyKey);
        if (order.Id is not null)
        {
            return order;
        }

        if ((succeeded.Result as JObject)?["orderId"] is JValue { Type: JTokenType.String, Value: string orderId })
        {
            return PathSegment.IsValid(orderId)
                ? (await GetOrderAsync(orderId, idempotencyKey, cancellationToken).ConfigureAwait(false)).Value
                : throw Unreadable(succeeded, idempotencyKey, $"its result names the order '{orderId}', which is not an id that can be fetched");
        }

        throw Unreadable(succeeded, idempotencyKey, "its result names no order (neither _id nor orderId)");
    }

    // A failed fetch is not the end: the status poll that follows reads the request's result.
    private async Task<BusinessOrder?> ReadWebhookOrderAsync(OrderCompletionEvent completion, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (completion.OrderId is not { } orderId || !PathSegment.IsValid(orderId))
        {
            return null;
        }

        try
        {
            return (await GetOrderAsync(orderId, idempotencyKey, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (UGiftMeException)
        {
            return null;
        }
    }

    // The created orders and the refused items, never an empty list standing in for a lost one.
    private static Task<BulkOrderResult> ReadBulkAsync(OrderRequest succeeded, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var response = ResultAs<BulkOrderCreationResponse>(succeeded, idempotencyKey);
        return response.Orders is null
            ? throw Unreadable(succeeded, idempotencyKey, "its result has no list of orders")
            : Task.FromResult(ToBulkResult(response, succeeded.Result as JToken));
    }

    private static BulkOrderResult ToBulkResult(BulkOrderCreationResponse response, JToken? raw) =>
        new(response.Orders!.ToList(), (response.RejectedOrders ?? []).ToList(), response.Summary, raw);

    /// <summary>The request's result as <typeparamref name="TModel"/>; an SDK exception when it is not one.</summary>
    private static TModel ResultAs<TModel>(OrderRequest succeeded, string? idempotencyKey)
        where TModel : class
    {
        try
        {
            var result = succeeded.Result as JToken ?? (succeeded.Result is null ? null : JToken.FromObject(succeeded.Result));
            return result?.ToObject<TModel>(JsonCodec.Strict) ?? throw new JsonSerializationException("it has no result");
        }
        catch (Exception unreadable) when (unreadable is JsonException or FormatException or OverflowException or InvalidCastException or ArgumentException)
        {
            throw Unreadable(succeeded, idempotencyKey, $"its result could not be read as a {typeof(TModel).Name} ({unreadable.Message})", unreadable);
        }
    }

    // The order exists, so every failure to read it says so and carries the create's key.
    private static UnreadableResponseException Unreadable(OrderRequest succeeded, string? idempotencyKey, string problem, Exception? inner = null) =>
        new($"Order request {succeeded.OrderRequestId} succeeded, but {problem}. The order exists: do not order it again with a new key; " +
            $"look it up (client.Orders.SearchAsync) or follow the request again (client.Orders.Resume(\"{succeeded.OrderRequestId}\")){(idempotencyKey is null ? "" : $"; its Idempotency-Key is '{idempotencyKey}'")}.",
            new ErrorContext { StatusCode = 200, IdempotencyKey = idempotencyKey, Details = succeeded.Result as JToken }, inner);

    private static bool IsQueued(int statusCode, string? orderRequestId) =>
        statusCode == 202 || (statusCode != 201 && orderRequestId is not null);

    // A 202 names the request to follow; a server-given id is a path segment of the polls, so it must be one.
    private static string RequireRequestId(string? orderRequestId, ResponseMetadata metadata) =>
        PathSegment.IsValid(orderRequestId) ? orderRequestId! : throw Unfinished(metadata, orderRequestId is null ? "it sent no orderRequestId to follow it" : $"its orderRequestId '{orderRequestId}' is not an id that can be followed");

    // A create that was accepted but whose answer lacks what it promises: the order may exist.
    private static UnreadableResponseException Unfinished(ResponseMetadata metadata, string problem) => new(
        $"UGiftMe accepted the order ({metadata.StatusCode}) but {problem}. The order may exist: resend with Idempotency-Key '{metadata.IdempotencyKey}' to get its answer again without ordering twice.",
        ErrorContext.Of(metadata));

    private static OrderPollingOptions ValidPolling(OrderPollingOptions polling)
    {
        var problems = polling.Validate();
        return problems.Count == 0 ? polling.Clone() : throw new ArgumentException(string.Join(" ", problems), nameof(polling));
    }

    // The client's own settings were checked and copied when it was made; a caller's are checked and copied per call.
    private OrderPollingOptions ResolvePolling(OrderCreateOptions? options) => options?.Polling is { } polling ? ValidPolling(polling) : _polling;

    private Task<UGiftMeResult<BusinessOrder>> GetOrderAsync(string orderId, string? idempotencyKey, CancellationToken cancellationToken) =>
        _pipeline.SendAsync(OrdersApi.BuildGet(_pipeline.BaseUrl, orderId), OrdersApi.ReadGet, OrdersApi.ReadGetError, cancellationToken, idempotencyKey);

    private Task<UGiftMeResult<OrderHistoryPage>> List(int page, int? pageSize, string? sortBy, SortOrder? order, CancellationToken cancellationToken) =>
        _pipeline.SendAsync(OrdersApi.BuildList(_pipeline.BaseUrl, page: page, limit: pageSize, sortBy: sortBy, order: order), OrdersApi.ReadList, OrdersApi.ReadListError, cancellationToken);

    private Task<UGiftMeResult<OrderSearchPage>> Search(OrderSearchQuery query, int page, CancellationToken cancellationToken) =>
        _pipeline.SendAsync(
            OrdersApi.BuildSearch(_pipeline.BaseUrl, merchant: query.Merchant, status: query.Status, isActive: query.IsActive, isPaid: query.IsPaid, startDate: query.StartDate, endDate: query.EndDate, page: page, limit: query.PageSize, sortBy: query.SortBy, order: query.Order),
            OrdersApi.ReadSearch, OrdersApi.ReadSearchError, cancellationToken);
}
