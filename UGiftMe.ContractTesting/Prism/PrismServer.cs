using System.Diagnostics;
using System.Text.RegularExpressions;
using UGiftMe.ContractTesting.Hosting;

namespace UGiftMe.ContractTesting.Prism;

/// <summary>
/// Stoplight Prism (the <c>@stoplight/prism-cli</c> pinned in the repository's package.json) on 127.0.0.1: an
/// independent OpenAPI validator, as a mock that answers from the spec's examples (<see cref="StartMockAsync(string, CancellationToken)"/>) or as
/// a proxy in front of a real server (<see cref="StartProxyAsync"/>). Both run with <c>--errors</c>, so a request or
/// response that breaks the spec gets an error answer, and every violation Prism logs is kept in
/// <see cref="Violations"/>. Disposing stops the node process.
/// </summary>
public sealed partial class PrismServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private PrismServer(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>Where Prism listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Every line Prism printed so far.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>The violations Prism reported so far (its <c>Violation: ...</c> lines, without the log prefix).</summary>
    public IReadOnlyList<string> Violations =>
        [.. Output.Select(line => ViolationLine().Match(line)).Where(m => m.Success).Select(m => m.Groups["violation"].Value.Trim())];

    /// <summary>Starts <c>prism mock &lt;spec&gt; --errors</c>: answers come from the spec's static examples.</summary>
    /// <param name="spec">The OpenAPI file.</param>
    /// <param name="cancellationToken">Stops waiting for Prism to listen.</param>
    /// <returns>The running server.</returns>
    public static Task<PrismServer> StartMockAsync(string spec, CancellationToken cancellationToken = default) =>
        StartAsync(["mock", spec], cancellationToken);

    /// <summary>Starts <c>prism mock &lt;spec&gt; --errors</c> on ports from <paramref name="choosePort"/> (see <see cref="LoopbackPort.StartAsync{T}"/>).</summary>
    /// <param name="spec">The OpenAPI file.</param>
    /// <param name="choosePort">Where each attempt's port comes from.</param>
    /// <param name="cancellationToken">Stops waiting for Prism to listen.</param>
    /// <returns>The running server.</returns>
    public static Task<PrismServer> StartMockAsync(string spec, Func<int> choosePort, CancellationToken cancellationToken = default) =>
        StartAsync(["mock", spec], cancellationToken, choosePort);

    /// <summary>Starts <c>prism proxy &lt;spec&gt; &lt;upstream&gt; --errors</c>: traffic goes on to <paramref name="upstream"/> and both directions are validated.</summary>
    /// <param name="spec">The OpenAPI file.</param>
    /// <param name="upstream">The server Prism forwards to.</param>
    /// <param name="cancellationToken">Stops waiting for Prism to listen.</param>
    /// <returns>The running server.</returns>
    public static Task<PrismServer> StartProxyAsync(string spec, Uri upstream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return StartAsync(["proxy", spec, upstream.GetLeftPart(UriPartial.Authority)], cancellationToken);
    }

    /// <summary>The Prism CLI script in the repository's node_modules, searched upwards from this assembly's folder.</summary>
    /// <returns>The full path of <c>@stoplight/prism-cli/dist/index.js</c>.</returns>
    public static string FindCli()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var cli = Path.Combine(directory.FullName, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");
            if (File.Exists(cli))
            {
                return cli;
            }
        }

        throw new FileNotFoundException(
            $"@stoplight/prism-cli is not installed above {AppContext.BaseDirectory}: run `npm ci` at the repository root (`dotnet cake` does it in NpmInstall).");
    }

    /// <summary>The repository's <c>openapi/ugiftme-business.yaml</c>, found next to the node_modules that holds Prism.</summary>
    /// <returns>The full path of the spec.</returns>
    public static string FindBusinessApiSpec()
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(FindCli())!, "..", "..", "..", ".."));
        var spec = Path.Combine(root, "openapi", "ugiftme-business.yaml");
        return File.Exists(spec) ? spec : throw new FileNotFoundException($"{spec} does not exist.");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing to stop.
        }

        _process.Dispose();
    }

    private static Task<PrismServer> StartAsync(string[] command, CancellationToken cancellationToken, Func<int>? choosePort = null) =>
        LoopbackPort.StartAsync(port => StartOnAsync(command, port, cancellationToken), choosePort);

    private static async Task<PrismServer> StartOnAsync(string[] command, int port, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(FindNode())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[FindCli(), .. command, "--errors", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";
        start.Environment["SCARF_ANALYTICS"] = "false";

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var streamsOpen = 2;
        var outputEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = new PrismServer(new Process { StartInfo = start, EnableRaisingEvents = true }, new Uri($"http://127.0.0.1:{port}/"));
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                if (Interlocked.Decrement(ref streamsOpen) == 0)
                {
                    outputEnded.TrySetResult();
                }

                return;
            }

            lock (server._output)
            {
                server._output.Add(e.Data);
            }

            if (e.Data.Contains("Prism is listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
            else if (e.Data.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                listening.TrySetException(new LoopbackPortTakenException($"Prism could not listen on port {port}: {e.Data}"));
            }
        }

        server._process.OutputDataReceived += OnLine;
        server._process.ErrorDataReceived += OnLine;
        // An exit is reported once all it printed was read, so a port taken is told from any other failure; the handler
        // leaves the process alone, which DisposeAsync may be releasing meanwhile.
        server._process.Exited += (_, _) => outputEnded.Task.ContinueWith(
            _ => listening.TrySetException(new InvalidOperationException($"Prism exited before listening:{Environment.NewLine}{string.Join(Environment.NewLine, server.Output)}")),
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            // No real-time budget of its own: Prism either listens or exits, and the caller's token bounds a hang.
            await listening.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return server;
    }

    private static string FindNode()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "node.exe" } : ["node"];
        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => names.Select(name => Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("node was not found on PATH; Prism needs Node.js (see package.json).");
    }

    [GeneratedRegex(@"Violation:(?<violation>.*)$")]
    private static partial Regex ViolationLine();
}
