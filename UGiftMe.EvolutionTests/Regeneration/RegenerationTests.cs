using UGiftMe.Tests.Regeneration;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.EvolutionTests.Regeneration;

/// <summary>
/// Regenerating from a changed spec, end to end, in the shared <see cref="RegenerationCopy"/> of the repository:
/// a compatible change (an optional query parameter on every operation and an optional field on every model) must
/// build the facade, the receiver, Redis, the CLI and the demo untouched and pass the facade's tests, while the
/// public API snapshot names the new members and ApiCompat lets them through; removing a public facade member must
/// fail ApiCompat with CP0002. One build of the mutated copy serves every test (a cold one the first time the copy is
/// built; <see cref="SpecMutationLayerTests"/> reuses its bin/ and obj/).
/// </summary>
[Category("Regeneration")]
[NonParallelizable]
public sealed class RegenerationTests
{
    private const string Probe = "regenerationProbe";
    private const string ProbeProperty = "RegenerationProbe";

    // Consumers of the generated code: the facade (UGiftMe) and every shipping or sample project built on it.
    private static readonly string[] Projects =
    [
        "UGiftMe.Facade/UGiftMe.Facade.csproj", "UGiftMe.AspNetCore/UGiftMe.AspNetCore.csproj", "UGiftMe.Redis/UGiftMe.Redis.csproj",
        "UGiftMe.Cli/UGiftMe.Cli.csproj", "UGiftMe.Demo/UGiftMe.Demo.csproj", "UGiftMe.Tests/UGiftMe.Tests.csproj",
        "UGiftMe.ApiSurface.Tests/UGiftMe.ApiSurface.Tests.csproj",
    ];

    private RegenerationCopy _copy = null!;
    private ProcessRun.Result _build = null!;
    private int _operations;
    private int _models;

    [OneTimeSetUp]
    public void MutateAndBuild()
    {
        _copy = RegenerationCopy.Shared;
        _copy.Reset();
        var spec = _copy.LoadSpec();
        (_operations, _models) = AddOptionalProbes((YamlMappingNode)spec.Documents[0].RootNode);
        _copy.SaveSpec(spec);
        File.WriteAllText(Path.Combine(_copy.Root, "UGiftMe.Regeneration.slnx"),
            "<Solution>" + string.Concat(Projects.Select(p => $"<Project Path=\"{p}\" />")) + "</Solution>");
        // Warnings stay errors: a compatible change must not even warn.
        _build = _copy.Build("UGiftMe.Regeneration.slnx");
    }

    [Test]
    public void OptionalParameterAndFieldEverywhere_SolutionBuildsUntouched()
    {
        Assert.That(_build.ExitCode, Is.Zero, _build.ToString());
        Assert.That(_operations, Is.EqualTo(OperationCount()).And.GreaterThan(15), "every operation got a probe");
        Assert.That(_models, Is.EqualTo(ModelCount()).And.GreaterThan(30), "every object schema got a probe");
        var generated = _copy.GeneratedClient;
        var models = _copy.GeneratedModels;
        Assert.That(generated, Does.Contain($"string? {Probe} = null"), "the generated operations gained the optional parameter");
        Assert.That(CountOf(models, $"public string? {ProbeProperty} {{ get; set; }}"), Is.EqualTo(_models), "every generated model gained the optional field");
    }

