using System.Diagnostics;

namespace UGiftMe.Benchmarks.Peers;

/// <summary>Starts this benchmarks program again in another mode (the loopback server, a cold-start probe).</summary>
internal static class ChildProcess
{
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("No process path to start again.");
        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, UseShellExecute = false };

        // Run as `dotnet UGiftMe.Benchmarks.dll`: the host needs the assembly first.
        if (Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_TieredPGO"] = Environment.GetEnvironmentVariable("DOTNET_TieredPGO") ?? "1";
        return info;
    }
}
