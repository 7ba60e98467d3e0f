using System.Diagnostics;

namespace UGiftMe.Cli.Tests.TestSupport;

/// <summary>
/// The installed <c>ugiftme</c> running with arguments and an environment of the test's choosing. Output lines are
/// collected as they arrive, and tests wait on them as signals (<see cref="WaitForLineAsync"/>), never on time.
/// Disposing kills the process if it is still running.
/// </summary>
internal sealed class ToolProcess : IDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _output = [];
    private readonly List<string> _error = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Signal)> _waiters = [];

    private ToolProcess(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment)
    {
        var start = new ProcessStartInfo(Tests.InstalledTool.Command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A user's shell, not the test runner's: no UGiftMe settings leak in, and the launcher finds this dotnet.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("UGIFTME_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_ROOT"] = DotNetHost.Root;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Received(e.Data, _output);
        _process.ErrorDataReceived += (_, e) => Received(e.Data, _error);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Arguments = string.Join(' ', arguments);
    }

    public string Arguments { get; }

    public int Id => _process.Id;

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_gate)
            {
                return [.. _output];
            }
        }
    }

    public IReadOnlyList<string> Error
    {
        get
        {
            lock (_gate)
            {
                return [.. _error];
            }
        }
    }

    public string Transcript => $"$ ugiftme {Arguments}\n{string.Join('\n', Output)}\n[stderr]\n{string.Join('\n', Error)}";

    public static ToolProcess Start(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        new(arguments, environment);

    /// <summary>Runs a command to its end.</summary>
    public static async Task<ToolResult> RunAsync(
        IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment, CancellationToken cancellationToken)
    {
        using var process = Start(arguments, environment);
        var exitCode = await process.WaitForExitAsync(cancellationToken);
        return new ToolResult(exitCode, process.Output, process.Error, process.Transcript);
    }

    /// <summary>Completes with the first stdout line (already printed or still to come) that matches.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_output.FirstOrDefault(match) is { } line)
            {
                return Task.FromResult(line);
            }

            var signal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>
    /// What Ctrl+C does: SIGINT. A process started by a non-interactive shell in the background inherits SIGINT as
    /// ignored (and .NET keeps it so), in which case the test sends SIGTERM, which the tool handles the same way.
    /// </summary>
    public Task PressCtrlCAsync(CancellationToken cancellationToken)
    {
        if (SigIntIgnoredHere())
        {
            TestContext.Out.WriteLine("SIGINT is ignored in this test process (and so in its children): sending SIGTERM instead.");
            return SignalAsync("TERM", cancellationToken);
        }

        return SignalAsync("INT", cancellationToken);
    }

    /// <summary>Sends a POSIX signal, e.g. <c>INT</c> (what Ctrl+C sends), with <c>kill</c>.</summary>
    public async Task SignalAsync(string signal, CancellationToken cancellationToken)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync(cancellationToken);
        Assert.That(kill.ExitCode, Is.Zero, $"kill -s {signal} {_process.Id}");
    }

    /// <summary>What <c>kill -9</c> does: SIGKILL, no handler runs, nothing is flushed.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill.
        }

        _process.Dispose();
    }

    private static bool SigIntIgnoredHere()
    {
        const int SigInt = 2;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && (ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & (1UL << (SigInt - 1))) != 0;
    }

    private void Received(string? line, List<string> lines)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource<string>> released = [];
        lock (_gate)
        {
            lines.Add(line);
            if (ReferenceEquals(lines, _output))
            {
                for (var i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (_waiters[i].Match(line))
                    {
                        released.Add(_waiters[i].Signal);
                        _waiters.RemoveAt(i);
                    }
                }
            }
        }

        foreach (var signal in released)
        {
            signal.TrySetResult(line);
        }
    }
}
