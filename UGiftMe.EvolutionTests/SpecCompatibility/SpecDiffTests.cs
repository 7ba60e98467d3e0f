using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using UGiftMe.Tests.SpecCompatibility;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.EvolutionTests.SpecCompatibility;

/// <summary>
/// Feeds the spec check (eng/spec-diff.mjs over the pinned redocly diff) mutations of our own spec and checks each is
/// classified as breaking or compatible, and that an accepted break passes only with a reason.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed partial class SpecDiffTests
{
    private static readonly string Spec = RepositoryRoot.Combine("openapi", "ugiftme-business.yaml");

    public static IEnumerable<SpecMutation> BreakingMutations() => SpecMutations.Breaking();

    public static IEnumerable<SpecMutation> CompatibleMutations() => SpecMutations.Compatible();

    [TestCaseSource(nameof(BreakingMutations))]
    public void SpecDiff_BreakingMutation_FailsNamingTheChange(SpecMutation mutation)
    {
        using var workspace = new Workspace();

        var result = SpecDiffTool.Run(workspace.Baseline, workspace.Mutate(mutation));

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Output, Does.Contain(mutation.Rule is { } rule ? $"BREAKING  {rule}:" : "BREAKING"), result.ToString());
    }

    [TestCaseSource(nameof(CompatibleMutations))]
    public void SpecDiff_CompatibleMutation_Passes(SpecMutation mutation)
    {
        using var workspace = new Workspace();

        var result = SpecDiffTool.Run(workspace.Baseline, workspace.Mutate(mutation));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("no unaccepted breaking change"), result.ToString());
        Assert.That(result.Output, Does.Not.Contain("BREAKING"), result.ToString());
        Assert.That(result.Output, Does.Not.Contain("0 minor, 0 patch"), "the tool must have seen the change: " + result);
        if (mutation.Rule is { } rule)
        {
            Assert.That(result.Output, Does.Match($@"minor +\w+ {rule}:"), result.ToString());
        }
    }

    [Test]
    public void SpecDiff_UnchangedSpec_ReportsNoChange()
    {
        using var workspace = new Workspace();

        var result = SpecDiffTool.Run(workspace.Baseline, Spec);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("0 major (0 accepted), 0 minor, 0 patch"), result.ToString());
    }

    [Test]
    public void SpecDiff_BreakingChangeListedAsAccepted_Passes()
    {
        using var workspace = new Workspace();
        var revision = workspace.Mutate(SpecMutations.Breaking().First(m => m.Name.StartsWith("request enum value removed", StringComparison.Ordinal)));
        var breaks = Breaks(SpecDiffTool.Run(workspace.Baseline, revision).Output);
        Assert.That(breaks, Is.Not.Empty);
        var accepted = workspace.Accepted(breaks.Select(b => new JObject { ["rule"] = b.Rule, ["message"] = b.Message, ["reason"] = "test" }));

        var result = SpecDiffTool.Run(workspace.Baseline, revision, accepted);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain($"1 major ({breaks.Count} accepted)"), result.ToString());
    }

    [Test]
    public void SpecDiff_AcceptedEntryWithoutReason_IsRejected()
    {
        using var workspace = new Workspace();
        var accepted = workspace.Accepted([new JObject { ["rule"] = "operation-removed", ["message"] = "Operation removed." }]);

        var result = SpecDiffTool.Run(workspace.Baseline, Spec, accepted);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Output, Does.Contain("needs \"rule\", \"message\" and \"reason\""), result.ToString());
    }

    [Test]
    public void SpecDiff_WriteAccepted_RecordsTheBreakButFailsUntilAReasonIsWritten()
    {
        using var workspace = new Workspace();
        var revision = workspace.Mutate(SpecMutations.Breaking().First(m => m.Name.StartsWith("operation removed", StringComparison.Ordinal)));
        var accepted = workspace.Accepted([]);

        var written = SpecDiffTool.Run(workspace.Baseline, revision, accepted, writeAccepted: true);
        var withoutReason = SpecDiffTool.Run(workspace.Baseline, revision, accepted);
        var entry = (JObject)JObject.Parse(File.ReadAllText(accepted))["accepted"]!.Single();
        entry["reason"] = "Wallet listing retired in v2.";
        File.WriteAllText(accepted, new JObject { ["accepted"] = new JArray(entry) }.ToString());
        var withReason = SpecDiffTool.Run(workspace.Baseline, revision, accepted);

        Assert.That(written.ExitCode, Is.Zero, written.ToString());
        Assert.That((string?)entry["rule"], Is.EqualTo("operation-removed"));
        Assert.That(withoutReason.ExitCode, Is.EqualTo(2), withoutReason.ToString());
        Assert.That(withReason.ExitCode, Is.Zero, withReason.ToString());
    }

    [Test]
    public void CommittedAcceptedList_EveryEntry_HasAReason()
    {
        var accepted = JObject.Parse(File.ReadAllText(RepositoryRoot.Combine("openapi", "accepted-breaking-changes.json")));

        Assert.That(accepted["accepted"], Is.InstanceOf<JArray>());
        Assert.That(accepted["accepted"]!.Children(), Has.All.Matches<JToken>(entry => !string.IsNullOrWhiteSpace((string?)entry["reason"])));
    }

    private static List<(string Rule, string Message)> Breaks(string output) =>
        BreakingLine().Matches(output).Select(m => (m.Groups["rule"].Value, m.Groups["message"].Value)).ToList();

    [GeneratedRegex(@"^\s*BREAKING\s+(?<rule>[\w-]+): (?<message>.*?)  \[", RegexOptions.Multiline)]
    private static partial Regex BreakingLine();

    /// <summary>A temp folder with the spec round-tripped through YamlDotNet, so baseline and mutation differ only by the mutation.</summary>
    private sealed class Workspace : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("ugiftme-spec-diff-").FullName;

        public Workspace() => Baseline = Write("baseline.yaml", Load());

        public string Baseline { get; }

        public string Mutate(SpecMutation mutation)
        {
            var stream = Load();
            mutation.Apply((YamlMappingNode)stream.Documents[0].RootNode);
            return Write("revision.yaml", stream);
        }

        public string Accepted(IEnumerable<JObject> entries)
        {
            var path = Path.Combine(_folder, "accepted.json");
            File.WriteAllText(path, new JObject { ["accepted"] = new JArray(entries) }.ToString());
            return path;
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private static YamlStream Load()
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(Spec);
            stream.Load(reader);
            return stream;
        }

        private string Write(string name, YamlStream stream)
        {
            var path = Path.Combine(_folder, name);
            using var writer = new StreamWriter(path);
            stream.Save(writer, assignAnchors: false);
            return path;
        }
    }
}
