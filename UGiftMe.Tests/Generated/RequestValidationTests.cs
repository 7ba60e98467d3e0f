using System.ComponentModel.DataAnnotations;
using System.Globalization;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.Generated;

/// <summary>
/// A request schema marked <c>x-ugiftme-validate</c> gets a generated <c>Problems()</c> (Class.Body.liquid): each
/// constraint the spec states on <c>CreateOrderRequest</c> is checked there, with no hand-written rule in the facade.
/// </summary>
public sealed class RequestValidationTests
{
    [Test]
    public void ValidOrder_HasNoProblems()
    {
        Assert.That(ValidOrder().Problems(), Is.Empty);
    }

    [Test]
    public void EveryMemberTheSpecRequires_WhenBlank_IsNamedAsRequired()
    {
        var required = SpecRequired("CreateOrderRequest").ToList();
        Assert.That(required, Does.Contain("productCode"), "the spec still requires members");

        foreach (var member in required.Where(m => typeof(CreateOrderRequest).GetProperty(PropertyName(m))!.PropertyType == typeof(string)))
        {
            var order = ValidOrder();
            typeof(CreateOrderRequest).GetProperty(PropertyName(member))!.SetValue(order, " ");

            Assert.That(order.Problems(), Is.EqualTo(new[] { $"{PropertyName(member)} is required" }), member);
        }
    }

    [TestCase("gbp")]
    [TestCase("GBP")]
    public void Currency_ThreeLetters_MatchesThePattern(string currency)
    {
        var order = ValidOrder();
        order.Currency = currency;

        Assert.That(order.Problems(), Is.Empty);
    }

    [TestCase("POUNDS")]
    [TestCase("GB1")]
    public void Currency_NotThePattern_NamesPatternAndValue(string currency)
    {
        var order = ValidOrder();
        order.Currency = currency;

        Assert.That(order.Problems(), Is.EqualTo(new[] { $"Currency must match ^[A-Za-z]{{3}}$, not '{currency}'" }));
    }

    [TestCase("0", "ValuePurchased must be greater than 0, not 0")]
    [TestCase("-0.01", "ValuePurchased must be greater than 0, not -0.01")]
    [TestCase("0.0000000000000000000000000001", null)]
    [TestCase("0.01", null)]
    public void ValuePurchased_ExclusiveMinimum_RefusesTheBoundAndBelow_AcceptsAbove(string value, string? problem)
    {
        var order = ValidOrder();
        order.ValuePurchased = decimal.Parse(value, CultureInfo.InvariantCulture);

        Assert.That(order.Problems(), Is.EqualTo(problem is null ? Array.Empty<string>() : new[] { problem }));
    }

    [Test]
    public void EveryExclusiveBoundTheSpecStates_TheBoundItself_IsRefusedAsGreaterOrLessThan()
    {
        // The spec states each bound once, as written (3.0: `minimum` + `exclusiveMinimum: true`); nothing repeats it.
        var bounds = (from property in ValidatedProperties("CreateOrderRequest")
                      from side in new[] { ("minimum", "exclusiveMinimum", "greater than"), ("maximum", "exclusiveMaximum", "less than") }
                      where Flag(property.Property, side.Item2)
                      select (property.Name, Bound: ((YamlScalarNode)property.Property[side.Item1]).Value!, Words: side.Item3)).ToList();
        Assert.That(bounds.Select(b => b.Name), Does.Contain("valuePurchased"), "the spec still states an exclusive bound");
        Assert.That(ValidatedProperties("CreateOrderRequest").SelectMany(p => p.Property.Children.Keys).Select(k => ((YamlScalarNode)k).Value),
            Has.None.StartsWith("x-ugiftme-exclusive"), "the build stamps exclusive bounds; the spec never repeats them");

        foreach (var (name, bound, words) in bounds)
        {
            var order = ValidOrder();
            var member = typeof(CreateOrderRequest).GetProperty(PropertyName(name))!;
            var type = Nullable.GetUnderlyingType(member.PropertyType) ?? member.PropertyType;
            member.SetValue(order, Convert.ChangeType(decimal.Parse(bound, CultureInfo.InvariantCulture), type, CultureInfo.InvariantCulture));

            Assert.That(order.Problems(), Is.EqualTo(new[] { $"{PropertyName(name)} must be {words} {bound}, not {bound}" }), name);
        }
    }

