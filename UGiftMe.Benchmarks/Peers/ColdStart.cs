using System.Diagnostics;
using System.Globalization;
using System.Reflection.PortableExecutable;

namespace UGiftMe.Benchmarks.Peers;

/// <summary>
/// Process start → first response: this program started again in <c>first</c> mode, which builds one variant's
/// client, gets one order from the loopback server and exits. Variants take turns; the figure is the median.
/// </summary>
internal static class ColdStart
{
    public static async Task<Dictionary<string, double>> MeasureAsync(Uri server, IReadOnlyList<string> variants, int rounds)
    {
        var samples = variants.ToDictionary(v => v, _ => new List<double>());
        for (var round = -1; round < rounds; round++)
        {
            for (var i = 0; i < variants.Count; i++)
            {
                var variant = variants[(i + Math.Max(round, 0)) % variants.Count];
                var watch = Stopwatch.StartNew();
                using var process = Process.Start(ChildProcess.StartInfo("first", variant, server.ToString()))
                    ?? throw new InvalidOperationException("The cold-start probe did not start.");
                var said = await process.StandardOutput.ReadLineAsync();
                var elapsed = watch.Elapsed;
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await process.WaitForExitAsync(timeout.Token);
                if (process.ExitCode != 0 || said != "ok")
                {
                    throw new InvalidOperationException($"The cold-start probe for {variant} exited {process.ExitCode} after '{said}'.");
                }

                if (round >= 0)
                {
                    samples[variant].Add(elapsed.TotalMilliseconds);
                }
            }
        }

        return samples.ToDictionary(s => s.Key, s => Interleaved.Median(s.Value));
    }

    /// <summary>
    /// The cold-start row alone, with more rounds than the peer comparison gives it. Run from a ReadyToRun publish
    /// (<c>dotnet publish UGiftMe.Benchmarks -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true</c>),
    /// it measures an application whose code, the SDK's and its dependencies' included, was compiled ahead of time.
    /// </summary>
    public static async Task<IReadOnlyList<string>> LinesAsync(int rounds)
    {
        using var server = await LoopbackServerProcess.StartAsync();
        string[] variants = [PeerClients.Raw, PeerClients.Sdk, PeerClients.Peer];
        var cold = await MeasureAsync(server.BaseAddress, variants, rounds);
        var build = IsReadyToRun(typeof(UGiftMeClient).Assembly.Location) ? "ReadyToRun" : "JIT";
        return
        [
            string.Create(CultureInfo.InvariantCulture, $"cold start, {build} build, median of {rounds}: {string.Join(", ", variants.Select(v => $"{v} {cold[v]:0} ms"))}"),
            GoalLine.AtMost($"cold_start.{build.ToLowerInvariant()}.time_vs_raw", 1.10, cold[PeerClients.Sdk] / cold[PeerClients.Raw]).ToString(),
        ];
    }

    // A ReadyToRun image carries native code beside its IL, announced by the CLI header's managed native header.
    private static bool IsReadyToRun(string assemblyPath)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        return pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    /// <summary>The child's side: one get through <paramref name="variant"/>, then "ok" on stdout (the parent's clock stops there).</summary>
    public static async Task<int> FirstResponseAsync(string variant, Uri server)
    {
        var client = PeerClients.Create(variant, server, Loopback.Transport);
        await client.GetOrder();
        Console.WriteLine("ok");
        client.Owner.Dispose();
        return 0;
    }
}
