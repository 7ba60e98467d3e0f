using UGiftMe.Tests.SpecCompatibility;
using UGiftMe.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.Regeneration;

/// <summary>
/// What a spec mutation does at every layer, in the order <c>dotnet cake</c> runs them: the spec diff (the same
/// <see cref="SpecMutations"/> entry the spec diff tests classify), then the regenerated build of the facade
/// (<c>UGiftMe</c>: generated client and models plus the hand-written code, warnings as errors), then, when it builds,
/// the public API snapshot text of the new <c>UGiftMe.dll</c> against the committed one and ApiCompat from this run's
/// <c>UGiftMe.dll</c> to it. The spec diff reads only the spec, so it reports even when the build fails.
/// <see cref="GeneratedClient"/> and <see cref="GeneratedModels"/> are the code that build generated.
/// </summary>
public sealed record MutationLayers(
    ProcessRun.Result Spec, ProcessRun.Result Build, IReadOnlyList<string> Removed, IReadOnlyList<string> Added, ProcessRun.Result? ApiCompat,
    string GeneratedClient, string GeneratedModels)
{
    private static readonly string CommittedSnapshot = Path.Combine(PublicApi.PublicApiSnapshotTests.SnapshotFolder, "UGiftMe.PublicApi.snap");

    /// <summary>The snapshot lines the mutation removes (<c>-</c>) and adds (<c>+</c>).</summary>
    public string SurfaceDiff => string.Concat(Removed.Select(line => "\n- " + line)) + string.Concat(Added.Select(line => "\n+ " + line));

    /// <summary>
    /// Applies the mutation named <paramref name="mutationName"/> alone to <paramref name="copy"/> (reset first, so it
    /// costs one incremental build of one project) and runs every layer on it.
    /// </summary>
    public static MutationLayers Apply(RegenerationCopy copy, string mutationName) => ApplyTogether(copy, mutationName)[mutationName];

    /// <summary>
    /// Applies the mutations named <paramref name="mutationNames"/> together to <paramref name="copy"/> (reset first) and
    /// builds once: the spec layer of each is its own diff, applied alone to the committed spec; the build, snapshot and
    /// ApiCompat layers are those of all of them at once. Mutations that touch different parts of the spec, and that the
    /// caller groups by what the build should do (build with the surface unchanged, build with it changed, fail), cost one
    /// incremental build per group instead of one each.
    /// </summary>
    public static IReadOnlyDictionary<string, MutationLayers> ApplyTogether(RegenerationCopy copy, params string[] mutationNames)
    {
        var mutations = mutationNames.Select(SpecMutations.Named).ToList();
        copy.Reset();
        var alone = new List<string>();
        foreach (var mutation in mutations)
        {
            var single = copy.LoadSpec();
            mutation.Apply((YamlMappingNode)single.Documents[0].RootNode);
            alone.Add($"{copy.Root}-mutation-{alone.Count}.yaml");
            copy.SaveSpec(single, alone[^1]);
        }

        var together = copy.LoadSpec();
        foreach (var mutation in mutations)
        {
            mutation.Apply((YamlMappingNode)together.Documents[0].RootNode);
        }
        copy.SaveSpec(together);

        IReadOnlyList<ProcessRun.Result> specLayers;
        try
        {
            specLayers = SpecDiffTool.RunBatch(alone.Select(path => (copy.BaselineSpec, path, (string?)null)).ToList());
        }
        finally
        {
            alone.ForEach(File.Delete);
        }

        var build = copy.Build("UGiftMe.Facade/UGiftMe.Facade.csproj");
        var (client, models) = (copy.GeneratedClient, copy.GeneratedModels);
        var (removed, added, apiCompat) = ((IReadOnlyList<string>)[], (IReadOnlyList<string>)[], (ProcessRun.Result?)null);
        // A failed build leaves nothing new to snapshot or compare: what is in bin/ is an older build.
        if (build.ExitCode == 0)
        {
            (removed, added) = LineDiff(File.ReadAllText(CommittedSnapshot), copy.RenderPublicApi());
            apiCompat = RegenerationCopy.ApiCompat(typeof(UGiftMeClient).Assembly.Location, copy.Assembly("UGiftMe.Facade", "UGiftMe"));
        }

        return mutationNames.Select((name, index) => (name, layers: new MutationLayers(specLayers[index], build, removed, added, apiCompat, client, models)))
            .ToDictionary(pair => pair.name, pair => pair.layers, StringComparer.Ordinal);
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
