using UGiftMe.Tests.SpecCompatibility;
using UGiftMe.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.Regeneration;

/// <summary>
/// What a spec mutation does at every layer, in the order <c>dotnet cake</c> runs them: the spec diff (the same
/// <see cref="SpecMutations"/> entry <see cref="SpecDiffTests"/> classifies), then the regenerated build of the facade
/// (<c>UGiftMe</c>: generated client and models plus the hand-written code, warnings as errors), then, when it builds,
/// the public API snapshot text of the new <c>UGiftMe.dll</c> against the committed one and ApiCompat from this run's
/// <c>UGiftMe.dll</c> to it. The spec diff reads only the spec, so it reports even when the build fails. Every
/// mutation is applied alone to the shared <see cref="RegenerationCopy"/> and reverted before the next one, so each
/// costs one incremental build of one project.
/// </summary>
[Category("Regeneration")]
[NonParallelizable]
public sealed class SpecMutationLayerTests
{
    private static readonly string CommittedSnapshot = Path.Combine(PublicApi.PublicApiSnapshotTests.SnapshotFolder, "UGiftMe.PublicApi.snap");
    private RegenerationCopy _copy = null!;
    private string _baseline = null!;

    [OneTimeSetUp]
    public void WriteBaselineSpec()
    {
        _copy = RegenerationCopy.Shared;
        _copy.Reset();
        _baseline = Path.Combine(Directory.CreateTempSubdirectory("ugiftme-mutation-baseline-").FullName, "baseline.yaml");
        File.Copy(_copy.Spec, _baseline);
    }

    [OneTimeTearDown]
    public void DeleteBaselineSpec() => Directory.Delete(Path.GetDirectoryName(_baseline)!, recursive: true);

    [Test]
    public void ResponseEnumLikeStringGainsAValue_CompatibleAtEveryLayer_SurfaceUnchanged()
    {
        var layers = Apply("new value of a response enum-like string");

        AssertCompatibleSpec(layers);
        AssertBuilt(layers);
        Assert.That(GeneratedModels(), Does.Contain("`cancelled`"), "the regenerated models carry the new value's description");
        AssertSurfaceUnchanged(layers);
    }

    [Test]
    public void ResponseFieldRemoved_NotReadByTheFacade_SnapshotAndApiCompatNameIt()
    {
        var layers = Apply("response field removed (Wallet.balance)");

        AssertBreakingSpec(layers, "property-removed");
        AssertBuilt(layers);
        Assert.That(layers.Removed, Does.Contain("public decimal? Balance { get; set; }"), layers.SurfaceDiff);
        Assert.That(layers.Removed, Has.Some.Contains("JsonProperty(\"balance\""), layers.SurfaceDiff);
        Assert.That(layers.Added, Is.Empty, layers.SurfaceDiff);
        Assert.That(layers.ApiCompat!.ExitCode, Is.Not.Zero, layers.ApiCompat.ToString());
        Assert.That(layers.ApiCompat.Output, Does.Contain("CP0002").And.Contain("UGiftMe.Models.Wallet.Balance"), layers.ApiCompat.ToString());
    }

    [Test]
    public void ResponseFieldRemoved_ReadByTheFacade_BuildNamesTheMember_SpecLayerStillReports()
    {
        var layers = Apply("response field the facade reads removed (OrderRequest.status)");

        AssertBreakingSpec(layers, "property-removed");
        Assert.That(layers.Build.ExitCode, Is.Not.Zero, "the facade reads OrderRequest.Status: " + layers.Build);
        Assert.That(layers.Build.Output, Does.Contain("error CS1061: 'OrderRequest' does not contain a definition for 'Status'"), layers.Build.ToString());
    }

    [Test]
    public void PathRenamed_SameOperationId_SurfaceUnchanged_OnlyTheSpecLayerObjects()
    {
        var layers = Apply("path renamed (/wallet/transactions -> /wallet/ledger)");

        AssertBreakingSpec(layers, "path-removed");
        AssertBuilt(layers);
        var client = GeneratedClient();
        Assert.That(client, Does.Contain("\"api/v1/business/wallet/ledger\""), "the regenerated client calls the new path");
        Assert.That(client, Does.Not.Contain("\"api/v1/business/wallet/transactions\""), "and no longer the old one");
        AssertSurfaceUnchanged(layers);
    }

    [Test]
    public void SuccessStatusRemoved_SurfaceUnchanged_GeneratedCreateNoLongerReturns202()
    {
        var layers = Apply("success status removed (202 of POST /orders)");

        AssertBreakingSpec(layers, "response-removed");
        AssertBuilt(layers);
        Assert.That(CreateOperation(File.ReadAllText(RepositoryRoot.Combine("UGiftMe.Generated", "obj", "NSwag", "UGiftMe.Generated.g.cs"))),
            Does.Contain("202 => "), "today's codec reads a 202 as a result");
        Assert.That(CreateOperation(GeneratedClient()), Does.Not.Contain("202 => "),
            "the regenerated codec treats a 202 as an undeclared status: only the behaviour tests of queued orders would notice");
        AssertSurfaceUnchanged(layers);
    }

