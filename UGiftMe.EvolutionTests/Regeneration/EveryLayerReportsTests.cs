using UGiftMe.Tests.Regeneration;

namespace UGiftMe.EvolutionTests.Regeneration;

/// <summary>
/// build.cake in the shared <see cref="RegenerationCopy"/>: when a project that does not ship (here the demo) fails to
/// compile, the surface checks still run on the shipping assemblies (the public API snapshots and coverage checks of
/// UGiftMe.ApiSurface.Tests, ApiCompat), and the run ends naming only the layer that failed. The copy's solution is
/// narrowed to the demo for this run: the whole build's other projects (the test suites, the benchmarks) play no part
/// in what is checked here, and building them cold in the copy took minutes.
/// </summary>
[Category("Regeneration")]
[NonParallelizable]
public sealed class EveryLayerReportsTests
{
    [Test]
    public void DemoDoesNotCompile_SnapshotsAndApiCompatStillRun_OnlyBuildIsNamed()
    {
        var copy = RegenerationCopy.Shared;
        copy.Reset();
        File.WriteAllText(Path.Combine(copy.Root, "UGiftMe.Demo", "DoesNotCompile.cs"),
            "namespace UGiftMe.Demo;\ninternal static class DoesNotCompile { internal const int Value = \"not a number\"; }\n");
        File.WriteAllText(Path.Combine(copy.Root, "UGiftMe.slnx"), "<Solution><Project Path=\"UGiftMe.Demo/UGiftMe.Demo.csproj\" /></Solution>\n");
        var cake = CakeInCopy.Run(copy, "--target=Checks");

        Assert.That(cake.ExitCode, Is.Not.Zero, cake.ToString());
        Assert.That(cake.Output, Does.Contain("DoesNotCompile.cs").And.Contain("CS0029"), "the demo's compile error is reported");
        Assert.That(cake.Output, Does.Contain("Failed: Build."), "only the whole build failed: " + cake);
        Assert.That(cake.Output, Does.Contain("Passed PublicApi_ComparedWithCommittedSnapshot_IsUnchanged(\"UGiftMe\")")
            .And.Match(@"ApiSurface\s+[\d:.]+\s+Succeeded"), "the snapshot and coverage checks ran on the shipping assemblies: " + cake);
        Assert.That(cake.Output, Does.Match(@"ApiCompat\s+[\d:.]+\s+Succeeded"), cake.ToString());
        Assert.That(cake.Output, Does.Contain("UGiftMe: artifacts/api-baseline/").And.Contain("APICompat ran successfully"), "ApiCompat compared UGiftMe: " + cake);
    }
}
