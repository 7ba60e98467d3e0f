namespace UGiftMe.Sandbox;

/// <summary>
/// Decides the fault, if any, for each request under <see cref="SandboxFaultOptions.PathPrefix"/>, and lets a running
/// test script more: <c>sandbox.Faults.Enqueue(SandboxFault.ServerError)</c> fails the next affected request.
/// </summary>
public sealed class SandboxFaultInjector
{
    private readonly Lock _gate = new();
    private readonly Queue<SandboxFault> _script;
    private readonly Random _random;

    internal SandboxFaultInjector(SandboxFaultOptions options, int seed)
    {
        Options = options;
        _script = new Queue<SandboxFault>(options.Script);
        _random = new Random(seed);
    }

    /// <summary>The options in force; rates and latency may be changed while the sandbox runs.</summary>
    public SandboxFaultOptions Options { get; }

    /// <summary>Scripted faults not yet used.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _script.Count;
            }
        }
    }

    /// <summary>Adds faults for the next affected requests, one each, after any already scripted.</summary>
    /// <param name="faults">The faults, in order.</param>
    public void Enqueue(params IEnumerable<SandboxFault> faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        lock (_gate)
        {
            foreach (var fault in faults)
            {
                _script.Enqueue(fault);
            }
        }
    }

    /// <summary>Drops every scripted fault not yet used.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _script.Clear();
        }
    }

    internal bool Affects(PathString path) =>
        path.StartsWithSegments(Options.PathPrefix, StringComparison.OrdinalIgnoreCase);

    internal SandboxFault Next()
    {
        lock (_gate)
        {
            if (_script.TryDequeue(out var scripted))
            {
                return scripted;
            }

            if (Options.ServerErrorRate <= 0 && Options.ServerErrorAfterWorkRate <= 0 && Options.TooManyRequestsRate <= 0 && Options.DroppedAnswerRate <= 0)
            {
                return SandboxFault.None;
            }

#pragma warning disable CA5394 // Deliberately a seeded, repeatable generator: this picks test faults, not secrets.
            var draw = _random.NextDouble();
#pragma warning restore CA5394
            if (draw < Options.ServerErrorRate)
            {
                return SandboxFault.ServerError;
            }

            if (draw < Options.ServerErrorRate + Options.ServerErrorAfterWorkRate)
            {
                return SandboxFault.ServerErrorAfterWork;
            }

            var tooMany = Options.ServerErrorRate + Options.ServerErrorAfterWorkRate + Options.TooManyRequestsRate;
            if (draw < tooMany)
            {
                return SandboxFault.TooManyRequests;
            }

            return draw < tooMany + Options.DroppedAnswerRate ? SandboxFault.DropAnswerAfterWork : SandboxFault.None;
        }
    }
}
