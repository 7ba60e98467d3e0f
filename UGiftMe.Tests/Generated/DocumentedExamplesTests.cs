using System.Collections;
using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Generated;

/// <summary>
/// Every JSON example in the UGiftMe docs (responses, error bodies, webhook payloads, request samples) must
/// deserialize into its generated model with every field declared (nothing lands in AdditionalProperties) and
/// serialize back to the same JSON, so no documented field can be dropped by the generated client.
/// </summary>
public sealed class DocumentedExamplesTests
{
    private static readonly Assembly GeneratedAssembly = typeof(BusinessOrder).Assembly;

    public static IEnumerable<string> Fixtures() => DocumentedFixture.All();

    [Test]
    public void Fixtures_CoverEveryKindOfDocumentedExample()
    {
        var folders = Fixtures().Select(path => path.Split('/')[0]).Distinct().Order().ToArray();
        Assert.That(folders, Is.EqualTo(new[] { "errors", "requests", "responses", "webhooks" }));
        Assert.That(Fixtures().Count(), Is.GreaterThanOrEqualTo(36));
    }

    [TestCaseSource(nameof(Fixtures))]
    public void Example_DeserializesWithEveryFieldDeclared(string relativePath)
    {
        var fixture = DocumentedFixture.Load(relativePath);
        Assert.That(fixture.Source, Does.StartWith("https://docs.ugift.me/"), "each fixture names the page it came from");

        var model = Deserialize(fixture);

        Assert.That(UndeclaredMembers(model, fixture.Model), Is.Empty,
            "these documented fields are not declared in the spec, so they would only survive as AdditionalProperties");
    }

    [TestCaseSource(nameof(Fixtures))]
    public void Example_RoundTripsWithoutLosingAnyField(string relativePath)
    {
        var fixture = DocumentedFixture.Load(relativePath);

        var model = Deserialize(fixture);
        var reserialized = JToken.Parse(JsonConvert.SerializeObject(model));

        Assert.That(JsonEquivalence.Diff(fixture.Body, reserialized), Is.Null);
    }

    internal static object Deserialize(DocumentedFixture fixture)
    {
        var type = ResolveModel(fixture.Model);
        var model = JsonConvert.DeserializeObject(fixture.BodyText, type);
        Assert.That(model, Is.Not.Null.And.InstanceOf(type));
        return model!;
    }

    private static Type ResolveModel(string name)
    {
        var isArray = name.EndsWith("[]", StringComparison.Ordinal);
        var elementName = isArray ? name[..^2] : name;
        var element = GeneratedAssembly.GetType("UGiftMe.Models." + elementName, throwOnError: true)!;
        return isArray ? typeof(List<>).MakeGenericType(element) : element;
    }

    private static IEnumerable<string> UndeclaredMembers(object? value, string path)
    {
        switch (value)
        {
            case null or string or JToken:
                yield break;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items)
                {
                    foreach (var found in UndeclaredMembers(item, $"{path}[{index++}]"))
                    {
                        yield return found;
                    }
                }
                yield break;
        }

        var type = value.GetType();
        if (type.Assembly != GeneratedAssembly)
        {
            yield break;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var member = property.GetValue(value);
            if (property.Name == "AdditionalProperties")
            {
                foreach (var key in ((IDictionary<string, object>)member!).Keys)
                {
                    yield return $"{path}.{key}";
                }
            }
            else
            {
                foreach (var found in UndeclaredMembers(member, $"{path}.{property.Name}"))
                {
                    yield return found;
                }
            }
        }
    }
}
