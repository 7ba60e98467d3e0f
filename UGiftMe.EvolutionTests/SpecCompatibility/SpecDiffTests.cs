using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using UGiftMe.Tests.SpecCompatibility;

namespace UGiftMe.EvolutionTests.SpecCompatibility;

/// <summary>
/// The spec check (eng/spec-diff.mjs over the pinned redocly diff) run once per check, as the build's SpecDiff task runs
/// it: an unchanged spec, accepted breaks (which pass only with a reason, and only where they were accepted), URLs.
/// <see cref="SpecDiffMutationTests"/> checks its verdict on each mutation of our spec.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed partial class SpecDiffTests
{
    private static readonly string Spec = SpecDiffWorkspace.Spec;

    [Test]
    public void SpecDiff_UnchangedSpec_ReportsNoChange()
    {
        using var workspace = new SpecDiffWorkspace();

        var result = SpecDiffTool.Run(workspace.Baseline, Spec);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("0 major (0 accepted), 0 minor, 0 patch"), result.ToString());
    }

    [Test]
    public void SpecDiff_BreakingChangeListedAsAccepted_Passes()
    {
        using var workspace = new SpecDiffWorkspace();
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
        using var workspace = new SpecDiffWorkspace();
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
        using var workspace = new SpecDiffWorkspace();
        var revision = workspace.Mutate(SpecMutations.Named("default of an optional parameter changed"));
        // Bound to port 0 and kept until the test ends: a port found free and released could be taken before the tool reads it.
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        var serving = ServeOnceAsync(server, "application/yaml", await File.ReadAllBytesAsync(revision));

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
        using var workspace = new SpecDiffWorkspace();
        var accepted = workspace.Accepted([new JObject { ["rule"] = "operation-removed", ["message"] = "Operation removed.", ["location"] = "#/paths/~1api~1v1~1business~1wallet/get" }]);

        var result = SpecDiffTool.Run(workspace.Baseline, Spec, accepted);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Output, Does.Contain("needs \"rule\", \"message\", \"location\" and \"reason\""), result.ToString());
    }

    [Test]
    public void SpecDiff_WriteAccepted_RecordsTheBreakButFailsUntilAReasonIsWritten()
    {
        using var workspace = new SpecDiffWorkspace();
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

    // A one-request HTTP/1.1 server: reads the first connection's request head, answers 200 with the body, and closes.
    private static async Task ServeOnceAsync(TcpListener listener, string contentType, byte[] body)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        using (var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true))
        {
            while (!string.IsNullOrEmpty(await reader.ReadLineAsync()))
            {
            }
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
        await stream.WriteAsync(body);
    }

    [GeneratedRegex(@"^\s*BREAKING\s+(?<rule>[\w-]+): (?<message>.*?)  \[.*?\]  at (?<location>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex BreakingLine();
}
