using UGiftMe.Sandbox;
using UGiftMe.Sandbox.Scenarios;

namespace UGiftMe.Testing;

/// <summary>
/// The outcome to give one order create (the next one, or the next for a reference, product or key). Choose one; each
/// call adds a scenario, used by the first matching create.
/// </summary>
public sealed class SandboxOrderScenario
{
    private readonly SandboxServer _server;
    private readonly Func<string?, string?, bool> _matches;
    private readonly string _description;

    internal SandboxOrderScenario(SandboxServer server, Func<string?, string?, bool> matches, string description)
    {
        _server = server;
        _matches = matches;
        _description = description;
    }

    /// <summary>
    /// The create is refused at once with 402 <c>Insufficient funds</c> (<c>required</c> = the order's value), and
    /// nothing is made or stored under its key: the SDK throws <see cref="InsufficientFundsException"/>.
    /// </summary>
    /// <param name="available">The <c>available</c> the 402 reports. Default 0.</param>
    public void IsRefusedForInsufficientFunds(decimal available = 0m) =>
        Add(new OrderScenario { Matches = _matches, Kind = OrderScenarioKind.InsufficientFunds, Available = available });

    /// <summary>
    /// The create is queued (202, whatever the account's mode), then the order request ends <c>failed</c> with
    /// <paramref name="reason"/> when the worker runs (after <c>OrderWorker</c>'s durations on the sandbox clock):
    /// <c>order.failed</c> is sent and the SDK's wait throws <see cref="OrderFailedException"/> (or
    /// <see cref="InsufficientFundsException"/> for an "Insufficient available balance. ..." reason).
    /// </summary>
    /// <param name="reason">The order request's <c>error</c>.</param>
    public void FailsAsynchronously(string reason = SandboxOrderWorkerOptions.DefaultFailureReason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Add(new OrderScenario { Matches = _matches, Kind = OrderScenarioKind.FailAsynchronously, Reason = reason });
    }

    /// <summary>
    /// The create is queued (202, whatever the account's mode) and stays <c>queued</c>, however long the clock runs,
    /// until the returned handle releases it.
    /// </summary>
    /// <returns>The handle that releases the order request (or fails it) when the test decides.</returns>
    public SandboxHeldOrder StaysQueued()
    {
        var scenario = new OrderScenario { Matches = _matches, Kind = OrderScenarioKind.HoldInQueue };
        Add(scenario);
        return new SandboxHeldOrder(_server, scenario, _description);
    }

    /// <summary>
    /// The create is queued (202, whatever the account's mode), is <c>processing</c> from its first status poll, and
    /// <c>succeeded</c> at poll number <paramref name="polls"/> (the clock does not move it).
    /// </summary>
    /// <param name="polls">The poll that sees <c>succeeded</c>, 1 or more.</param>
    public void SucceedsAfterPolls(int polls)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(polls, 1);
        Add(new OrderScenario { Matches = _matches, Kind = OrderScenarioKind.SucceedAfterPolls, Polls = polls });
    }

    /// <summary>
    /// The create is served — the order is made and paid for, and its key stored — then the connection is closed
    /// without an answer, <paramref name="times"/> times in a row for that key (the first create and the resends that
    /// replay it). The SDK resends a create with the same key up to <c>Retry.MaxRetries</c> times, so
    /// <paramref name="times"/> above that makes the call fail with <see cref="UGiftMeTransportException"/>
    /// ("an order may exist"): the case your recovery code must handle by resending the same key.
    /// </summary>
    /// <param name="times">How many answers in a row are lost, 1 or more. Default 1 (the SDK's own retry recovers).</param>
    public void LosesItsAnswer(int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        Add(new OrderScenario { Matches = _matches, Kind = OrderScenarioKind.DropAnswer, Times = times });
    }

    /// <summary>Says which creates this scenario matches.</summary>
    /// <returns>For example "the order for reference PO-1".</returns>
    public override string ToString() => _description;

    private void Add(OrderScenario scenario) => _server.Context.Scenarios.Add(scenario);
}
