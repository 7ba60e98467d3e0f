using System.Diagnostics;

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
