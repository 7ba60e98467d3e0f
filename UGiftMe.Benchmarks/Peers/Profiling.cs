using System.Diagnostics;

namespace UGiftMe.Benchmarks.Peers;

/// <summary>
/// The <c>loop</c> mode: one variant of the peer comparison calling the in-memory transport for a while, so that a
/// profiler (<c>dotnet-trace collect -- …</c>) sees nothing else; it prints the calls per second and bytes per call.
/// </summary>
internal static class Profiling
{
    public static async Task<int> LoopAsync(string variantName, string operationName, TimeSpan duration)
    {
        var variant = PeerClients.Create(variantName, UGiftMeClientOptions.SandboxBaseAddress, () => new CannedApiHandler());
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
            while (watch.Elapsed < TimeSpan.FromSeconds(1))
            {
                await call();
                calls++;
            }

            var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            Console.WriteLine($"{variantName} {operationName}: {watch.Elapsed.TotalMicroseconds / calls:N1} µs per call, {(double)bytes / calls:N0} bytes per call");
        }

        return 0;
    }
}
