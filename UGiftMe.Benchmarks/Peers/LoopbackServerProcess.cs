using System.Diagnostics;
using System.Globalization;

namespace UGiftMe.Benchmarks.Peers;

/// <summary>
/// A loopback server in a process of its own (the <see cref="CannedHttpServer"/>, or the
/// <see cref="WebhookReceiverServer"/>), stopped (by its id) when disposed.
/// </summary>
internal sealed class LoopbackServerProcess : IDisposable
{
    private readonly Process _process;

    private LoopbackServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<LoopbackServerProcess> StartAsync(string mode = "serve")
    {
        var process = Process.Start(ChildProcess.StartInfo(mode)) ?? throw new InvalidOperationException("The loopback server did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"The loopback server said '{line}' instead of its port.");
        }

        var port = int.Parse(line.AsSpan(10), CultureInfo.InvariantCulture);
        return new LoopbackServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
