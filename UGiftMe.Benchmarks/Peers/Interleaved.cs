using System.Diagnostics;

namespace UGiftMe.Benchmarks.Peers;

/// <summary>
/// Runs variants in short alternating turns (the order rotates every round), so a noisy neighbour's burst lands on
/// all of them alike; each variant's figure is the median of its turns, and the goals compare those medians.
/// </summary>
internal static class Interleaved
{
    /// <summary>
    /// Calls each variant, in turns, for <paramref name="each"/> in all: long enough for the runtime to recompile the
    /// hot methods with full optimisation (tier 1), which takes about three seconds of calls on this machine. Without it
    /// the first scenario measured each variant's tier-0 code, and the one with more code (the SDK) looked 2.8x slower
    /// than raw on a get and 1.6x on the create measured after it.
    /// </summary>
    public static async Task WarmUpAsync(IReadOnlyList<PeerVariant> variants, IReadOnlyList<Func<PeerVariant, Func<Task>>> operations, TimeSpan each, TimeSpan turn)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < each; elapsed += turn)
        {
            foreach (var variant in variants)
            {
                foreach (var operation in operations)
                {
                    var call = operation(variant);
                    var watch = Stopwatch.StartNew();
                    while (watch.Elapsed < turn / operations.Count)
                    {
                        await call();
                    }
                }
            }
        }
    }

    /// <summary>One caller, one call after another: microseconds and allocated bytes per call.</summary>
    public static async Task<Dictionary<string, (double Micros, double Bytes)>> SequentialAsync(
        IReadOnlyList<PeerVariant> variants, Func<PeerVariant, Func<Task>> operation, int rounds, TimeSpan turn)
    {
        var samples = variants.ToDictionary(v => v.Name, _ => (Micros: new List<double>(), Bytes: new List<double>()));
        for (var round = -1; round < rounds; round++)
        {
            for (var i = 0; i < variants.Count; i++)
            {
                var variant = variants[(i + Math.Max(round, 0)) % variants.Count];
                var call = operation(variant);
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                var calls = 0;
                while (watch.Elapsed < turn)
                {
                    await call();
                    calls++;
                }

                watch.Stop();
                var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
                if (round >= 0)
                {
                    samples[variant.Name].Micros.Add(watch.Elapsed.TotalMicroseconds / calls);
                    samples[variant.Name].Bytes.Add((double)bytes / calls);
                }
            }
        }

        return samples.ToDictionary(s => s.Key, s => (Median(s.Value.Micros), Median(s.Value.Bytes)));
    }

    /// <summary><paramref name="callers"/> concurrent callers calling in a loop: completed calls per second.</summary>
    public static async Task<Dictionary<string, double>> ThroughputAsync(
        IReadOnlyList<PeerVariant> variants, Func<PeerVariant, Func<Task>> operation, int callers, int rounds, TimeSpan turn)
    {
        var samples = variants.ToDictionary(v => v.Name, _ => new List<double>());
        for (var round = -1; round < rounds; round++)
        {
            for (var i = 0; i < variants.Count; i++)
            {
                var variant = variants[(i + Math.Max(round, 0)) % variants.Count];
                var call = operation(variant);
                var completed = 0;
                var watch = Stopwatch.StartNew();
                var workers = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
                {
                    while (watch.Elapsed < turn)
                    {
                        await call();
                        Interlocked.Increment(ref completed);
                    }
                }));
                await Task.WhenAll(workers);
                watch.Stop();
                if (round >= 0)
                {
                    samples[variant.Name].Add(completed / watch.Elapsed.TotalSeconds);
                }
            }
        }

        return samples.ToDictionary(s => s.Key, s => Median(s.Value));
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
