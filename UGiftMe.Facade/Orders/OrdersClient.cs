using System.Text.RegularExpressions;
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
    private readonly SingleOrderReader _single = null!;
    private readonly BulkOrderReader _bulk = null!;

    internal OrdersClient(UGiftMePipeline pipeline, OrderPollingOptions polling)
    {
        _pipeline = pipeline;
        _polling = polling;
        _single = new SingleOrderReader(pipeline);
        _bulk = new BulkOrderReader(pipeline);
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
        var result = await _pipeline.SendAsync(OrdersApi.BuildCreate(_pipeline.BaseUrl, request, key), OrdersApi.ReadCreate, OrdersApi.ReadCreateError, cancellationToken, key).ConfigureAwait(false);
        var created = result.Value;
        if (IsQueued(result.Metadata.StatusCode, created.OrderRequestId))
        {
            return new OrderOperation<BusinessOrder>(_single, polling, RequireRequestId(created.OrderRequestId, result.Metadata), created.Status ?? OrderRequestStatuses.Queued, result.Metadata);
        }

        return created.Id is null
            ? throw Unfinished(result.Metadata, "its answer has no order id (_id)")
            : new OrderOperation<BusinessOrder>(_single, polling, created, result.Metadata);
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
        return new OrderOperation<BusinessOrder>(_single, ValidPolling(polling ?? _polling), PathSegment.Require(orderRequestId, nameof(orderRequestId)), OrderRequestStatuses.Queued, null);
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
        var result = await _pipeline.SendAsync(OrdersApi.BuildCreateBulk(_pipeline.BaseUrl, body, key), OrdersApi.ReadCreateBulk, OrdersApi.ReadCreateBulkError, cancellationToken, key).ConfigureAwait(false);
        var created = result.Value;
        if (IsQueued(result.Metadata.StatusCode, created.OrderRequestId))
        {
            return new OrderOperation<BulkOrderResult>(_bulk, polling, RequireRequestId(created.OrderRequestId, result.Metadata), created.Status ?? OrderRequestStatuses.Queued, result.Metadata);
        }

        return created.Orders is null
            ? throw Unfinished(result.Metadata, "its answer has no list of orders")
            : new OrderOperation<BulkOrderResult>(_bulk, polling, BulkOrderReader.ToResult(created, JToken.FromObject(created)), result.Metadata);
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
        return new OrderOperation<BulkOrderResult>(_bulk, ValidPolling(polling ?? _polling), PathSegment.Require(orderRequestId, nameof(orderRequestId)), OrderRequestStatuses.Queued, null);
    }

    /// <summary>One order by id (404 throws <see cref="ResourceNotFoundException"/>).</summary>
    public virtual Task<UGiftMeResult<BusinessOrder>> GetAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        return _pipeline.SendAsync(OrdersApi.BuildGet(_pipeline.BaseUrl, orderId), OrdersApi.ReadGet, OrdersApi.ReadGetError, cancellationToken);
    }

    /// <summary>The queue status of an asynchronous order request, as UGiftMe reports it.</summary>
    public virtual Task<UGiftMeResult<OrderRequest>> GetRequestAsync(string orderRequestId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderRequestId);
        return _single.PollAsync(orderRequestId, null, cancellationToken);
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

    // A 202 names the request to follow; a server-given id is a path segment of the polls, so it must be one.
    private static string RequireRequestId(string? orderRequestId, ResponseMetadata metadata) =>
        PathSegment.IsValid(orderRequestId) ? orderRequestId! : throw Unfinished(metadata, orderRequestId is null ? "it sent no orderRequestId to follow it" : $"its orderRequestId '{orderRequestId}' is not an id that can be followed");

    // A create that was accepted but whose answer lacks what it promises: the order may exist.
    private static UnreadableResponseException Unfinished(ResponseMetadata metadata, string problem) => new(
        $"UGiftMe accepted the order ({metadata.StatusCode}) but {problem}. The order may exist: resend with Idempotency-Key '{metadata.IdempotencyKey}' to get its answer again without ordering twice.",
        new ErrorContext { StatusCode = metadata.StatusCode, Headers = metadata.Headers, IdempotencyKey = metadata.IdempotencyKey, RetryCount = metadata.RetryCount, RateLimit = metadata.RateLimit });

    private static OrderPollingOptions ValidPolling(OrderPollingOptions polling)
    {
        var problems = polling.Validate();
        return problems.Count == 0 ? polling.Clone() : throw new ArgumentException(string.Join(" ", problems), nameof(polling));
    }

    // The client's own settings were checked and copied when it was made; a caller's are checked and copied per call.
    private OrderPollingOptions ResolvePolling(OrderCreateOptions? options) => options?.Polling is { } polling ? ValidPolling(polling) : _polling;

    private Task<UGiftMeResult<OrderHistoryPage>> List(int page, int? pageSize, string? sortBy, SortOrder? order, CancellationToken cancellationToken) =>
        _pipeline.SendAsync(OrdersApi.BuildList(_pipeline.BaseUrl, page, pageSize, sortBy, order), OrdersApi.ReadList, OrdersApi.ReadListError, cancellationToken);

    private Task<UGiftMeResult<OrderSearchPage>> Search(OrderSearchQuery query, int page, CancellationToken cancellationToken) =>
        _pipeline.SendAsync(
            OrdersApi.BuildSearch(_pipeline.BaseUrl, query.Merchant, query.Status, query.IsActive, query.IsPaid, query.StartDate, query.EndDate, page, query.PageSize, query.SortBy, query.Order),
            OrdersApi.ReadSearch, OrdersApi.ReadSearchError, cancellationToken);

#if NET
    [GeneratedRegex("^[A-Za-z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyPattern();
#else
    private static readonly Regex CurrencyRegex = new("^[A-Za-z]{3}$", RegexOptions.CultureInvariant);

    private static Regex CurrencyPattern() => CurrencyRegex;
#endif
}