    [Test]
    public void Problems_OfAValidOrderWithEveryMemberSet_AllocatesNothing()
    {
        var order = ValidOrder();
        order.RecipientName = "Alex";
        order.GiftMessage = "Thanks!";
        var found = 0;
        for (var i = 0; i < 50; i++)
        {
            found += order.Problems().Count; // the first calls build each Regex's runner, once
            OrdersClient.ValidateOrder(order, "request");
        }

        // The fewest bytes of three rounds of 1,000 calls: a call that allocated would cost at least 1,000 allocations in
        // every round, while a one-off allocation the runtime makes on this thread (a method tiering up while the machine
        // is loaded; once seen in CI as 256 B) lands in one round only.
        var problems = FewestBytesOfThreeRounds(() => found += order.Problems().Count);
        var validation = FewestBytesOfThreeRounds(() => OrdersClient.ValidateOrder(order, "request"));

        TestContext.Out.WriteLine($"1,000 valid orders, fewest of three rounds: Problems() {problems} B, OrdersClient.ValidateOrder {validation} B");
        Assert.That(found, Is.Zero);
        Assert.That(problems, Is.Zero);
        Assert.That(validation, Is.Zero);
    }

    private static long FewestBytesOfThreeRounds(Action call)
    {
        var fewest = long.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1_000; i++)
            {
                call();
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }

    [TestCase("alex")]
    [TestCase("a@")]
    [TestCase("alex @example.com")]
    public void RecipientEmail_NotShapedLikeAnAddress_IsNamed(string email)
    {
        var order = ValidOrder();
        order.RecipientEmail = email;

        Assert.That(order.Problems(), Is.EqualTo(new[] { $"RecipientEmail '{email}' is not an email address" }));
    }

    [Test]
    public void OptionalMembers_LeftOut_AreNotProblems()
    {
        var order = ValidOrder();
        order.RecipientEmail = null;
        order.RecipientName = null;
        order.GiftMessage = null;

        Assert.That(order.Problems(), Is.Empty);
    }

    [Test]
    public void EveryViolation_IsListed_InSpecOrder()
    {
        var order = new CreateOrderRequest { ProductCode = "", Merchant = "Amazon UK", Currency = "POUNDS", ValuePurchased = -5m, RecipientEmail = "alex" };

        Assert.That(order.Problems(), Is.EqualTo(new[]
        {
            "ProductCode is required",
            "Currency must match ^[A-Za-z]{3}$, not 'POUNDS'",
            "ValuePurchased must be greater than 0, not -5",
            "RecipientEmail 'alex' is not an email address",
        }));
    }

    [TestCase("0", false)]
    [TestCase("-5", false)]
    [TestCase("0.0000000000000000000000000001", true)]
    [TestCase("0.5", true)]
    [SetCulture("de-DE")]
    public void ValuePurchased_ValidatedByDataAnnotations_MustBeGreaterThanZeroInAnyCulture(string value, bool valid)
    {
        var order = ValidOrder();
        order.ValuePurchased = decimal.Parse(value, CultureInfo.InvariantCulture);
        var results = new List<ValidationResult>();

        var isValid = Validator.TryValidateObject(order, new ValidationContext(order), results, validateAllProperties: true);

        Assert.That(isValid, Is.EqualTo(valid), string.Join("; ", results.Select(r => r.ErrorMessage)));
        Assert.That(results.SelectMany(r => r.MemberNames), Is.EqualTo(valid ? Array.Empty<string>() : new[] { "ValuePurchased" }));
    }

    private static CreateOrderRequest ValidOrder() =>
        new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50m, RecipientEmail = "alex@example.com" };

    private static string PropertyName(string member) => char.ToUpperInvariant(member[0]) + member[1..];

    private static IEnumerable<string> SpecRequired(string schemaName) =>
        ((YamlSequenceNode)((YamlMappingNode)Schemas()[schemaName])["required"]).Select(node => ((YamlScalarNode)node).Value!);

    private static IEnumerable<(string Name, YamlMappingNode Property)> ValidatedProperties(string schemaName)
    {
        var schema = (YamlMappingNode)Schemas()[schemaName];
        Assert.That(Flag(schema, "x-ugiftme-validate"), schemaName + " is validated");
        return from property in ((YamlMappingNode)schema["properties"]).Children
               select (((YamlScalarNode)property.Key).Value!, (YamlMappingNode)property.Value);
    }

    private static bool Flag(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: "true" };

    private static YamlMappingNode Schemas()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(RepositoryRoot.Combine("openapi", "ugiftme-business.yaml")))
        {
            yaml.Load(reader);
        }

        return (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["components"])["schemas"];
    }
}
