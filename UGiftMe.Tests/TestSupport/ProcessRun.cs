using System.Diagnostics;
using System.Text;

namespace UGiftMe.Tests.TestSupport;

/// <summary>
/// Runs a tool (dotnet, git, node) to completion with its output captured, bounded by a timeout. The child does not inherit
/// the test host's MSBuild and VSTest variables, so a nested build or test run behaves as it would from a shell.
/// </summary>
public static class ProcessRun
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(15);

    public sealed record Result(string Command, int ExitCode, string Output)
    {
        public override string ToString() => $"{Command}: exit code {ExitCode}{Environment.NewLine}{Output}";
    }

    public static Result Dotnet(string workingDirectory, params string[] arguments) => Run("dotnet", workingDirectory, arguments);

    public static Result Run(string fileName, string workingDirectory, params string[] arguments) =>
        Run(fileName, workingDirectory, arguments, environment: null, DefaultTimeout);

    public static Result Run(string fileName, string workingDirectory, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(IsInheritedToolVariable).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var command = $"{fileName} {string.Join(' ', arguments)} (in {workingDirectory})";
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{command} did not finish within {timeout}.");
        }

        process.WaitForExit(); // flushes the asynchronous output readers
        return new Result(command, process.ExitCode, output.ToString());
    }

    private static bool IsInheritedToolVariable(string name) =>
        name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
        || name.Equals("SNAPSHOOTER_STRICT_MODE", StringComparison.OrdinalIgnoreCase);

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
}
