using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// Single and bulk orders, their history and search, and asynchronous order requests. Every create carries an
/// <c>Idempotency-Key</c> (yours, one derived from your business reference, or a new one) that all its retries reuse.
/// </summary>
public partial class OrdersClient
{
    private readonly ApiInvoker _invoker = null!;
    private readonly IOrdersApi _api = null!;
    private readonly OrderPollingOptions _polling = null!;
    private readonly OrderOperationDriver<BusinessOrder> _singleDriver = null!;
    private readonly OrderOperationDriver<BulkOrderResult> _bulkDriver = null!;

    internal OrdersClient(ApiInvoker invoker, IOrdersApi api, OrderPollingOptions polling)
    {
        _invoker = invoker;
        _api = api;
        _polling = polling;
        _singleDriver = new OrderOperationDriver<BusinessOrder>(invoker, api, ReadOrderAsync);
        _bulkDriver = new OrderOperationDriver<BulkOrderResult>(invoker, api, (_, token, _) => Task.FromResult(ReadBulk(token)));
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
        var result = await _invoker.SendAsync(_api, (api, ct) => api.CreateAsync(request, idempotency_Key: key, cancellationToken: ct), cancellationToken, key).ConfigureAwait(false);
        if (!IsQueued(result.Metadata.StatusCode, result.Value?.OrderRequestId))
        {
            return new OrderOperation<BusinessOrder>(_singleDriver, polling, result.Value ?? new BusinessOrder(), result.Metadata);
        }

        return new OrderOperation<BusinessOrder>(_singleDriver, polling, RequireRequestId(result.Value?.OrderRequestId, result.Metadata),
            result.Value?.Status ?? OrderRequestStatuses.Queued, result.Metadata);
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
        return new OrderOperation<BusinessOrder>(_singleDriver, ValidPolling(polling ?? _polling), orderRequestId, OrderRequestStatuses.Queued, null);
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
        var result = await _invoker.SendAsync(_api, (api, ct) => api.CreateBulkAsync(body, idempotency_Key: key, cancellationToken: ct), cancellationToken, key).ConfigureAwait(false);
        if (!IsQueued(result.Metadata.StatusCode, result.Value?.OrderRequestId))
        {
            return new OrderOperation<BulkOrderResult>(_bulkDriver, polling, ToBulkResult(result.Value), result.Metadata);
        }

        return new OrderOperation<BulkOrderResult>(_bulkDriver, polling, RequireRequestId(result.Value?.OrderRequestId, result.Metadata),
            result.Value?.Status ?? OrderRequestStatuses.Queued, result.Metadata);
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
        return new OrderOperation<BulkOrderResult>(_bulkDriver, ValidPolling(polling ?? _polling), orderRequestId, OrderRequestStatuses.Queued, null);
    }

