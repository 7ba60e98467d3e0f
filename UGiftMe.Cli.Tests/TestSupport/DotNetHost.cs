using System.Runtime.InteropServices;

namespace UGiftMe.Cli.Tests.TestSupport;

/// <summary>The dotnet installation running these tests, which the installed tool's launcher must use too.</summary>
internal static class DotNetHost
{
    /// <summary>The folder with the <c>dotnet</c> executable (three levels above the runtime's own folder).</summary>
    public static string Root { get; } =
        Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    public static string Executable { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Path.Combine(Root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
}
