using System.Net;
using System.Net.Sockets;
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
        var accepted = workspace.Accepted(breaks.Select(b => new JObject { ["rule"] = b.Rule, ["message"] = b.Message, ["location"] = b.Location, ["reason"] = "test" }));

        var result = SpecDiffTool.Run(workspace.Baseline, revision, accepted);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain($"1 major ({breaks.Count} accepted)"), result.ToString());
    }

    [Test]
    public void SpecDiff_AcceptedBreakWithTheSameRuleAndMessageElsewhere_StillFails()
    {
        using var workspace = new Workspace();
        var revision = workspace.Mutate(SpecMutations.Named("response field removed (Wallet.balance)"));
        var (rule, message, location) = Breaks(SpecDiffTool.Run(workspace.Baseline, revision).Output).Single();
        Assert.That(location, Is.EqualTo("#/components/schemas/Wallet/properties/balance"));
        var acceptedElsewhere = workspace.Accepted([new JObject
        {
            ["rule"] = rule, ["message"] = message, ["location"] = "#/components/schemas/WalletTransaction/properties/balance", ["reason"] = "test",
        }]);

        var result = SpecDiffTool.Run(workspace.Baseline, revision, acceptedElsewhere);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Output, Does.Contain($"BREAKING  {rule}: {message}"), result.ToString());
        Assert.That(result.Output, Does.Contain("accepted entry no longer matches any change"), result.ToString());
    }

    [Test]
    public async Task SpecDiff_RevisionFromALoopbackUrl_IsReadLikeAFile()
    {
        using var workspace = new Workspace();
        var revision = workspace.Mutate(SpecMutations.Named("default of an optional parameter changed"));
        using var server = new HttpListener();
        var port = FreeLoopbackPort();
        server.Prefixes.Add($"http://127.0.0.1:{port}/");
        server.Start();
        var serving = Task.Run(async () =>
        {
            var context = await server.GetContextAsync();
            var body = await File.ReadAllBytesAsync(revision);
            context.Response.ContentType = "application/yaml";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });

        var result = await Task.Run(() => SpecDiffTool.Run(workspace.Baseline, $"http://127.0.0.1:{port}/ugiftme-business.yaml"));
        await serving;

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Output, Does.Contain("BREAKING  default-changed: Default of `SortOrder` changed from \"desc\" to \"asc\""), result.ToString());
    }

    [Test]
    public void SpecDiff_PlainHttpUrlOffLoopback_IsRefusedBeforeAnythingIsRead()
    {
        var result = SpecDiffTool.Run(Spec, "http://specs.example.com/ugiftme-business.yaml");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Output, Does.Contain("only https:// URLs are read"), result.ToString());
    }

    [Test]
    public void SpecDiff_AcceptedEntryWithoutReason_IsRejected()
    {
        using var workspace = new Workspace();
        var accepted = workspace.Accepted([new JObject { ["rule"] = "operation-removed", ["message"] = "Operation removed.", ["location"] = "#/paths/~1api~1v1~1business~1wallet/get" }]);

        var result = SpecDiffTool.Run(workspace.Baseline, Spec, accepted);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Output, Does.Contain("needs \"rule\", \"message\", \"location\" and \"reason\""), result.ToString());
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

    private static List<(string Rule, string Message, string Location)> Breaks(string output) =>
        BreakingLine().Matches(output).Select(m => (m.Groups["rule"].Value, m.Groups["message"].Value, m.Groups["location"].Value)).ToList();

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^\s*BREAKING\s+(?<rule>[\w-]+): (?<message>.*?)  \[.*?\]  at (?<location>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex BreakingLine();

    /// <summary>A temp folder with the spec round-tripped through YamlDotNet, so baseline and mutation differ only by the mutation.</summary>
    private sealed class Workspace : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("ugiftme-spec-diff-").FullName;

        public Workspace() => Baseline = Write("baseline.yaml", Load());

        public string Baseline { get; }

        /// <summary>Writes the mutated spec; a mutation with its own <see cref="SpecMutation.Baseline"/> rewrites the baseline too.</summary>
        public string Mutate(SpecMutation mutation)
        {
            var stream = Load();
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            if (mutation.Baseline is { } prepare)
            {
                prepare(root);
                Write("baseline.yaml", stream);
            }
            mutation.Apply(root);
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
