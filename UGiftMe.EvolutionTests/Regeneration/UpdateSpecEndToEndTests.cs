using System.Text.RegularExpressions;
using UGiftMe.Tests.Regeneration;

namespace UGiftMe.EvolutionTests.Regeneration;

/// <summary>
/// <c>dotnet cake --target=UpdateSpec</c> end to end, in the shared <see cref="RegenerationCopy"/>, on the fixture
/// provider release (Fixtures/ProviderRelease: our spec as the provider would publish it, OpenAPI 3.1 JSON without our
/// additions, with twelve changes of different kinds; its README lists them). The changes keep the shipping projects
/// compiling, so that every later layer reports on them. The overlay is re-applied, the SDK
/// regenerated, every layer run, and the report must classify each change and name its next step. Then, in the same
/// copy, <c>dotnet cake --target=Checks</c> with the demo broken (the copy's solution narrowed to it): a project that
/// does not ship failing to compile stops none of the layers that check the shipping assemblies, and the run names each
/// layer that failed. Running it on the updated copy makes its shipping build incremental instead of a second cold one.
/// </summary>
[Category("Regeneration")]
[NonParallelizable]
public sealed class UpdateSpecEndToEndTests
{
    private static readonly string Fixture = RepositoryRoot.Combine("UGiftMe.EvolutionTests", "Fixtures", "ProviderRelease", "ugiftme-business.json");

    private ProcessRun.Result _cake = null!;
    private ProcessRun.Result _checksWithTheDemoBroken = null!;
    private string _report = null!;
    private string _spec = null!;

    [OneTimeSetUp]
    public void RunUpdateSpecOnTheFixture()
    {
        var copy = RegenerationCopy.Shared;
        copy.Reset();
        _cake = CakeInCopy.Run(copy, "--target=UpdateSpec", $"--from={Fixture}");
        var report = Path.Combine(copy.Root, "artifacts", "spec-update", "report.md");
        Assert.That(report, Does.Exist, _cake.ToString());
        _report = File.ReadAllText(report);
        _spec = File.ReadAllText(copy.Spec);

        File.WriteAllText(Path.Combine(copy.Root, "UGiftMe.Demo", "DoesNotCompile.cs"),
            "namespace UGiftMe.Demo;\ninternal static class DoesNotCompile { internal const int Value = \"not a number\"; }\n");
        File.WriteAllText(Path.Combine(copy.Root, "UGiftMe.slnx"), "<Solution><Project Path=\"UGiftMe.Demo/UGiftMe.Demo.csproj\" /></Solution>\n");
        _checksWithTheDemoBroken = CakeInCopy.Run(copy, "--target=Checks");
    }

    [Test]
    public void Run_EndsNamingEveryLayerThatObjects_AndPrintsTheSummary()
    {
        Assert.That(_cake.ExitCode, Is.Not.Zero, "breaking changes are not accepted yet");
        // The lint objects to the provider's new operation, which documents no 4XX response.
        Assert.That(_cake.Output, Does.Contain("Operation must have at least one `4XX` response."), _cake.ToString());
        Assert.That(_cake.Output, Does.Contain("Failed: LintSpec, SpecDiff, ApiSurface."), _cake.ToString());
        Assert.That(_cake.Output, Does.Contain("Implied version bump: major."), _cake.ToString());
        Assert.That(_report, Does.Contain("**Failed layers:** LintSpec, SpecDiff, ApiSurface."));
        Assert.That(_report, Does.Contain("Version bump these changes imply: **major**."));
    }

    [Test]
    public void Overlay_IsReapplied_OperationIdPinned_UnionKeptOpen()
    {
        Assert.That(_spec, Does.Contain("openapi: 3.0.3"), "3.1 brought down to what NSwag reads");
        Assert.That(_spec, Does.Contain("x-ugiftme-strict: true"), "our extensions are back");
        Assert.That(_spec, Does.Contain("operationId: Wallet_List").And.Not.Contain("operationId: Wallet_Get\n"));
        Assert.That(_report, Does.Contain("pinned `$.paths['/api/v1/business/wallet'].get.operationId`: the provider says \"Wallet_Get\", ours stays \"Wallet_List\""));
        Assert.That(_report, Does.Contain("`$.components.schemas.OrderRequest.properties.result`: a union of BusinessOrder, BulkOrderCreatedResponse, kept as an open object"));
    }

