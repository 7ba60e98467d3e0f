namespace UGiftMe.Sandbox.Hosting;

/// <summary>
/// Conditions that tests wait for, re-checked whenever the sandbox's state changes (a request starts or ends, an order
/// or order request changes, a delivery attempt finishes), so tests wait on a signal instead of polling or sleeping.
/// </summary>
internal sealed class SandboxSignals
{
    private readonly Lock _gate = new();
    private readonly List<(Func<bool> Condition, TaskCompletionSource Signal)> _waiters = [];

    public Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiter = (condition, signal);
        lock (_gate)
        {
            _waiters.Add(waiter);
        }

        // Checked after registering, so a change between the check and the registration cannot be missed.
        Check(waiter);
        if (!cancellationToken.CanBeCanceled)
        {
            return signal.Task;
        }

        return WaitCancellableAsync(waiter, cancellationToken);
    }

    public void Notify()
    {
        (Func<bool>, TaskCompletionSource)[] waiters;
        lock (_gate)
        {
            if (_waiters.Count == 0)
            {
                return;
            }

            waiters = [.. _waiters];
        }

        foreach (var waiter in waiters)
        {
            Check(waiter);
        }
    }

    private async Task WaitCancellableAsync((Func<bool> Condition, TaskCompletionSource Signal) waiter, CancellationToken cancellationToken)
    {
        try
        {
            await waiter.Signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Remove(waiter);
        }
    }

    private void Check((Func<bool> Condition, TaskCompletionSource Signal) waiter)
    {
        bool done;
        try
        {
            done = waiter.Condition();
        }
#pragma warning disable CA1031 // A condition that throws ends its own wait with that exception, never the sandbox.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Remove(waiter);
            waiter.Signal.TrySetException(exception);
            return;
        }

        if (done)
        {
            Remove(waiter);
            waiter.Signal.TrySetResult();
        }
    }

    private void Remove((Func<bool> Condition, TaskCompletionSource Signal) waiter)
    {
        lock (_gate)
        {
            _waiters.Remove(waiter);
        }
    }
}
