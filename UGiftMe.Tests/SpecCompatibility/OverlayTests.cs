using UGiftMe.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.SpecCompatibility;

/// <summary>
/// openapi/ugiftme.overlay.yaml holds what we add to UGiftMe's description, and <c>dotnet cake --target=UpdateSpec</c>
/// re-applies it to each new provider document (eng/update-spec.mjs). The committed overlay must be what our spec
/// holds now, and applying it to our spec without our additions must give our spec back.
/// </summary>
public sealed class OverlayTests
{
    private static readonly string Spec = RepositoryRoot.Combine("openapi", "ugiftme-business.yaml");
    private static readonly string Overlay = RepositoryRoot.Combine("openapi", "ugiftme.overlay.yaml");

    [Test]
    public void CommittedOverlay_ComparedWithOurSpec_HoldsEveryAdditionOfOurs()
    {
        using var folder = new TemporaryFolder();
        var extracted = Path.Combine(folder.Path, "overlay.yaml");

        var run = UpdateSpec("--extract-overlay", Spec, "--out", extracted);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(File.ReadAllText(Overlay), Is.EqualTo(File.ReadAllText(extracted)),
            "our spec's additions changed: node eng/update-spec.mjs --extract-overlay openapi/ugiftme-business.yaml --out openapi/ugiftme.overlay.yaml");
    }

    [Test]
    public void Overlay_AppliedToOurSpecWithoutOurAdditions_GivesOurSpecBack()
    {
        using var folder = new TemporaryFolder();
        var ours = Path.Combine(folder.Path, "ours.yaml");
        var provider = Path.Combine(folder.Path, "provider.yaml");
        var rebuilt = Path.Combine(folder.Path, "rebuilt.yaml");
        // Both sides through YamlDotNet once, so that only the overlay can make them differ.
        var stream = Load();
        Save(stream, ours);
        var removed = RemoveOurAdditions(stream.Documents[0].RootNode);
        Save(stream, provider);

        var apply = UpdateSpec(provider, "--overlay", Overlay, "--out", rebuilt);
        var diff = SpecDiffTool.Run(ours, rebuilt);

        Assert.That(removed, Is.GreaterThan(100), "the provider's copy lacks our additions");
        Assert.That(apply.ExitCode, Is.Zero, apply.ToString());
        Assert.That(apply.Output, Does.Contain("0 overlay target(s) missing"), apply.ToString());
        Assert.That(diff.Output, Does.Contain("0 major (0 accepted), 0 minor, 0 patch"), diff.ToString());
    }

    [Test]
    public void InferredConstraint_IsRestoredByTheOverlay_AndYieldsToOneTheProviderDocuments()
    {
        using var folder = new TemporaryFolder();
        var provider = Path.Combine(folder.Path, "provider.yaml");
        var documenting = Path.Combine(folder.Path, "documenting.yaml");
        var rebuilt = Path.Combine(folder.Path, "rebuilt.yaml");
        var rebuiltFromDocumenting = Path.Combine(folder.Path, "rebuilt-documenting.yaml");
        var stream = Load();
        RemoveOurAdditions(stream.Documents[0].RootNode);
        Save(stream, provider);
        Assert.That(Currency(stream).Children.ContainsKey("pattern"), Is.False, "the provider's copy lacks our inferred pattern");
        Currency(stream).Children["pattern"] = new YamlScalarNode("^[A-Z]{3}$");
        Save(stream, documenting);

        var apply = UpdateSpec(provider, "--overlay", Overlay, "--out", rebuilt);
        var applyToDocumenting = UpdateSpec(documenting, "--overlay", Overlay, "--out", rebuiltFromDocumenting);

        Assert.That(apply.ExitCode, Is.Zero, apply.ToString());
        Assert.That(applyToDocumenting.ExitCode, Is.Zero, applyToDocumenting.ToString());
        Assert.That(Currency(LoadFrom(rebuilt))["pattern"].ToString(), Is.EqualTo("^[A-Za-z]{3}$"));
        Assert.That(Currency(LoadFrom(rebuiltFromDocumenting))["pattern"].ToString(), Is.EqualTo("^[A-Z]{3}$"));
    }

