using System.Diagnostics;
using System.Text;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.SpecCompatibility;

/// <summary>
/// Runs eng/spec-diff.mjs (the same script the Cake SpecDiff task runs) with the node on PATH and the repository's
/// npm-installed redocly. A missing node or an un-installed node_modules fails the test with the fix, never skips it.
/// </summary>
public static class SpecDiffTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public sealed record Result(int ExitCode, string Output)
    {
        public override string ToString() => $"exit code {ExitCode}:{Environment.NewLine}{Output}";
    }

    public static Result Run(string baseline, string revision, string? accepted = null, bool writeAccepted = false)
    {
        var redocly = RepositoryRoot.Combine("node_modules", "@redocly", "cli", "bin", "cli.js");
        if (!File.Exists(redocly))
        {
            Assert.Fail($"{redocly} is missing: run `npm ci` at the repository root (`dotnet cake` does it in NpmInstall).");
        }

        var start = new ProcessStartInfo(FindNode())
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { RepositoryRoot.Combine("eng", "spec-diff.mjs"), baseline, revision })
        {
            start.ArgumentList.Add(argument);
        }
        if (accepted is not null)
        {
            start.ArgumentList.Add("--accepted");
            start.ArgumentList.Add(accepted);
        }
        if (writeAccepted)
        {
            start.ArgumentList.Add("--write-accepted");
        }
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["NO_COLOR"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"spec-diff did not finish within {Timeout}.");
        }
        process.WaitForExit(); // flushes the asynchronous output readers
        return new Result(process.ExitCode, output.ToString());
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string FindNode()
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
