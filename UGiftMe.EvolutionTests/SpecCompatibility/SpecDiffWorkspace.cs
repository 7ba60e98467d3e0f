using Newtonsoft.Json.Linq;
using UGiftMe.Tests.SpecCompatibility;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.EvolutionTests.SpecCompatibility;

/// <summary>A temp folder with the spec round-tripped through YamlDotNet, so baseline and mutation differ only by the mutation.</summary>
internal sealed class SpecDiffWorkspace : IDisposable
{
    public static readonly string Spec = RepositoryRoot.Combine("openapi", "ugiftme-business.yaml");

    private readonly string _folder = Directory.CreateTempSubdirectory("ugiftme-spec-diff-").FullName;

    public SpecDiffWorkspace() => Baseline = Write("baseline.yaml", Load());

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