    [Test]
    public void OptionalParameterAndFieldEverywhere_FacadeAndGeneratedTestsPass()
    {
        Assume.That(_build.ExitCode, Is.Zero, "the copy did not build; see OptionalParameterAndFieldEverywhere_SolutionBuildsUntouched");

        var run = ProcessRun.Dotnet(_copy.Root, "test", "UGiftMe.Tests/UGiftMe.Tests.csproj", "-c", "Release", "--no-build", "-nologo",
            "--filter", "FullyQualifiedName~UGiftMe.Tests.Facade|FullyQualifiedName~UGiftMe.Tests.Generated|FullyQualifiedName~UGiftMe.Tests.AspNetCore");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Match(@"Passed:\s+[1-9]\d{2,}"), "hundreds of facade tests ran in the copy");
    }

    [Test]
    public void OptionalFieldEverywhere_SnapshotNamesTheNewMembers()
    {
        Assume.That(_build.ExitCode, Is.Zero, "the copy did not build");

        var run = ProcessRun.Dotnet(_copy.Root, "test", "UGiftMe.ApiSurface.Tests/UGiftMe.ApiSurface.Tests.csproj", "-c", "Release", "--no-build", "-nologo",
            "--filter", "FullyQualifiedName~UGiftMe.Tests.PublicApi.PublicApiSnapshotTests.PublicApi_");

        Assert.That(run.ExitCode, Is.Not.Zero, "a changed public surface must fail the snapshot until AcceptApi");
        var mismatch = Directory.GetFiles(Path.Combine(_copy.Root, "UGiftMe.Tests", "PublicApi", "__snapshots__", "__mismatch__"), "UGiftMe.PublicApi.snap").Single();
        Assert.That(File.ReadAllText(mismatch), Does.Contain($"public string? {ProbeProperty} {{ get; set; }}"));
    }

    [Test]
    public void OptionalFieldEverywhere_ApiCompatAgainstTheUnchangedBuild_Passes()
    {
        Assume.That(_build.ExitCode, Is.Zero, "the copy did not build");

        var run = RegenerationCopy.ApiCompat(typeof(UGiftMeClient).Assembly.Location, _copy.Assembly("UGiftMe.Facade", "UGiftMe"));

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
    }

    [Test]
    public void PublicFacadeMemberRemoved_ApiCompatFailsWithCP0002()
    {
        Assume.That(_build.ExitCode, Is.Zero, "the copy did not build");
        var before = Path.Combine(_copy.Root, "before-removal");
        Directory.CreateDirectory(before);
        File.Copy(_copy.Assembly("UGiftMe.Facade", "UGiftMe"), Path.Combine(before, "UGiftMe.dll"));
        var source = Path.Combine(_copy.Root, "UGiftMe.Facade", "Orders", "OrdersClient.cs");
        const string Removed = "    public virtual OrderOperation<BulkOrderResult> ResumeBulk(";
        var text = File.ReadAllText(source);
        Assert.That(text, Does.Contain(Removed), "the member this test removes is gone; pick another public facade member");
        File.WriteAllText(source, text.Replace(Removed, "    internal OrderOperation<BulkOrderResult> ResumeBulk(", StringComparison.Ordinal));

        var build = _copy.Build("UGiftMe.Facade/UGiftMe.Facade.csproj");
        Assert.That(build.ExitCode, Is.Zero, build.ToString());
        var run = RegenerationCopy.ApiCompat(Path.Combine(before, "UGiftMe.dll"), _copy.Assembly("UGiftMe.Facade", "UGiftMe"));

        Assert.That(run.ExitCode, Is.Not.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain("CP0002").And.Contain("UGiftMe.OrdersClient.ResumeBulk"), run.ToString());
    }

    // An optional string query parameter on every operation, an optional string property on every object schema with
    // properties: the routine "the provider added something" change.
    private static (int Operations, int Models) AddOptionalProbes(YamlMappingNode root)
    {
        var operations = 0;
        foreach (var (_, item) in (YamlMappingNode)root["paths"])
        {
            foreach (var (method, node) in ((YamlMappingNode)item).Children.Where(c => IsOperation(c.Key)).ToList())
            {
                var operation = (YamlMappingNode)node;
                if (!operation.Children.TryGetValue(new YamlScalarNode("parameters"), out var parameters))
                {
                    parameters = new YamlSequenceNode();
                    operation.Add("parameters", parameters);
                }

                ((YamlSequenceNode)parameters).Add(new YamlMappingNode(
                    new YamlScalarNode("name"), new YamlScalarNode(Probe), new YamlScalarNode("in"), new YamlScalarNode("query"),
                    new YamlScalarNode("required"), new YamlScalarNode("false"),
                    new YamlScalarNode("schema"), new YamlMappingNode(new YamlScalarNode("type"), new YamlScalarNode("string"))));
                operations++;
            }
        }

        var models = 0;
        foreach (var schema in ObjectSchemas(root))
        {
            ((YamlMappingNode)schema["properties"]).Add(Probe, new YamlMappingNode(new YamlScalarNode("type"), new YamlScalarNode("string")));
            models++;
        }

        return (operations, models);
    }

    private static int OperationCount() =>
        ((YamlMappingNode)((YamlMappingNode)Load(RepositoryRoot.Combine("openapi", "ugiftme-business.yaml")).Documents[0].RootNode)["paths"])
        .Children.Values.Sum(item => ((YamlMappingNode)item).Children.Keys.Count(IsOperation));

    private static int ModelCount() => ObjectSchemas((YamlMappingNode)Load(RepositoryRoot.Combine("openapi", "ugiftme-business.yaml")).Documents[0].RootNode).Count();

    private static IEnumerable<YamlMappingNode> ObjectSchemas(YamlMappingNode root) =>
        ((YamlMappingNode)((YamlMappingNode)root["components"])["schemas"]).Children.Values.OfType<YamlMappingNode>()
        .Where(schema => schema.Children.ContainsKey(new YamlScalarNode("properties")));

    private static bool IsOperation(YamlNode key) => ((YamlScalarNode)key).Value is "get" or "post" or "put" or "patch" or "delete";

    private static YamlStream Load(string path)
    {
        var yaml = new YamlStream();
        using var reader = File.OpenText(path);
        yaml.Load(reader);
        return yaml;
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
