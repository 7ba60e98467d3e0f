using UGiftMe.Tests.SpecCompatibility;
using UGiftMe.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.Regeneration;

/// <summary>
/// What one spec mutation does at every layer, in the order <c>dotnet cake</c> runs them: the spec diff (the same
/// <see cref="SpecMutations"/> entry the spec diff tests classify), then the regenerated build of the facade
/// (<c>UGiftMe</c>: generated client and models plus the hand-written code, warnings as errors), then, when it builds,
/// the public API snapshot text of the new <c>UGiftMe.dll</c> against the committed one and ApiCompat from this run's
/// <c>UGiftMe.dll</c> to it. The spec diff reads only the spec, so it reports even when the build fails.
/// </summary>
public sealed record MutationLayers(
    ProcessRun.Result Spec, ProcessRun.Result Build, IReadOnlyList<string> Removed, IReadOnlyList<string> Added, ProcessRun.Result? ApiCompat)
{
    private static readonly string CommittedSnapshot = Path.Combine(PublicApi.PublicApiSnapshotTests.SnapshotFolder, "UGiftMe.PublicApi.snap");

    /// <summary>The snapshot lines the mutation removes (<c>-</c>) and adds (<c>+</c>).</summary>
    public string SurfaceDiff => string.Concat(Removed.Select(line => "\n- " + line)) + string.Concat(Added.Select(line => "\n+ " + line));

    /// <summary>
    /// Applies the mutation named <paramref name="mutationName"/> alone to <paramref name="copy"/> (reset first, so each
    /// costs one incremental build of one project) and runs every layer on it.
    /// </summary>
    public static MutationLayers Apply(RegenerationCopy copy, string mutationName)
    {
        var mutation = SpecMutations.Named(mutationName);
        copy.Reset();
        var spec = copy.LoadSpec();
        mutation.Apply((YamlMappingNode)spec.Documents[0].RootNode);
        copy.SaveSpec(spec);

        var specLayer = SpecDiffTool.Run(copy.BaselineSpec, copy.Spec);
        var build = copy.Build("UGiftMe.Facade/UGiftMe.Facade.csproj");
        if (build.ExitCode != 0)
        {
            // Nothing new to snapshot or compare: what is in bin/ is an older build.
            return new MutationLayers(specLayer, build, [], [], null);
        }

        var copied = copy.Assembly("UGiftMe.Facade", "UGiftMe");
        var (removed, added) = LineDiff(File.ReadAllText(CommittedSnapshot), copy.RenderPublicApi());
        return new MutationLayers(specLayer, build, removed, added, RegenerationCopy.ApiCompat(typeof(UGiftMeClient).Assembly.Location, copied));
    }

    public void AssertBreakingSpec(string rule)
    {
        Assert.That(Spec.ExitCode, Is.EqualTo(1), Spec.ToString());
        Assert.That(Spec.Output, Does.Contain($"BREAKING  {rule}:"), Spec.ToString());
    }

    public void AssertCompatibleSpec()
    {
        Assert.That(Spec.ExitCode, Is.Zero, Spec.ToString());
        Assert.That(Spec.Output, Does.Not.Contain("BREAKING"), Spec.ToString());
        Assert.That(Spec.Output, Does.Not.Contain("0 minor, 0 patch"), "the spec diff must have seen the change: " + Spec);
    }

    public void AssertBuilt() => Assert.That(Build.ExitCode, Is.Zero, Build.ToString());

    public void AssertSurfaceUnchanged()
    {
        Assert.That(Removed.Concat(Added), Is.Empty, "the public API snapshot would not change: " + SurfaceDiff);
        Assert.That(ApiCompat!.ExitCode, Is.Zero, ApiCompat.ToString());
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
}
