using UGiftMe.Tests.Regeneration;
using UGiftMe.Tests.SpecCompatibility;

namespace UGiftMe.EvolutionTests.Regeneration;

/// <summary>
/// What a spec mutation does at every layer (<see cref="MutationLayers"/>: the spec diff, the regenerated build of the
/// facade, the public API snapshot text and ApiCompat), for <see cref="SpecMutations"/> entries in the shared
/// <see cref="RegenerationCopy"/>. Each mutation's spec layer is its own diff; the mutations are built in groups by
/// what the build should do (build with the public surface unchanged, build with it changed, fail to compile), one
/// incremental build of the facade per group. Every test still names one mutation and asserts what that one does at
/// each layer, so a group's unchanged surface or failed build is checked for each of its members; a mutation whose
/// surface diff must be its own exactly (a removal that adds nothing) is built alone. The cheapest of these
/// mutations (a documented error status removed) is the fast set's smoke test, <see cref="RegenerationSmokeTests"/>.
/// </summary>
[Category("Regeneration")]
[NonParallelizable]
public sealed class SpecMutationLayerTests
{
    private static readonly string[] SurfaceUnchanged =
    [
        "new value of a response enum-like string", "response member the facade reads deprecated (OrderRequest.status)",
        "response member made nullable (Wallet.updatedAt)", "response member no longer required (Wallet.balance)",
        "path renamed (/wallet/transactions -> /wallet/ledger)", "success status removed (202 of POST /orders)",
    ];

    private static readonly string[] SurfaceChanged =
    [
        "response string given a parsed format (Product.imageUrl: uri)", "operation added with its own response model",
    ];

    private static readonly string[] FieldRemoved = ["response field no facade member reads removed (Wallet.updatedAt)"];

    private static readonly string[] BuildFails = ["response field the facade reads removed (OrderRequest.status)", "operation removed (GET /wallet)"];

    private readonly Dictionary<string, MutationLayers> _layers = new(StringComparer.Ordinal);

    [OneTimeSetUp]
    public void ApplyEachGroupAndBuildIt()
    {
        foreach (var group in new[] { SurfaceUnchanged, SurfaceChanged, FieldRemoved, BuildFails })
        {
            foreach (var (name, layers) in MutationLayers.ApplyTogether(RegenerationCopy.Shared, group))
            {
                _layers.Add(name, layers);
            }
        }
    }

    [Test]
    public void ResponseEnumLikeStringGainsAValue_CompatibleAtEveryLayer_SurfaceUnchanged()
    {
        var layers = Apply("new value of a response enum-like string");

        layers.AssertCompatibleSpec();
        layers.AssertBuilt();
        Assert.That(layers.GeneratedModels, Does.Contain("`cancelled`"), "the regenerated models carry the new value's description");
        layers.AssertSurfaceUnchanged();
    }

    [Test]
    public void ResponseMemberTheFacadeReadsDeprecated_BuildsUntouched_DeprecationInTheXmlDocs()
    {
        var layers = Apply("response member the facade reads deprecated (OrderRequest.status)");

        layers.AssertCompatibleSpec();
        Assert.That(layers.Spec.Output, Does.Contain("deprecated  #/components/schemas/OrderRequest/properties/status"), layers.Spec.ToString());
        layers.AssertBuilt();
        Assert.That(layers.GeneratedModels, Does.Contain("/// <remarks>Deprecated in the UGiftMe API. Still sent for now"), "the XML docs say it");
        Assert.That(layers.GeneratedModels, Does.Not.Contain("System.Obsolete"), "no [Obsolete]: warnings-as-errors would fail the facade and users");
        layers.AssertSurfaceUnchanged();
    }

    [Test]
    public void ResponseMemberMadeNullable_CompatibleAtEveryLayer_SurfaceUnchanged()
    {
        var layers = Apply("response member made nullable (Wallet.updatedAt)");

        layers.AssertCompatibleSpec();
        Assert.That(layers.Spec.Output, Does.Contain("response-member-nullable:"), layers.Spec.ToString());
        layers.AssertBuilt();
        layers.AssertSurfaceUnchanged();
    }

    [Test]
    public void ResponseMemberNoLongerRequired_CompatibleAtEveryLayer_SurfaceUnchanged()
    {
        var layers = Apply("response member no longer required (Wallet.balance)");

        layers.AssertCompatibleSpec();
        Assert.That(layers.Spec.Output, Does.Contain("response-member-optional:"), layers.Spec.ToString());
        layers.AssertBuilt();
        layers.AssertSurfaceUnchanged();
    }

    [Test]
    public void ResponseStringGivenAParsedFormat_SnapshotAndApiCompatNameTheTypeChange()
    {
        var layers = Apply("response string given a parsed format (Product.imageUrl: uri)");

        layers.AssertBreakingSpec("response-format-typed");
        layers.AssertBuilt();
        Assert.That(layers.Removed, Has.Some.Contains("string? ImageUrl"), layers.SurfaceDiff);
        Assert.That(layers.Added, Has.Some.Contains("System.Uri? ImageUrl"), layers.SurfaceDiff);
        Assert.That(layers.ApiCompat!.ExitCode, Is.Not.Zero, layers.ApiCompat.ToString());
        Assert.That(layers.ApiCompat.Output, Does.Contain("UGiftMe.Models.Product.ImageUrl"), layers.ApiCompat.ToString());
    }

