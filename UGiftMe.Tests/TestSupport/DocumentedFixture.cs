using Newtonsoft.Json.Linq;

namespace UGiftMe.Tests.TestSupport;

/// <summary>
/// A JSON example copied from the UGiftMe docs, stored under <c>Fixtures/</c> with the page it came from, how sure we
/// are of it (<c>DOC</c> or <c>INF</c>) and the generated model it deserializes into (<c>Name[]</c> for an array).
/// </summary>
public sealed record DocumentedFixture(string RelativePath, string Source, string Provenance, string Model, JToken Body)
{
    public static string Root => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures");

    public static DocumentedFixture Load(string relativePath)
    {
        var json = JObject.Parse(File.ReadAllText(Path.Combine(Root, relativePath)), new JsonLoadSettings());
        return new DocumentedFixture(
            relativePath.Replace('\\', '/'),
            (string)json["source"]!,
            (string)json["provenance"]!,
            (string)json["model"]!,
            json["body"]!);
    }

    public static IEnumerable<string> All() =>
        Directory.EnumerateFiles(Root, "*.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public string BodyText => Body.ToString(Newtonsoft.Json.Formatting.None);

    public override string ToString() => RelativePath;
}
