using UGiftMe.Sandbox;
using UGiftMe.Sandbox.Scenarios;

namespace UGiftMe.Testing;

/// <summary>An order a scenario keeps <c>queued</c> (<see cref="SandboxOrderScenario.StaysQueued"/>) until the test releases it.</summary>
public sealed class SandboxHeldOrder
{
    private readonly SandboxServer _server;
    private readonly OrderScenario _scenario;
    private readonly string _description;

    internal SandboxHeldOrder(SandboxServer server, OrderScenario scenario, string description)
    {
        _server = server;
        _scenario = scenario;
        _description = description;
    }

    /// <summary>Whether the matching create has been queued.</summary>
    public bool IsQueued => _scenario.Queued.IsCompleted;

    /// <summary>The held order request's id, once it is queued.</summary>
    public string? OrderRequestId => _scenario.Queued.IsCompletedSuccessfully ? _scenario.Queued.Result : null;

    /// <summary>Completes with the order request's id once the matching create has been queued.</summary>
    /// <param name="cancellationToken">Gives up waiting.</param>
    /// <returns>The order request id.</returns>
    public Task<string> WaitUntilQueuedAsync(CancellationToken cancellationToken = default) =>
        _scenario.Queued.WaitAsync(cancellationToken);

    /// <summary>
    /// Lets the order request go now: <c>processing</c>, then <c>succeeded</c> with its order (or <c>failed</c> for lack
    /// of funds, as any queued order), with their <c>order.*</c> webhooks.
    /// </summary>
    /// <exception cref="InvalidOperationException">No create has been queued by this scenario yet, or it was released already.</exception>
    public void Release() => End(failureReason: null);

    /// <summary>Ends the order request now as <c>failed</c> with <paramref name="reason"/>, with <c>order.failed</c>.</summary>
    /// <param name="reason">The order request's <c>error</c>.</param>
    /// <exception cref="InvalidOperationException">No create has been queued by this scenario yet, or it was released already.</exception>
    public void Fail(string reason = SandboxOrderWorkerOptions.DefaultFailureReason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        End(reason);
    }

    /// <summary>Says which create this handle holds.</summary>
    /// <returns>For example "the next order (queued as 6650...)".</returns>
    public override string ToString() => OrderRequestId is { } id ? $"{_description} (queued as {id})" : $"{_description} (not queued yet)";

    private void End(string? failureReason)
    {
        var id = OrderRequestId ?? throw new InvalidOperationException($"No create matched {_description} yet: nothing is held.");
        if (!_server.Context.Orders.Release(id, failureReason))
        {
            throw new InvalidOperationException($"Order request {id} is no longer queued: it was released already.");
        }
    }
}
