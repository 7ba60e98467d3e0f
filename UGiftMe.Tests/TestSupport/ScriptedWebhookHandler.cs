using System.Collections.Concurrent;

namespace UGiftMe.Tests.TestSupport;

/// <summary>
/// A handler that counts its runs and how many ran at once. A run the test holds (<see cref="Hold"/>) waits until the
/// test finishes it; any other run succeeds at once, so an unexpected run shows in the counts instead of hanging.
/// </summary>
public sealed class ScriptedWebhookHandler
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _started = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<bool>> _finish = new();
    private int _runs;
    private int _running;
    private int _mostAtOnce;

    public int Runs => Volatile.Read(ref _runs);

    public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

    public async Task RunAsync()
    {
        var run = Interlocked.Increment(ref _runs);
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _mostAtOnce, running);
        try
        {
            Signal(run).TrySetResult();
            if (_finish.TryGetValue(run, out var held) && await held.Task)
            {
                throw new InvalidOperationException($"run {run} fails");
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public Task Started(int run) => Signal(run).Task;

    public void Hold(int run) => _finish[run] = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Finish(int run, bool fail) => _finish[run].SetResult(fail);

    private static void InterlockedMax(ref int location, int value)
    {
        for (var seen = Volatile.Read(ref location); value > seen; seen = Volatile.Read(ref location))
        {
            if (Interlocked.CompareExchange(ref location, value, seen) == seen)
            {
                return;
            }
        }
    }

    private TaskCompletionSource Signal(int run) => _started.GetOrAdd(run, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
}
