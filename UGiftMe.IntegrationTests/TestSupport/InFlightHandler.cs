namespace UGiftMe.IntegrationTests.TestSupport;

/// <summary>
/// Knows whether a request of the client is on its way (sent, its answer not yet read), so a test on a
/// <see cref="TestClock"/> can move time only between requests: each then reaches the sandbox and is answered at the
/// instant the client sent it, however slowly a busy machine carries it.
/// </summary>
internal sealed class InFlightHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly object _gate = new();
    private int _inFlight;
    private TaskCompletionSource _idle = NewIdleSignal(completed: true);

    /// <summary>Completes when no request is on its way (at once if none is).</summary>
    public Task WhenIdle
    {
        get
        {
            lock (_gate)
            {
                return _idle.Task;
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_inFlight++ == 0)
            {
                _idle = NewIdleSignal(completed: false);
            }
        }

        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            TaskCompletionSource? idle = null;
            lock (_gate)
            {
                if (--_inFlight == 0)
                {
                    idle = _idle;
                }
            }

            idle?.TrySetResult();
        }
    }

    private static TaskCompletionSource NewIdleSignal(bool completed)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            signal.SetResult();
        }

        return signal;
    }
}
