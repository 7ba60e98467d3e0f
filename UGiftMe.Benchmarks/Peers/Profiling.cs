using System.Diagnostics;

namespace UGiftMe.Benchmarks.Peers;

/// <summary>
/// The <c>loop</c> mode: one variant of the peer comparison calling in a loop, so that a profiler
/// (<c>perf record -p</c>, <c>dotnet-trace collect -- …</c>) sees nothing else. With no caller count it calls the
/// in-memory transport from one caller; with one, that many callers call the loopback server (in its own process).
/// Every second it prints the time and bytes per call (with callers: calls per second).
/// </summary>
internal static class Profiling
{
    public static async Task<int> LoopAsync(string variantName, string operationName, TimeSpan duration, int? callers)
    {
        using var server = callers is null ? null : await LoopbackServerProcess.StartAsync();
        var variant = server is null
            ? PeerClients.Create(variantName, UGiftMeClientOptions.SandboxBaseAddress, () => new CannedApiHandler())
            : PeerClients.Create(variantName, server.BaseAddress, Loopback.Transport);
        using var owner = variant.Owner;
        var call = operationName switch
        {
            "get" => variant.GetOrder,
            "create" => variant.CreateOrder,
            _ => throw new ArgumentOutOfRangeException(nameof(operationName), operationName, "Use get or create."),
        };

        var total = Stopwatch.StartNew();
        while (total.Elapsed < duration)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            long calls = 0;
            await Task.WhenAll(Enumerable.Range(0, callers ?? 1).Select(_ => Task.Run(async () =>
            {
                while (watch.Elapsed < TimeSpan.FromSeconds(1))
                {
                    await call();
                    Interlocked.Increment(ref calls);
                }
            })));

            var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            Console.WriteLine(callers is null
                ? $"{variantName} {operationName}: {watch.Elapsed.TotalMicroseconds / calls:N1} µs per call, {(double)bytes / calls:N0} bytes per call"
                : $"{variantName} {operationName}, {callers} callers: {calls / watch.Elapsed.TotalSeconds:N0} calls per second, {(double)bytes / calls:N0} bytes per call");
        }

        return 0;
    }
}
