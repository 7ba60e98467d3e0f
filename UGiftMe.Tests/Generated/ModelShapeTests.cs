using System.Reflection;
using System.Xml.Linq;
using Newtonsoft.Json;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Generated;

/// <summary>
/// The models read like a hand-designed .NET API (issue #11, point 4): every spec property has a member, <c>_id</c> is
/// <c>Id</c>, arrays are <see cref="List{T}"/> (indexable, collection expressions work), and each member the spec
/// describes carries that description as its XML doc.
/// </summary>
public sealed class ModelShapeTests
{
    private static readonly Assembly Models = typeof(BusinessOrder).Assembly;

    private static IEnumerable<(SpecSchemas.Property Spec, PropertyInfo? Member)> Mapped() =>
        SpecSchemas.All.Select(spec => (spec, Models.GetType("UGiftMe.Models." + spec.Schema)?.GetProperties()
            .FirstOrDefault(p => p.GetCustomAttribute<JsonPropertyAttribute>(inherit: true)?.PropertyName == spec.JsonName)));

    private static IEnumerable<Type> ModelTypes() => Models.GetExportedTypes().Where(t => t.Namespace == "UGiftMe.Models");

    [Test]
    public void EverySpecProperty_HasAPublicModelMember()
    {
        Assert.That(Mapped().Count(), Is.GreaterThan(150), "the spec was read");
        Assert.That(Mapped().Where(m => m.Member is null).Select(m => m.Spec.ToString()), Is.Empty);
    }

    [Test]
    public void ModelMembers_HaveNoUnderscoreNames_AndUnderscoreIdIsId()
    {
        var underscored = ModelTypes().SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.Contains('_', StringComparison.Ordinal) && m is not MethodInfo { IsSpecialName: true } and not FieldInfo { IsSpecialName: true })
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}");
        var ids = Mapped().Where(m => m.Spec.JsonName == "_id").ToList();

        Assert.That(underscored, Is.Empty);
        Assert.That(ids.Select(m => m.Spec.Schema), Is.SupersetOf(new[] { "Product", "BusinessOrder", "Wallet", "WebhookSubscription", "ProductUpdatedEvent" }));
        Assert.That(ids.Select(m => m.Member!.Name), Is.All.EqualTo("Id"));
    }

    private static IEnumerable<TestCaseData> IdModels() =>
        Mapped().Where(m => m.Spec.JsonName is "_id" or "id").Select(m => m.Spec.Schema).Distinct()
            .SelectMany(schema => new[] { "_id", "id" }.Select(spelling => new TestCaseData(schema, spelling).SetArgDisplayNames(schema, spelling)));

    [TestCaseSource(nameof(IdModels))]
    public void IdModels_ReadEitherIdSpelling_AndWriteTheSpecsOwn(string schema, string spelling)
    {
        var model = Models.GetType("UGiftMe.Models." + schema)!;
        var ownName = Mapped().Single(m => m.Spec.Schema == schema && m.Spec.JsonName is "_id" or "id").Spec.JsonName;

        var read = JsonConvert.DeserializeObject($$"""{"{{spelling}}":"x1"}""", model)!;
        var written = JsonConvert.SerializeObject(read);

        Assert.That(model.GetProperty("Id")!.GetValue(read), Is.EqualTo("x1"));
        Assert.That(written, Does.Contain($"\"{ownName}\":\"x1\""));
        Assert.That(written.Split("\"x1\"").Length - 1, Is.EqualTo(1), written);
    }

    [Test]
    public void IdModels_BothSpellingsPresent_TheSpecsOwnWins()
    {
        var order = JsonConvert.DeserializeObject<BusinessOrder>("""{"id":"other","_id":"own"}""")!;
        var webhook = JsonConvert.DeserializeObject<CreatedWebhook>("""{"_id":"other","id":"own"}""")!;

        Assert.That(order.Id, Is.EqualTo("own"));
        Assert.That(webhook.Id, Is.EqualTo("own"));
    }

    [Test]
    public void SpecArrays_AreLists()
    {
        var arrays = Mapped().Where(m => m.Spec.Type.StartsWith("array", StringComparison.Ordinal)).ToList();

        Assert.That(arrays, Has.Count.GreaterThan(10));
        Assert.That(arrays.Where(m => m.Member!.PropertyType.GetGenericTypeDefinition() != typeof(List<>)).Select(m => $"{m.Spec}: {m.Member!.PropertyType}"), Is.Empty);
        var page = new ProductPage { Products = [new Product { ProductCode = "A" }] };
        Assert.That(page.Products[0].ProductCode, Is.EqualTo("A"), "indexable and built with a collection expression");
    }

    [Test]
    public void DescribedSpecProperties_CarryTheDescriptionAsXmlDoc()
    {
        var docs = XDocument.Load(Path.ChangeExtension(Models.Location, ".xml")).Descendants("member")
            .ToDictionary(m => (string)m.Attribute("name")!, m => string.Join(" ", ((string?)m.Element("summary") ?? "").Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)));
        var described = Mapped().Where(m => !string.IsNullOrWhiteSpace(m.Spec.Description)).ToList();

        Assert.That(described, Has.Count.GreaterThan(40));
        var undocumented = described.Where(m => !docs.TryGetValue($"P:{m.Member!.DeclaringType!.FullName}.{m.Member.Name}", out var summary) || summary.Length == 0)
            .Select(m => m.Spec.ToString());
        Assert.That(undocumented, Is.Empty);
    }
}
