using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.SpecCompatibility;

/// <summary>
/// Runs eng/spec-diff.mjs (the same script the Cake SpecDiff task runs) with the node on PATH and the repository's
/// npm-installed redocly. A missing node or an un-installed node_modules fails the test with the fix, never skips it.
/// </summary>
public static class SpecDiffTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static ProcessRun.Result Run(string baseline, string revision, string? accepted = null, bool writeAccepted = false)
    {
        var redocly = RepositoryRoot.Combine("node_modules", "@redocly", "cli", "bin", "cli.js");
        if (!File.Exists(redocly))
        {
            Assert.Fail($"{redocly} is missing: run `npm ci` at the repository root (`dotnet cake` does it in NpmInstall).");
        }

        var arguments = new List<string> { RepositoryRoot.Combine("eng", "spec-diff.mjs"), baseline, revision };
        if (accepted is not null)
        {
            arguments.AddRange(["--accepted", accepted]);
        }
        if (writeAccepted)
        {
            arguments.Add("--write-accepted");
        }

        return ProcessRun.Run(FindNode(), RepositoryRoot.Path, arguments,
            new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["NO_COLOR"] = "1" }, Timeout);
    }

    internal static string FindNode()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "node.exe", "node.cmd" } : ["node"];
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var node = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => names.Select(name => Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists);
        if (node is null)
        {
            Assert.Fail($"node was not found on PATH ({path}); the spec check needs Node.js 20.19+ (see package.json).");
        }
        return node!;
    }
}
