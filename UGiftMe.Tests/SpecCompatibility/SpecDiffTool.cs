using System.Text.Json;
using System.Text.Json.Serialization;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.SpecCompatibility;

/// <summary>
/// Runs eng/spec-diff.mjs (the same script the Cake SpecDiff task runs) with the node on PATH and the repository's
/// npm-installed redocly. A missing node or an un-installed node_modules fails the test with the fix, never skips it.
/// </summary>
public static class SpecDiffTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static readonly Dictionary<string, string> NodeEnvironment = new() { ["REDOCLY_TELEMETRY"] = "off", ["NO_COLOR"] = "1" };

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static ProcessRun.Result Run(string baseline, string revision, string? accepted = null, bool writeAccepted = false)
    {
        RequireRedocly();
        var arguments = new List<string> { RepositoryRoot.Combine("eng", "spec-diff.mjs"), baseline, revision };
        if (accepted is not null)
        {
            arguments.AddRange(["--accepted", accepted]);
        }
        if (writeAccepted)
        {
            arguments.Add("--write-accepted");
        }

        return ProcessRun.Run(FindNode(), RepositoryRoot.Path, arguments, NodeEnvironment, Timeout);
    }

    /// <summary>
    /// Many checks in one node process (<c>eng/spec-diff.mjs --batch</c>, redocly loaded once instead of started per
    /// check): each job's exit code and output as <see cref="Run"/> would return them, in the jobs' order. Only the batch
    /// itself failing (no node, no redocly) fails the calling test; each job's verdict is the caller's to assert.
    /// </summary>
    public static IReadOnlyList<ProcessRun.Result> RunBatch(IReadOnlyList<(string Baseline, string Revision, string? Accepted)> jobs)
    {
        RequireRedocly();
        var folder = Directory.CreateTempSubdirectory("ugiftme-spec-diff-batch-");
        try
        {
            var jobsFile = Path.Combine(folder.FullName, "jobs.json");
            var resultsFile = Path.Combine(folder.FullName, "results.json");
            File.WriteAllText(jobsFile, JsonSerializer.Serialize(jobs.Select(job => new BatchJob(job.Baseline, job.Revision, job.Accepted)), JsonOptions));

            // A single run's budget, plus 5 s per job: a job takes about half a second once redocly is loaded.
            var timeout = Timeout + TimeSpan.FromSeconds(5) * jobs.Count;
            var batch = ProcessRun.Run(FindNode(), RepositoryRoot.Path,
                [RepositoryRoot.Combine("eng", "spec-diff.mjs"), "--batch", jobsFile, resultsFile], NodeEnvironment, timeout);
            Assert.That(batch.ExitCode, Is.Zero, "the batch itself failed: " + batch);

            var results = JsonSerializer.Deserialize<List<BatchResult>>(File.ReadAllText(resultsFile), JsonOptions) ?? [];
            Assert.That(results, Has.Count.EqualTo(jobs.Count), "the batch returned a result per job: " + batch);
            return jobs.Zip(results, (job, result) => new ProcessRun.Result(
                $"node eng/spec-diff.mjs {job.Baseline} {job.Revision}{(job.Accepted is null ? "" : " --accepted " + job.Accepted)} (job of a --batch)",
                result.ExitCode,
                result.Output.Replace("\n", Environment.NewLine, StringComparison.Ordinal))).ToList();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void RequireRedocly()
    {
        var redocly = RepositoryRoot.Combine("node_modules", "@redocly", "cli", "bin", "cli.js");
        if (!File.Exists(redocly))
        {
            Assert.Fail($"{redocly} is missing: run `npm ci` at the repository root (`dotnet cake` does it in NpmInstall).");
        }
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

    private sealed record BatchJob(string Baseline, string Revision, string? Accepted);

    private sealed record BatchResult(int ExitCode, string Output);
}
