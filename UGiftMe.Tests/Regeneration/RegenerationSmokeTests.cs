namespace UGiftMe.Tests.Regeneration;

/// <summary>
/// The one regeneration test of the fast set (a plain <c>dotnet test</c>): the cheapest spec mutation that still
/// regenerates and builds — a documented error status removed — goes through every layer (<see cref="MutationLayers"/>)
/// in a copy of the tree, so a change that breaks the spec diff, NSwag's generation, the facade's build on the
/// regenerated code, the snapshot rendering or ApiCompat shows here. The other mutations, and the regeneration of the
/// whole solution, are in UGiftMe.EvolutionTests (run by <c>dotnet cake</c>).
/// </summary>
[Category("Regeneration")]
[NonParallelizable]
public sealed class RegenerationSmokeTests
{
    [Test]
    public void ErrorStatusRemoved_CompatibleAtEveryLayer_SurfaceUnchanged()
    {
        var copy = RegenerationCopy.Shared;

        var layers = MutationLayers.Apply(copy, "documented error status removed (402 of POST /orders)");

        layers.AssertCompatibleSpec();
        Assert.That(layers.Spec.Output, Does.Match(@"minor +\w+ error-response-removed:"), layers.Spec.ToString());
        layers.AssertBuilt();
        Assert.That(GeneratedClientText.CreateOrderOperation(copy.GeneratedClient), Does.Not.Contain("402 => "), "the regenerated create no longer names 402");
        layers.AssertSurfaceUnchanged();
    }
}