    [Test]
    public void ThenChecks_DemoDoesNotCompile_EveryShippingLayerStillRuns_EachFailureIsNamed()
    {
        var cake = _checksWithTheDemoBroken;

        Assert.That(cake.ExitCode, Is.Not.Zero, cake.ToString());
        Assert.That(cake.Output, Does.Contain("DoesNotCompile.cs").And.Contain("CS0029"), "the demo's compile error is reported");
        // LintSpec, SpecDiff and ApiSurface object to the provider's changes, as in UpdateSpec's run; the demo adds only Build.
        Assert.That(cake.Output, Does.Contain("Operation must have at least one `4XX` response."), cake.ToString());
        Assert.That(cake.Output, Does.Contain("Failed: LintSpec, SpecDiff, ApiSurface, Build."), cake.ToString());
        Assert.That(cake.Output, Does.Contain("PublicApi_ComparedWithCommittedSnapshot_IsUnchanged(\"UGiftMe\")"),
            "the snapshot checks ran on the shipping assemblies: " + cake);
        Assert.That(FailedTests(cake.Output), Is.EqualTo(FailedTests(_cake.Output)).And.Not.Empty,
            "the snapshot and coverage checks fail exactly as in UpdateSpec's run, with the demo whole: its failure changed none of them");
        Assert.That(cake.Output, Does.Match(@"ApiCompat\s+[\d:.]+\s+Succeeded"), cake.ToString());
        Assert.That(cake.Output, Does.Contain("UGiftMe: artifacts/api-baseline/").And.Contain("APICompat ran successfully"), "ApiCompat compared UGiftMe: " + cake);
    }