    /// <summary>One order by id (404 throws <see cref="ResourceNotFoundException"/>).</summary>
    public virtual Task<UGiftMeResult<BusinessOrder>> GetAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        return _invoker.SendAsync(_api, (api, ct) => api.GetAsync(orderId, cancellationToken: ct), cancellationToken);
    }

    /// <summary>The queue status of an asynchronous order request, as UGiftMe reports it.</summary>
    public virtual Task<UGiftMeResult<OrderRequest>> GetRequestAsync(string orderRequestId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderRequestId);
        return _invoker.SendAsync(_api, (api, ct) => api.GetRequestAsync(orderRequestId, cancellationToken: ct), cancellationToken);
    }

    /// <summary>One page of the order history (newest first by default).</summary>
    public virtual Task<UGiftMeResult<OrderHistoryPage>> ListAsync(int page = 1, int? pageSize = null, string? sortBy = null, SortOrder? order = null, CancellationToken cancellationToken = default)
    {
        Paging.RequireValid(page, pageSize);
        return _invoker.SendAsync(_api, (api, ct) => api.ListAsync(page: page, limit: pageSize, sortBy: sortBy, order: order, cancellationToken: ct), cancellationToken);
    }

    /// <summary>The whole order history, fetched a page at a time as it is enumerated.</summary>
    public virtual IAsyncEnumerable<BusinessOrder> ListAllAsync(int pageSize = 50, string? sortBy = null, SortOrder? order = null, CancellationToken cancellationToken = default)
    {
        Paging.RequireValid(1, pageSize);
        return Paging.Walk(
            _invoker.State.Options.MaxPagesPerEnumeration,
            (page, ct) => _invoker.SendAsync(_api, (api, c) => api.ListAsync(page: page, limit: pageSize, sortBy: sortBy, order: order, cancellationToken: c), ct),
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
        return _invoker.SendAsync(_api, (api, ct) => Search(api, query, page, ct), cancellationToken);
    }

    /// <summary>Every order matching <paramref name="query"/>, fetched a page at a time as it is enumerated.</summary>
    public virtual IAsyncEnumerable<BusinessOrder> SearchAllAsync(OrderSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return Paging.Walk(
            _invoker.State.Options.MaxPagesPerEnumeration,
            (page, ct) => _invoker.SendAsync(_api, (api, c) => Search(api, query, page, c), ct),
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

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(order.ProductCode))
        {
            problems.Add("ProductCode is required (e.g. AMAZON_UK_STD)");
        }

        if (string.IsNullOrWhiteSpace(order.Merchant))
        {
            problems.Add("Merchant is required (e.g. Amazon UK)");
        }

        if (order.Currency is null || !CurrencyPattern().IsMatch(order.Currency))
        {
            problems.Add($"Currency must be a three-letter ISO code such as GBP, not '{order.Currency}'");
        }

        if (order.ValuePurchased <= 0)
        {
            problems.Add($"ValuePurchased must be greater than 0, not {order.ValuePurchased}");
        }

        if (order.RecipientEmail is { } email && (email.Length < 3 || !email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace)))
        {
            problems.Add($"RecipientEmail '{email}' is not an email address");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid order in {name}: {string.Join("; ", problems)}.", name);
        }
    }

    private static bool IsQueued(int statusCode, string? orderRequestId) =>
        statusCode == 202 || (statusCode != 201 && orderRequestId is not null);

    private static string RequireRequestId(string? orderRequestId, ResponseMetadata metadata) =>
        orderRequestId ?? throw new UGiftMeException(
            $"UGiftMe accepted the order ({metadata.StatusCode}) but sent no orderRequestId to follow it. Resend with Idempotency-Key '{metadata.IdempotencyKey}' to get it without ordering twice.",
            new ErrorContext { StatusCode = metadata.StatusCode, Headers = metadata.Headers, IdempotencyKey = metadata.IdempotencyKey, RetryCount = metadata.RetryCount });

    private static OrderPollingOptions ValidPolling(OrderPollingOptions polling)
    {
        var problems = polling.Validate();
        return problems.Count == 0 ? polling.Clone() : throw new ArgumentException(string.Join(" ", problems), nameof(polling));
    }

    private static BulkOrderResult ToBulkResult(BulkOrderCreationResponse? response) =>
        new((response?.Orders ?? []).ToList(), (response?.RejectedOrders ?? []).ToList(), response?.Summary,
            response is null ? null : JToken.FromObject(response));

    private static BulkOrderResult ReadBulk(JToken? result)
    {
        var parsed = result is JObject { } obj && obj.ContainsKey("orders") ? OrderOperationDriver<BulkOrderResult>.As<BulkOrderCreationResponse>(obj) : null;
        return new BulkOrderResult((parsed?.Orders ?? []).ToList(), (parsed?.RejectedOrders ?? []).ToList(), parsed?.Summary, result);
    }

    // The docs say a completed request's result is "usually a BusinessOrder ... may be an arbitrary object": take an
    // order as it is; for a bare { orderId } (the webhook's shape) fetch the order; keep anything else as extra members.
    private static async Task<BusinessOrder> ReadOrderAsync(OrderOperationDriver<BusinessOrder> driver, JToken? result, CancellationToken cancellationToken)
    {
        var order = OrderOperationDriver<BusinessOrder>.As<BusinessOrder>(result as JObject) ?? new BusinessOrder();
        if (order.Id is null && (result as JObject)?["orderId"] is JValue { Type: JTokenType.String } orderId)
        {
            try
            {
                return (await driver.Invoker.SendAsync(driver.Api, (api, ct) => api.GetAsync((string)orderId!, cancellationToken: ct), cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (UGiftMeException)
            {
                order.Id = (string?)orderId;
            }
        }

        return order;
    }

    // The client's own settings were checked and copied when it was made; a caller's are checked and copied per call.
    private OrderPollingOptions ResolvePolling(OrderCreateOptions? options) => options?.Polling is { } polling ? ValidPolling(polling) : _polling;

    private static Task<ApiResponse<OrderSearchPage>> Search(IOrdersApi api, OrderSearchQuery query, int page, CancellationToken cancellationToken) =>
        api.SearchAsync(merchant: query.Merchant, status: query.Status, isActive: query.IsActive, isPaid: query.IsPaid, startDate: query.StartDate,
            endDate: query.EndDate, page: page, limit: query.PageSize, sortBy: query.SortBy, order: query.Order, cancellationToken: cancellationToken);

    [GeneratedRegex("^[A-Za-z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyPattern();
}