    [Test]
    public void Overlay_AppliedToAProviderDocumentWithParametersReordered_DescribesTheSameParameter()
    {
        using var folder = new TemporaryFolder();
        var provider = Path.Combine(folder.Path, "provider.yaml");
        var rebuilt = Path.Combine(folder.Path, "rebuilt.yaml");
        var stream = Load();
        RemoveOurAdditions(stream.Documents[0].RootNode);
        var parameters = SearchParameters(stream);
        var reversed = parameters.Children.Reverse().ToList();
        parameters.Children.Clear();
        reversed.ForEach(parameters.Add);
        Save(stream, provider);

        var apply = UpdateSpec(provider, "--overlay", Overlay, "--out", rebuilt);

        Assert.That(apply.ExitCode, Is.Zero, apply.ToString());
        Assert.That(apply.Output, Does.Contain("0 overlay target(s) missing"), apply.ToString());
        var described = SearchParameters(LoadFrom(rebuilt)).Children.OfType<YamlMappingNode>()
            .Where(p => p.Children.ContainsKey("name")).ToDictionary(p => p["name"].ToString(), p => p["description"].ToString());
        Assert.That(described["category"], Does.StartWith("[inferred]"), "our addition stays on the parameter it describes");
        Assert.That(described["merchant"], Does.Not.Contain("[inferred]"), "and does not land on the one now in its place");
    }

    private static YamlSequenceNode SearchParameters(YamlStream stream) =>
        (YamlSequenceNode)stream.Documents[0].RootNode["paths"]["/api/v1/business/products/search"]["get"]["parameters"];

    private static YamlMappingNode Currency(YamlStream stream) =>
        (YamlMappingNode)stream.Documents[0].RootNode["components"]["schemas"]["CreateOrderRequest"]["properties"]["currency"];

    private static YamlStream LoadFrom(string path)
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(path);
        stream.Load(reader);
        return stream;
    }

    private static YamlStream Load()
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(Spec);
        stream.Load(reader);
        return stream;
    }

    private static void Save(YamlStream stream, string path)
    {
        using var writer = new StreamWriter(path);
        stream.Save(writer, assignAnchors: false);
    }

    private static ProcessRun.Result UpdateSpec(params string[] arguments) =>
        ProcessRun.Run(SpecDiffTool.FindNode(), RepositoryRoot.Path, [RepositoryRoot.Combine("eng", "update-spec.mjs"), .. arguments],
            environment: null, TimeSpan.FromMinutes(2));

    // What eng/update-spec.mjs puts in the overlay: x-ugiftme-* and x-enum-descriptions, examples, descriptions of
    // inferred behaviour, the constraints a schema lists in x-ugiftme-inferred (operationIds stay: the provider has its own).
    private static int RemoveOurAdditions(YamlNode node)
    {
        var removed = 0;
        if (node is YamlMappingNode mapping)
        {
            var inferred = mapping.Children.TryGetValue("x-ugiftme-inferred", out var list) && list is YamlSequenceNode sequence
                ? sequence.Children.Select(item => item.ToString()).ToHashSet(StringComparer.Ordinal)
                : [];
            foreach (var key in mapping.Children.Keys.OfType<YamlScalarNode>().ToList())
            {
                var value = mapping.Children[key];
                var name = key.Value ?? "";
                if (name.StartsWith("x-ugiftme-", StringComparison.Ordinal) || name is "x-enum-descriptions" or "example" || inferred.Contains(name)
                    || (name == "description" && value is YamlScalarNode { Value: { } text } && text.Contains("[inferred", StringComparison.Ordinal)))
                {
                    mapping.Children.Remove(key);
                    removed++;
                }
            }
        }
        foreach (var child in node switch { YamlMappingNode m => m.Children.Values, YamlSequenceNode s => s.Children, _ => [] })
        {
            removed += RemoveOurAdditions(child);
        }
        return removed;
    }

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("ugiftme-overlay-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