    [Test]
    public void OperationAddedWithItsOwnModel_BuildsUntouched_TheSnapshotNamesTheModel()
    {
        // The coverage checks that name the operation no facade member reaches run on the same change in
        // UpdateSpecEndToEndTests (the provider release adds GET /wallet/limits), through UpdateSpec's report.
        var layers = Apply("operation added with its own response model");

        layers.AssertCompatibleSpec();
        layers.AssertBuilt();
        Assert.That(layers.Added, Has.Some.Contains("class WalletLimits"), "the new model would enter the surface: " + layers.SurfaceDiff);
        Assert.That(layers.GeneratedClient, Does.Contain("\"api/v1/business/wallet/limits\""), "the regenerated client has the operation");
    }

    [Test]
    public void ResponseFieldRemoved_NotReadByTheFacade_SnapshotAndApiCompatNameIt()
    {
        // Wallet.balance is read by the campaigns' funds check; updatedAt is read by no facade member.
        var layers = Apply("response field no facade member reads removed (Wallet.updatedAt)");

        layers.AssertBreakingSpec("property-removed");
        layers.AssertBuilt();
        Assert.That(layers.Removed, Has.Some.Contains("UpdatedAt { get; set; }"), layers.SurfaceDiff);
        Assert.That(layers.Removed, Has.Some.Contains("JsonProperty(\"updatedAt\""), layers.SurfaceDiff);
        Assert.That(layers.Added, Is.Empty, layers.SurfaceDiff);
        Assert.That(layers.ApiCompat!.ExitCode, Is.Not.Zero, layers.ApiCompat.ToString());
        Assert.That(layers.ApiCompat.Output, Does.Contain("CP0002").And.Contain("UGiftMe.Models.Wallet.UpdatedAt"), layers.ApiCompat.ToString());
    }

    [Test]
    public void ResponseFieldRemoved_ReadByTheFacade_BuildNamesTheMember_SpecLayerStillReports()
    {
        var layers = Apply("response field the facade reads removed (OrderRequest.status)");

        layers.AssertBreakingSpec("property-removed");
        Assert.That(layers.Build.ExitCode, Is.Not.Zero, "the facade reads OrderRequest.Status: " + layers.Build);
        Assert.That(layers.Build.Output, Does.Contain("error CS1061: 'OrderRequest' does not contain a definition for 'Status'"), layers.Build.ToString());
    }

    [Test]
    public void PathRenamed_SameOperationId_SurfaceUnchanged_OnlyTheSpecLayerObjects()
    {
        var layers = Apply("path renamed (/wallet/transactions -> /wallet/ledger)");

        layers.AssertBreakingSpec("path-removed");
        layers.AssertBuilt();
        var client = layers.GeneratedClient;
        Assert.That(client, Does.Contain("\"api/v1/business/wallet/ledger\""), "the regenerated client calls the new path");
        Assert.That(client, Does.Not.Contain("\"api/v1/business/wallet/transactions\""), "and no longer the old one");
        layers.AssertSurfaceUnchanged();
    }

    [Test]
    public void SuccessStatusRemoved_SurfaceUnchanged_GeneratedCreateNoLongerReturns202()
    {
        var layers = Apply("success status removed (202 of POST /orders)");

        layers.AssertBreakingSpec("response-removed");
        layers.AssertBuilt();
        Assert.That(GeneratedClientText.CreateOrderOperation(File.ReadAllText(RepositoryRoot.Combine("UGiftMe.Generated", "obj", "NSwag", "UGiftMe.Generated.g.cs"))),
            Does.Contain("202 => "), "today's codec reads a 202 as a result");
        Assert.That(GeneratedClientText.CreateOrderOperation(layers.GeneratedClient), Does.Not.Contain("202 => "),
            "the regenerated codec treats a 202 as an undeclared status: only the behaviour tests of queued orders would notice");
        layers.AssertSurfaceUnchanged();
    }

    [Test]
    public void OperationRemoved_BuildNamesTheCall_SpecLayerStillReports()
    {
        var layers = Apply("operation removed (GET /wallet)");

        layers.AssertBreakingSpec("operation-removed");
        Assert.That(layers.Build.ExitCode, Is.Not.Zero, "the facade calls GET /wallet: " + layers.Build);
        Assert.That(layers.Build.Output, Does.Match(@"error CS0117: 'Wallet\w*Api' does not contain a definition for 'BuildList'"), layers.Build.ToString());
        Assert.That(layers.Build.Output, Does.Contain("UGiftMe.Facade/Wallets/"), "the error points at the facade's call");
    }

    private MutationLayers Apply(string mutationName) => _layers[mutationName];
}
