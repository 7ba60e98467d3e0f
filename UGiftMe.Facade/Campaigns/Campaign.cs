using System.Globalization;
using System.Runtime.CompilerServices;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// Places many gift cards, each exactly once per reference, at the client's rate limit, resumable from its journal.
/// </summary>
/// <remarks>
/// <para><b>Exactly once.</b> Every request's key is derived from the references it carries (a single card's from its
/// reference alone, as <see cref="OrderCreateOptions.BusinessReference"/> derives it). Items are put into a group, and
/// the group with its key is recorded in the journal <i>before</i> it is sent; a reference in a recorded group never
/// moves to another. So a run after a crash resends the same group with the same key, and UGiftMe replays its answer
/// instead of ordering again. A group gets the next attempt's key (<see cref="IdempotencyKey.NextAttempt"/>) only after
/// an answer that says no card exists for its key (a 402, a queued request that failed).</para>
/// <para><b>Pacing.</b> A campaign switches on the client's pacer: from then on every call of the client (the
/// campaign's and any other) shares the allowance the server reports in its rate-limit headers.</para>
/// </remarks>
public sealed class Campaign
{
    private const string BulkScope = "ugiftme-campaign-bulk";

    private readonly UGiftMeClient _client;
    private readonly CampaignOptions _options;
    private readonly ICampaignJournal _journal;
    private long _createRequests;
    private FundsRefusal? _fundsRefused; // set by concurrent groups: one reference, written whole
    private volatile bool _stopRequested;
    private Run _run = null!;

