using System.Diagnostics;
using UGiftMe.ContractTesting.Hosting;

namespace UGiftMe.Redis.Tests;

/// <summary>
/// A real <c>redis-server</c> (Debian package redis-server) on a free 127.0.0.1 port (<see cref="LoopbackPort"/>), without
/// persistence unless asked for, started for a fixture and stopped by its PID. Ready once the server prints that it
/// accepts connections.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private static readonly TimeSpan KillGuard = TimeSpan.FromSeconds(20);
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts a server; <paramref name="settings"/> (e.g. <c>--appendonly yes</c>) override the defaults.</summary>
    public static Task<RedisServer> StartAsync(params string[] settings) => StartAsync(choosePort: null, settings);

    /// <summary>Starts a server on a port from <paramref name="choosePort"/>, and again on another while the port it got was taken.</summary>
    public static async Task<RedisServer> StartAsync(Func<int>? choosePort, params string[] settings)
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "redis-server is not installed: `apt-get update && apt-get install -y redis-server` (.ci/run does this).");
        return await LoopbackPort.StartAsync(port => StartOnAsync(executable, port, settings), choosePort);
    }

    private static async Task<RedisServer> StartOnAsync(string executable, int port, string[] settings)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var streamsOpen = 2;
        var outputEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null)
            {
                if (Interlocked.Decrement(ref streamsOpen) == 0)
                {
                    outputEnded.TrySetResult();
                }

                return;
            }

            output.Enqueue(line);
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
            else if (line.Contains("Address already in use", StringComparison.Ordinal))
            {
                ready.TrySetException(new LoopbackPortTakenException($"redis-server could not listen on port {port}: {line}"));
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        // An exit is reported once all it printed was read, so a port taken is told from any other failure; the handler
        // leaves the process alone, which Dispose may be releasing meanwhile.
        process.Exited += (_, _) => outputEnded.Task.ContinueWith(
            _ => ready.TrySetException(new InvalidOperationException("redis-server exited: " + string.Join(Environment.NewLine, output))),
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, port);
        try
        {
            // No real-time budget: the server either says it is ready or exits, and a hang is the test run's to report.
            await ready.Task;
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash or an outage would; waits until it is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(KillGuard);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