    [Test]
    public void ErrorStatusRemoved_CompatibleAtEveryLayer_SurfaceUnchanged()
    {
        var layers = Apply("documented error status removed (402 of POST /orders)");

        AssertCompatibleSpec(layers);
        Assert.That(layers.Spec.Output, Does.Match(@"minor +\w+ error-response-removed:"), layers.Spec.ToString());
        AssertBuilt(layers);
        Assert.That(CreateOperation(GeneratedClient()), Does.Not.Contain("402 => "), "the regenerated create no longer names 402");
        AssertSurfaceUnchanged(layers);
    }

    [Test]
    public void OperationRemoved_BuildNamesTheCall_SpecLayerStillReports()
    {
        var layers = Apply("operation removed (GET /wallet)");

        AssertBreakingSpec(layers, "operation-removed");
        Assert.That(layers.Build.ExitCode, Is.Not.Zero, "the facade calls GET /wallet: " + layers.Build);
        Assert.That(layers.Build.Output, Does.Match(@"error CS0117: 'Wallet\w*Api' does not contain a definition for 'BuildList'"), layers.Build.ToString());
        Assert.That(layers.Build.Output, Does.Contain("UGiftMe.Facade/Wallets/"), "the error points at the facade's call");
    }

    private Layers Apply(string mutationName)
    {
        var mutation = SpecMutations.Named(mutationName);
        _copy.Reset();
        var spec = _copy.LoadSpec();
        mutation.Apply((YamlMappingNode)spec.Documents[0].RootNode);
        _copy.SaveSpec(spec);

        var specLayer = SpecDiffTool.Run(_baseline, _copy.Spec);
        var build = _copy.Build("UGiftMe.Facade/UGiftMe.Facade.csproj");
        if (build.ExitCode != 0)
        {
            // Nothing new to snapshot or compare: what is in bin/ is an older build.
            return new Layers(specLayer, build, [], [], null);
        }

        var copied = _copy.Assembly("UGiftMe.Facade", "UGiftMe");
        var (removed, added) = LineDiff(File.ReadAllText(CommittedSnapshot), _copy.RenderPublicApi());
        return new Layers(specLayer, build, removed, added, RegenerationCopy.ApiCompat(typeof(UGiftMeClient).Assembly.Location, copied));
    }

    private static void AssertBreakingSpec(Layers layers, string rule)
    {
        Assert.That(layers.Spec.ExitCode, Is.EqualTo(1), layers.Spec.ToString());
        Assert.That(layers.Spec.Output, Does.Contain($"BREAKING  {rule}:"), layers.Spec.ToString());
    }

    private static void AssertCompatibleSpec(Layers layers)
    {
        Assert.That(layers.Spec.ExitCode, Is.Zero, layers.Spec.ToString());
        Assert.That(layers.Spec.Output, Does.Not.Contain("BREAKING"), layers.Spec.ToString());
        Assert.That(layers.Spec.Output, Does.Not.Contain("0 minor, 0 patch"), "the spec diff must have seen the change: " + layers.Spec);
    }

    private static void AssertBuilt(Layers layers) => Assert.That(layers.Build.ExitCode, Is.Zero, layers.Build.ToString());

    private static void AssertSurfaceUnchanged(Layers layers)
    {
        Assert.That(layers.Removed.Concat(layers.Added), Is.Empty, "the public API snapshot would not change: " + layers.SurfaceDiff);
        Assert.That(layers.ApiCompat!.ExitCode, Is.Zero, layers.ApiCompat.ToString());
    }

    private string GeneratedClient() => File.ReadAllText(Path.Combine(_copy.Root, "UGiftMe.Generated", "obj", "NSwag", "UGiftMe.Generated.g.cs"));

    private string GeneratedModels() => File.ReadAllText(Path.Combine(_copy.Root, "UGiftMe.Generated", "obj", "NSwag", "UGiftMe.Models.g.cs"));

    // The codec of the generated POST /orders (Orders_Create: its factory and readers), up to the next operation.
    private static string CreateOperation(string client)
    {
        const string Start = "public static System.Net.Http.HttpRequestMessage BuildCreate(";
        var start = client.IndexOf(Start, StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "the generated Orders_Create is no longer " + Start);
        var end = client.IndexOf("public static System.Net.Http.HttpRequestMessage Build", start + Start.Length, StringComparison.Ordinal);
        return client[start..(end < 0 ? client.Length : end)];
    }

    // Lines only in the committed snapshot, and lines only in the new rendering (as multisets: braces repeat).
    private static (IReadOnlyList<string> Removed, IReadOnlyList<string> Added) LineDiff(string committed, string rendered)
    {
        static Dictionary<string, int> Count(string text) => text.TrimStart('\uFEFF').Split('\n')
            .Select(line => line.TrimEnd('\r').Trim()).Where(line => line.Length > 0)
            .GroupBy(line => line, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var before = Count(committed);
        var after = Count(rendered);
        static List<string> Minus(Dictionary<string, int> left, Dictionary<string, int> right) =>
            left.SelectMany(pair => Enumerable.Repeat(pair.Key, Math.Max(0, pair.Value - right.GetValueOrDefault(pair.Key)))).ToList();
        return (Minus(before, after), Minus(after, before));
    }

    private sealed record Layers(ProcessRun.Result Spec, ProcessRun.Result Build, IReadOnlyList<string> Removed, IReadOnlyList<string> Added, ProcessRun.Result? ApiCompat)
    {
        public string SurfaceDiff => string.Concat(Removed.Select(line => "\n- " + line)) + string.Concat(Added.Select(line => "\n+ " + line));
    }
}