    /// <summary>A campaign over <paramref name="client"/>; run it with <see cref="RunAsync"/>.</summary>
    /// <param name="client">The client to order with (its pacer is switched on when the campaign runs).</param>
    /// <param name="options">The campaign's id, journal, group size and concurrency.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public Campaign(UGiftMeClient client, CampaignOptions options)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _journal = options.Journal ?? new InMemoryCampaignJournal();
    }

    /// <summary>
    /// What the latest run did (each <see cref="RunAsync"/> starts a new summary); complete once it has been read to its
    /// end.
    /// </summary>
    public CampaignSummary Summary { get; private set; } = new();

    /// <summary>
    /// Stops sending in the run in progress: no new request starts, the requests in flight finish and are recorded, and
    /// the items not yet sent end as <see cref="CampaignOutcomeKind.NotSent"/>. A run again (this instance's
    /// <see cref="RunAsync"/> or a new campaign's with the same journal) continues where this one stopped.
    /// </summary>
    public void Stop() => _stopRequested = true;

    private bool Stopping => _stopRequested || Summary.StoppedForFunds;

    /// <summary>
    /// Runs the campaign over <paramref name="items"/> and yields one outcome per item as it is known (in the order
    /// requests finish). Items finished in an earlier run with the same journal are yielded from it without a request.
    /// With <see cref="CampaignOptions.CheckFundsFirst"/> the items are enumerated twice.
    /// </summary>
    /// <param name="items">The cards; each reference once (a repeated reference is reported once).</param>
    /// <param name="cancellationToken">Cancels at once; the requests in flight may or may not have landed, and a run
    /// again resends them with their recorded keys. Use <see cref="Stop"/> to stop cleanly instead.</param>
    /// <exception cref="AuthenticationFailedException">The key was refused; nothing more is sent.</exception>
    public async IAsyncEnumerable<CampaignItemOutcome> RunAsync(IEnumerable<CampaignItem> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        _client.Pacer?.Activate();
        var itemCount = (items as ICollection<CampaignItem>)?.Count ?? (items as IReadOnlyCollection<CampaignItem>)?.Count;
        _run = new Run(_client.TimeProvider.GetTimestamp(), itemCount, _client.Pacer?.Granted ?? 0, _client.Pacer?.RateLimitedCount ?? 0);
        _stopRequested = false;
        _fundsRefused = null;
        Summary = new CampaignSummary();
        Interlocked.Exchange(ref _createRequests, 0);
        if (_options.CheckFundsFirst)
        {
            await CheckFundsAsync(items, cancellationToken).ConfigureAwait(false);
        }

        var inFlight = new List<Task<CampaignGroup>>();
        var batch = new List<CampaignItem>();

        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var outcome in await CollectAsync(inFlight, _options.MaxConcurrency - 1).ConfigureAwait(false))
            {
                yield return outcome;
            }

            if (Invalid(item) is { } problem)
            {
                yield return Count(new CampaignItemOutcome(item.Reference, CampaignOutcomeKind.Rejected, item.Order.ValuePurchased, item.Order.Currency) { Reason = problem });
            }
            else if (batch.Exists(batched => batched.Reference == item.Reference))
            {
                continue;
            }
            else if (await _journal.FindGroupAsync(_options.CampaignId, item.Reference, cancellationToken).ConfigureAwait(false) is { } recorded)
            {
                if (recorded.RunId == _run.Id)
                {
                    continue;
                }

                if (recorded.State == CampaignGroupState.Completed || Stopping)
                {
                    yield return Count(Outcome(recorded, item.Reference, item.Order, fromEarlierRun: true));
                    continue;
                }

                await ResumeAsync(recorded, cancellationToken).ConfigureAwait(false);
                inFlight.Add(SendAsync(recorded, cancellationToken));
            }
            else if (Stopping)
            {
                yield return Count(NotSent(item));
            }
            else
            {
                batch.Add(item);
                if (batch.Count < _options.GroupSize)
                {
                    continue;
                }

                foreach (var outcome in await DispatchAsync(batch, inFlight, cancellationToken).ConfigureAwait(false))
                {
                    yield return Count(outcome);
                }
            }
        }

        foreach (var outcome in await CollectAsync(inFlight, _options.MaxConcurrency - 1).ConfigureAwait(false))
        {
            yield return outcome;
        }

        foreach (var outcome in await DispatchAsync(batch, inFlight, cancellationToken).ConfigureAwait(false))
        {
            yield return Count(outcome);
        }

        foreach (var outcome in await CollectAsync(inFlight, 0).ConfigureAwait(false))
        {
            yield return outcome;
        }

        // A 402 names what one request lacked; finishing takes every card the run left unplaced, less what the wallet had.
        if (Summary.StoppedForFunds && _fundsRefused is { Currency: { } currency, Available: { } available })
        {
            Summary.Shortfall = Math.Max(Summary.Shortfall ?? 0, Summary.ValueNotPlacedForFunds(currency) - available);
        }

        Report();
    }

    private static string? Invalid(CampaignItem item)
    {
        try
        {
            _ = IdempotencyKey.FromReference(item.Reference);
            OrdersClient.ValidateOrder(item.Order, "order");
            return null;
        }
        catch (ArgumentException invalid)
        {
            return invalid.Message;
        }
    }

    private static CampaignItemOutcome NotSent(CampaignItem item) =>
        new(item.Reference, CampaignOutcomeKind.NotSent, item.Order.ValuePurchased, item.Order.Currency);

    // An item's outcome as its group records it: this run's answer, or the journal's from an earlier run.
    private static CampaignItemOutcome Outcome(CampaignGroup group, string reference, CreateOrderRequest order, bool fromEarlierRun, string? unknownBecause = null)
    {
        var recorded = group.Items.FirstOrDefault(i => i.Reference == reference);
        // A group recorded but never answered may have been sent before the process ended: its outcome is unknown.
        var kind = recorded?.Outcome ?? (!fromEarlierRun || group.State is CampaignGroupState.Sending or CampaignGroupState.Queued ? CampaignOutcomeKind.Unknown : CampaignOutcomeKind.NotSent);
        return new CampaignItemOutcome(reference, kind, order.ValuePurchased, order.Currency)
        {
            OrderId = recorded?.OrderId,
            OrderRequestId = group.OrderRequestId,
            Reason = recorded?.Reason ?? (kind == CampaignOutcomeKind.Unknown ? unknownBecause : null),
            IdempotencyKey = group.IdempotencyKey,
            Attempt = group.Attempt,
            FromEarlierRun = fromEarlierRun,
        };
    }

    // Empties the batch: records it as one group before sending it, or reports it not sent once the run is stopping.
    // Items another worker grouped meanwhile are left to it.
    private async Task<List<CampaignItemOutcome>> DispatchAsync(List<CampaignItem> batch, List<Task<CampaignGroup>> inFlight, CancellationToken cancellationToken)
    {
        List<CampaignItem> items = [.. batch];
        batch.Clear();
        if (items.Count == 0 || Stopping)
        {
            return items.ConvertAll(NotSent);
        }

        var group = NewGroup(items);
        if (await _journal.TryAddGroupAsync(_options.CampaignId, group, cancellationToken).ConfigureAwait(false))
        {
            inFlight.Add(SendAsync(group, cancellationToken));
            return [];
        }

        var taken = new List<CampaignItemOutcome>();
        foreach (var item in items)
        {
            var single = NewGroup([item]);
            if (await _journal.TryAddGroupAsync(_options.CampaignId, single, cancellationToken).ConfigureAwait(false))
            {
                inFlight.Add(SendAsync(single, cancellationToken));
            }
            else if (await _journal.FindGroupAsync(_options.CampaignId, item.Reference, cancellationToken).ConfigureAwait(false) is { } other && other.RunId != _run.Id)
            {
                taken.Add(Outcome(other, item.Reference, item.Order, fromEarlierRun: true,
                    unknownBecause: $"Another worker grouped this item at the same moment and sends it (Idempotency-Key '{other.IdempotencyKey}'); its outcome is in the journal once that worker has it: run again to read it."));
            }
        }

        return taken;
    }

    // A single item's key is its reference's; a bulk group's is derived from all its references, length-prefixed so that
    // no two different groups share one.
    private CampaignGroup NewGroup(List<CampaignItem> items)
    {
        var key = items.Count == 1
            ? IdempotencyKey.FromReference(items[0].Reference)
            : IdempotencyKey.FromReference(string.Concat(items.Select(i => i.Reference.Length.ToString(CultureInfo.InvariantCulture) + ":" + i.Reference)), scope: BulkScope);
        return new CampaignGroup
        {
            GroupId = key,
            IdempotencyKey = key,
            IsBulk = items.Count > 1,
            State = CampaignGroupState.Sending,
            RunId = _run.Id,
            Items = items.Select(i => new CampaignGroupItem { Reference = i.Reference, Order = i.Order }).ToList(),
        };
    }

    // A group of an earlier run: the same key again while its outcome is unknown or queued, the next attempt's key
    // once its key is spent without a card. Recorded before it is sent.
    private async Task ResumeAsync(CampaignGroup group, CancellationToken cancellationToken)
    {
        group.RunId = _run.Id;
        if (group.State == CampaignGroupState.NoOrder)
        {
            group.Attempt++;
            group.IdempotencyKey = IdempotencyKey.NextAttempt(group.IdempotencyKey);
            group.State = CampaignGroupState.Sending;
            group.OrderRequestId = null;
            group.FailureReason = null;
            group.Shortfall = null;
        }

        foreach (var item in group.Items)
        {
            item.Outcome = null;
            item.Reason = null;
        }

        await _journal.UpdateGroupAsync(_options.CampaignId, group, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CampaignGroup> SendAsync(CampaignGroup group, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            if (group.IsBulk)
            {
                Assign(group, await CompleteAsync(group, queued => _client.Orders.ResumeBulk(queued, _options.Polling), _client.Orders.StartBulkAsync, cancellationToken).ConfigureAwait(false));
            }
            else
            {
                var order = await CompleteAsync(group, queued => _client.Orders.Resume(queued, _options.Polling), (orders, options, ct) => _client.Orders.StartAsync(orders[0], options, ct), cancellationToken).ConfigureAwait(false);
                group.Items[0].Outcome = CampaignOutcomeKind.Placed;
                group.Items[0].OrderId = order.Id;
            }

            group.State = CampaignGroupState.Completed;
        }
        catch (InsufficientFundsException funds)
        {
            End(group, CampaignGroupState.NoOrder, CampaignOutcomeKind.InsufficientFunds, funds.FailureReason ?? funds.ServerMessage ?? funds.Message);
            group.Shortfall = funds.Shortfall;
            _fundsRefused = new FundsRefusal(funds.Currency, funds.Available);
        }
        catch (OrderFailedException failed) when (failed.OrderRequestId is not null)
        {
            End(group, CampaignGroupState.NoOrder, CampaignOutcomeKind.Failed, failed.FailureReason ?? failed.Message);
        }
        catch (IdempotencyKeyReusedException reused)
        {
            // The journal resends the payload first sent with the key, so this means the journal and UGiftMe disagree.
            End(group, group.State, CampaignOutcomeKind.Unknown, reused.Message);
        }
        catch (ValidationFailedException invalid)
        {
            End(group, CampaignGroupState.Completed, CampaignOutcomeKind.Rejected, invalid.ServerMessage ?? invalid.Message);
        }
        catch (UGiftMeException noTurn) when (noTurn.PacerHadNoTurn)
        {
            // The client's pacer has no turn for this call or its retry within TotalTimeout, nor for the next items: stop
            // sending rather than fail each item in turn.
            End(group, group.State, CampaignOutcomeKind.Unknown, noTurn.Message);
            Stop();
        }
        catch (UGiftMeException unknown) when (unknown is not (AuthenticationFailedException or PermissionDeniedException))
        {
            End(group, group.State, CampaignOutcomeKind.Unknown, unknown.Message);
        }

        await _journal.UpdateGroupAsync(_options.CampaignId, group, CancellationToken.None).ConfigureAwait(false);
        return group;
    }

    // Resumes the group's queued request, or sends it (recording the request once queued), and waits for its outcome.
    private async Task<T> CompleteAsync<T>(
        CampaignGroup group,
        Func<string, OrderOperation<T>> resume,
        Func<List<CreateOrderRequest>, OrderCreateOptions, CancellationToken, Task<OrderOperation<T>>> start,
        CancellationToken cancellationToken)
        where T : class
    {
        OrderOperation<T> operation;
        if (group is { State: CampaignGroupState.Queued, OrderRequestId: { } queued })
        {
            operation = resume(queued);
        }
        else
        {
            Interlocked.Increment(ref _createRequests);
            var options = new OrderCreateOptions { IdempotencyKey = group.IdempotencyKey, Polling = _options.Polling };
            operation = await start(group.Items.Select(i => i.Order).ToList(), options, cancellationToken).ConfigureAwait(false);
        }

        if (operation.OrderRequestId is { } orderRequestId && group.State != CampaignGroupState.Queued)
        {
            group.State = CampaignGroupState.Queued;
            group.OrderRequestId = orderRequestId;
            await _journal.UpdateGroupAsync(_options.CampaignId, group, cancellationToken).ConfigureAwait(false);
        }

        return await operation.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void End(CampaignGroup group, CampaignGroupState state, CampaignOutcomeKind kind, string reason)
    {
        group.State = state;
        group.FailureReason = state == CampaignGroupState.NoOrder ? reason : null;
        foreach (var item in group.Items)
        {
            item.Outcome = kind;
            item.Reason = reason;
        }
    }

    // A bulk answer lists the created orders in the order of the items sent, leaving out the refused ones, which it
    // names by product code only: each item takes the next order when it matches, else a refusal of its product.
    private static void Assign(CampaignGroup group, BulkOrderResult result)
    {
        var next = 0;
        var refused = result.RejectedOrders.ToList();
        foreach (var item in group.Items)
        {
            if (next < result.Orders.Count && Matches(result.Orders[next], item.Order))
            {
                item.Outcome = CampaignOutcomeKind.Placed;
                item.OrderId = result.Orders[next++].Id;
            }
            else if (refused.FindIndex(r => string.Equals(r.ProductCode, item.Order.ProductCode, StringComparison.OrdinalIgnoreCase)) is var at and >= 0)
            {
                item.Outcome = CampaignOutcomeKind.Rejected;
                item.Reason = refused[at].Reason;
                refused.RemoveAt(at);
            }
            else
            {
                item.Outcome = CampaignOutcomeKind.Unknown;
                item.Reason = "The bulk answer accounts for this item neither as an order nor as a rejection; look for it in the order history.";
            }
        }
    }

    private static bool Matches(BusinessOrder order, CreateOrderRequest item) =>
        string.Equals(order.ProductCode, item.ProductCode, StringComparison.OrdinalIgnoreCase)
        && (order.ValuePurchased is null || order.ValuePurchased == item.ValuePurchased);

    // The outcomes of the groups that have finished, waiting for more to finish until at most keep are in flight.
    private async Task<List<CampaignItemOutcome>> CollectAsync(List<Task<CampaignGroup>> inFlight, int keep)
    {
        var outcomes = new List<CampaignItemOutcome>();
        while ((inFlight.Find(send => send.IsCompleted) ?? (inFlight.Count > keep ? await Task.WhenAny(inFlight).ConfigureAwait(false) : null)) is { } finished)
        {
            inFlight.Remove(finished);
            var group = await finished.ConfigureAwait(false);
            outcomes.AddRange(group.Items.Select(item => Count(Outcome(group, item.Reference, item.Order, fromEarlierRun: false), sent: true)));
            if (group.Items.Any(i => i.Outcome == CampaignOutcomeKind.InsufficientFunds))
            {
                Summary.StoppedForFunds = true;
                Summary.Shortfall = group.Shortfall is { } shortfall ? Math.Max(Summary.Shortfall ?? 0, shortfall) : Summary.Shortfall;
            }
        }

        return outcomes;
    }

    // Counts an outcome of this run: sent when this run sent requests for its group, not when it came from the journal
    // or was refused before sending.
    private CampaignItemOutcome Count(CampaignItemOutcome outcome, bool sent = false)
    {
        _run.Sent += sent ? 1 : 0;
        Summary.Add(outcome);
        Report();
        return outcome;
    }

    private void Report()
    {
        Summary.CreateRequests = Interlocked.Read(ref _createRequests);
        if (_options.Progress is not { } progress)
        {
            return;
        }

        var elapsed = _client.TimeProvider.GetElapsedTime(_run.Started);
        var perMinute = elapsed > TimeSpan.Zero ? _run.Sent / elapsed.TotalMinutes : 0;
        var pacer = _client.Pacer;
        progress.Report(new CampaignProgress
        {
            ItemsDone = Summary.Items,
            ItemCount = _run.ItemCount,
            CardsPlaced = Summary.Placed,
            ValueSpent = Summary.ValueSpent,
            ItemsPerMinute = perMinute,
            EstimatedRemaining = _run.ItemCount is { } all && perMinute > 0 ? TimeSpan.FromMinutes(Math.Max(0, all - Summary.Items) / perMinute) : null,
            RateLimitedResponses = (pacer?.RateLimitedCount ?? 0) - _run.RateLimitedBefore,
            Requests = (pacer?.Granted ?? 0) - _run.RequestsBefore,
        });
    }

    // The value of the items not yet placed or rejected, per currency, against the wallet's balance in it: the run
    // stops for funds when it does not cover them.
    private async Task CheckFundsAsync(IEnumerable<CampaignItem> items, CancellationToken cancellationToken)
    {
        var needed = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            if (Invalid(item) is null
                && await _journal.FindGroupAsync(_options.CampaignId, item.Reference, cancellationToken).ConfigureAwait(false) is not { State: CampaignGroupState.Completed })
            {
                needed[item.Order.Currency] = (needed.TryGetValue(item.Order.Currency, out var sum) ? sum : 0) + item.Order.ValuePurchased;
            }
        }

        var wallets = (await _client.Wallet.ListAsync(cancellationToken).ConfigureAwait(false)).Value;
        decimal shortfall = 0;
        foreach (var (currency, amount) in needed)
        {
            var balance = wallets.Where(w => string.Equals(w.Currency, currency, StringComparison.OrdinalIgnoreCase)).Sum(w => w.Balance ?? 0);
            shortfall = Math.Max(shortfall, amount - balance);
        }

        if (shortfall > 0)
        {
            Summary.StoppedForFunds = true;
            Summary.Shortfall = shortfall;
        }
    }

    /// <summary>The currency and balance a 402 reported, for the shortfall that finishes the campaign.</summary>
    private sealed record FundsRefusal(string? Currency, decimal? Available);

    /// <summary>
    /// One <see cref="RunAsync"/>: when it began, how many items it was given (when known), the pacer's counts then,
    /// and how many of its items it finished by requests of its own.
    /// </summary>
    private sealed record Run(long Started, long? ItemCount, long RequestsBefore, int RateLimitedBefore)
    {
        /// <summary>Marks the groups this run recorded: a reference found under it was already handled in this run.</summary>
        public string Id { get; } = Guid.NewGuid().ToString("N");

        public long Sent { get; set; }
    }
}