    // The tests a cake run's test steps name as failed (the console logger's "  Failed <name> [<time>]" lines).
    private static string[] FailedTests(string output) =>
        [.. Regex.Matches(output, @"^\s*Failed (.+?) \[[^\]]*\]\s*$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal)];

    [TestCase("#/components/schemas/SortOrder/default", "`SortOrder`", "**breaking** (default-changed", "wrap: send the old default from the facade")]
    [TestCase("#/components/parameters/IdempotencyKey/schema/maxLength", "", "**breaking** (schema-constraint-changed", "wrap it in the facade, or accept with a reason")]
    [TestCase("#/components/schemas/CreateOrderRequest/required", "`CreateOrderRequest`", "**breaking** (required-properties-added", "wrap it in the facade, or accept with a reason")]
    [TestCase("#/servers/1/url", "", "**breaking** (server-removed", "wrap it in the facade, or accept with a reason")]
    [TestCase("#/components/schemas/OrderRequest/properties/status", "`OrderRequest.Status`", "deprecated", "release note; move the facade to the successor")]
    [TestCase("#/components/schemas/Wallet/properties/available", "`Wallet.Available`", "minor", "accept the snapshot (AcceptApi); release note")]
    [TestCase("#/paths/~1api~1v1~1business~1wallet~1limits", "", "minor", "map: add a facade member")]
    [TestCase("#/paths/~1api~1v1~1business~1orders/post/responses/409", "", "minor", "map: give the status its exception in ErrorMapper")]
    [TestCase("#/paths/~1api~1v1~1business~1wallet~1transactions/get/parameters/2", "", "minor", "accept the snapshot (AcceptApi)")]
    public void Report_ClassifiesEachChange_WithItsNextStep(string location, string csharp, string classification, string nextStep)
    {
        var row = _report.Split('\n').FirstOrDefault(line => line.StartsWith($"| `{location}` |", StringComparison.Ordinal));

        Assert.That(row, Is.Not.Null, $"no row for {location} in:\n{_report}");
        Assert.That(row, Does.Contain($"| {csharp} | {classification}").And.Contain(nextStep), row);
    }

    [TestCase("#/components/schemas/SortOrder/default", new[] { "OrdersClient.ListAsync", "OrdersClient.ListAllAsync", "OrdersClient.SearchAsync", "OrdersClient.SearchAllAsync" }, "OrdersClient.GetAsync")]
    [TestCase("#/paths/~1api~1v1~1business~1orders/post/responses/409", new[] { "OrdersClient.StartAsync", "OrdersClient.CreateAndWaitAsync", "Campaign.RunAsync" }, "OrdersClient.StartBulkAsync")]
    [TestCase("#/components/parameters/IdempotencyKey/schema/maxLength", new[] { "OrdersClient.StartAsync", "OrdersClient.StartBulkAsync", "Campaign.RunAsync" }, "OrdersClient.ListAsync")]
    [TestCase("#/paths/~1api~1v1~1business~1wallet~1transactions/get/parameters/2", new[] { "WalletClient.ListTransactionsAsync", "WalletClient.ListAllTransactionsAsync" }, "WalletClient.ListAsync")]
    public void Report_NamesTheFacadeCallsThatBehaveDifferently(string location, string[] calls, string unrelated)
    {
        var row = _report.Split('\n').FirstOrDefault(line => line.StartsWith($"| `{location}` |", StringComparison.Ordinal));

        Assert.That(row, Is.Not.Null, $"no row for {location} in:\n{_report}");
        var lastColumn = row!.TrimEnd().TrimEnd('|').Trim().Split(" | ")[^1];
        Assert.That(calls.Select(call => $"`{call}`"), Is.SubsetOf(lastColumn.Split(", ")), row);
        Assert.That(lastColumn, Does.Not.Contain($"`{unrelated}`"), row);
    }

    [Test]
    public void Report_SaysANewOperationIsReachedByNoFacadeCall()
    {
        var row = _report.Split('\n').First(line => line.StartsWith("| `#/paths/~1api~1v1~1business~1wallet~1limits` |", StringComparison.Ordinal));

        Assert.That(row, Does.EndWith("| none: no public member reaches it |"));
    }

    [Test]
    public void Report_SaysAMovedServerChangesEveryCall()
    {
        var row = _report.Split('\n').First(line => line.StartsWith("| `#/servers/1/url` |", StringComparison.Ordinal));

        Assert.That(row, Does.EndWith("| every call (where requests go, or how they authenticate) |"));
    }

    [Test]
    public void Report_SaysWhatUsersSee_AndWhatIsLeftToDo()
    {
        Assert.That(_report, Does.Contain("+ public double? Available { get; set; }"), "the snapshot diff in C#");
        Assert.That(_report, Does.Match(@"\+ public (sealed )?(partial )?class WalletLimits"));
        Assert.That(_report, Does.Contain("GET /api/v1/business/wallet/limits (Wallet_GetLimits: UGiftMe.Generated.WalletApi.BuildGetLimits is never called)"),
            "the coverage checks name the operation no facade member reaches");
        Assert.That(_report, Does.Contain("\"WalletLimits\""), "and its model, which no public member returns");
        Assert.That(_report, Does.Contain("UGiftMeClientOptions.ProductionBaseAddress is https://api.ugift.me/, the spec says https://api.ugiftme.com/"));
        Assert.That(_report, Does.Contain("OrderEndpoints.MaxIdempotencyKeyLength (sandbox) is 255, the spec says 128"));
        Assert.That(_report, Does.Contain("409 (documented on Orders_Create) becomes the bare UGiftMeException"), "the unmapped error status");
        Assert.That(_report, Does.Not.Contain("CP0"), "additions only: ApiCompat passes");
    }

    [Test]
    public void Report_ProposesChangelogLines()
    {
        Assert.That(_report, Does.Contain("- `OrderRequest.Status` is deprecated by the UGiftMe API (still sent); its XML docs say so."));
        Assert.That(_report, Does.Contain("- **Breaking:** Default of `SortOrder` changed from \"desc\" to \"asc\": a call that omits it now gets other results."));
        Assert.That(_report, Does.Contain("- `UGiftMe`: new `WalletLimits`."));
    }
}
