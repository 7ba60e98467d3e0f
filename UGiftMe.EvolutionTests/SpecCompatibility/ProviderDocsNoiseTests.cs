using Newtonsoft.Json.Linq;
using UGiftMe.Tests.SpecCompatibility;

namespace UGiftMe.EvolutionTests.SpecCompatibility;

/// <summary>
/// The provider's document (the fixture provider release, OpenAPI 3.1 JSON) as its docs team would edit it between
/// versions, taken the way <c>dotnet cake --target=UpdateSpec</c> takes it: <c>eng/update-spec.mjs</c> (3.1 brought down
/// to 3.0.3, our overlay applied) on the release with and without the edits, then <c>eng/spec-diff.mjs</c> between the
/// two results. The edits must read as compatible, and a real break among them must still read as one.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class ProviderDocsNoiseTests
{
    private const string Business = "/api/v1/business";

    private const string Rewritten =
        "Rewritten by the docs team: narrows the result to the given value, matched exactly and case-sensitively; an " +
        "unknown value yields an empty page rather than an error. Combine it with the other filters to refine a search.";

    private static readonly string Release = RepositoryRoot.Combine("UGiftMe.EvolutionTests", "Fixtures", "ProviderRelease", "ugiftme-business.json");

    private DirectoryInfo? _directory;

    // The release as UpdateSpec takes it, unedited: every test's baseline, so taken once.
    private string _unedited = string.Empty;

    [Test]
    public void ReleaseEditedByADocsTeam_ThroughUpdateSpec_IsCompatible()
    {
        var result = DiffThroughUpdateSpec(EditLikeADocsTeam);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Not.Contain("BREAKING"), result.ToString());
        // 3.1's type: [string, 'null'] arrives as nullable: true, and a deprecation is named, not failed.
        Assert.That(result.Output, Does.Contain("response-member-nullable:"), result.ToString());
        Assert.That(result.Output, Does.Contain("deprecated  #/paths/~1api~1v1~1business~1products~1search/get/parameters/"), result.ToString());
    }

    [Test]
    public void ReleaseEditedByADocsTeam_WithAParameterRetyped_ThroughUpdateSpec_IsBreaking()
    {
        var result = DiffThroughUpdateSpec(release =>
        {
            EditLikeADocsTeam(release);
            Parameter(release, "/products/search", "merchant")["schema"] = new JObject { ["type"] = "integer" };
        });

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Output, Does.Contain("BREAKING  schema-type-changed: Type narrowed from 'string' to 'integer'."), result.ToString());
        Assert.That(Breaks(result.Output), Is.EqualTo(1), "only the retyping breaks: " + result);
    }

    // Descriptions rewritten at length (a server, search parameters, a schema), parameters reordered and given an x-*
    // key, a parameter deprecated, a response member made nullable the 3.1 way, a required list reordered.
    private static void EditLikeADocsTeam(JObject release)
    {
        release["servers"]![0]!["description"] = Rewritten;
        var search = (JArray)release["paths"]![Business + "/orders/search"]!["get"]!["parameters"]!;
        var reordered = search.Reverse().ToList();
        search.Clear();
        foreach (var parameter in reordered.Cast<JObject>())
        {
            if (parameter["$ref"] is null)
            {
                parameter["description"] = Rewritten;
                parameter["x-docs-group"] = "filters";
            }
            search.Add(parameter);
        }
        var merchant = Parameter(release, "/products/search", "merchant");
        merchant["deprecated"] = true;
        merchant["description"] = Rewritten;
        var wallet = (JObject)release["components"]!["schemas"]!["Wallet"]!;
        wallet["description"] = Rewritten;
        wallet["properties"]!["updatedAt"]!["type"] = new JArray("string", "null");
        wallet["required"] = new JArray(((JArray)wallet["required"]!).Reverse());
    }

    private static JObject Parameter(JObject release, string path, string name) =>
        ((JArray)release["paths"]![Business + path]!["get"]!["parameters"]!).OfType<JObject>().SingleOrDefault(p => (string?)p["name"] == name)
        ?? throw new InvalidOperationException($"The fixture release no longer has the '{name}' parameter of GET {path}; update this test.");

    private static int Breaks(string output) => output.Split('\n').Count(line => line.TrimStart().StartsWith("BREAKING", StringComparison.Ordinal));

    [OneTimeSetUp]
    public void TakeTheReleaseUnedited()
    {
        _directory = Directory.CreateTempSubdirectory("ugiftme-provider-noise-");
        _unedited = UpdateSpec(Release, Path.Combine(_directory.FullName, "ours-unedited.yaml"));
    }

    [OneTimeTearDown]
    public void DeleteTheReleases() => _directory?.Delete(recursive: true);

    private ProcessRun.Result DiffThroughUpdateSpec(Action<JObject> edit)
    {
        var edited = JObject.Parse(File.ReadAllText(Release));
        edit(edited);
        var editedRelease = Path.Combine(_directory!.FullName, $"edited-{Guid.NewGuid():N}.json");
        File.WriteAllText(editedRelease, edited.ToString());

        return SpecDiffTool.Run(_unedited, UpdateSpec(editedRelease, Path.ChangeExtension(editedRelease, ".yaml")));
    }

    private static string UpdateSpec(string release, string spec)
    {
        var applied = ProcessRun.Run("node", RepositoryRoot.Path,
            [RepositoryRoot.Combine("eng", "update-spec.mjs"), release, "--overlay", RepositoryRoot.Combine("openapi", "ugiftme.overlay.yaml"), "--out", spec],
            environment: null, TimeSpan.FromMinutes(2));
        Assert.That(applied.ExitCode, Is.Zero, applied.ToString());
        return spec;
    }
}
