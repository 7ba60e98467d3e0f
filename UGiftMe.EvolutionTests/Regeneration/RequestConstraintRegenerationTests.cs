using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Runtime.Loader;
using UGiftMe.Tests.Regeneration;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.EvolutionTests.Regeneration;

/// <summary>
/// A constraint the provider adds to a request schema marked <c>x-ugiftme-validate</c> is enforced by the facade's
/// order validation after regeneration, with no facade edit: the shared <see cref="RegenerationCopy"/> gets a maximum
/// length, an inclusive minimum and a maximum on <c>CreateOrderRequest</c>, and the copy's own
/// <c>OrdersClient.ValidateOrder</c> refuses an order that breaks them and names each one. Exclusive bounds are stated
/// once, as the spec writes them (OpenAPI 3.0's <c>exclusiveMinimum: true</c> edited into our spec, or 3.1's
/// <c>exclusiveMinimum: 5</c> in a provider's document through <c>eng/update-spec.mjs</c>): the build stamps them for
/// the templates, and the bound itself is refused.
/// </summary>
[Category("Regeneration")]
[NonParallelizable]
public sealed class RequestConstraintRegenerationTests
{
    [Test]
    public void ConstraintsAddedToTheSpec_RefusedByTheRegeneratedFacade_EachNamed()
    {
        var copy = RegenerationCopy.Shared;
        copy.Reset();
        var spec = copy.LoadSpec();
        var properties = Properties(spec);
        ((YamlMappingNode)properties["productCode"]).Add("maxLength", "8");
        ((YamlMappingNode)properties["recipientName"]).Add("minLength", "2");
        var value = (YamlMappingNode)properties["valuePurchased"];
        value.Add("maximum", "10000");
        copy.SaveSpec(spec);

        WithRegeneratedFacade(copy, facade =>
        {
            var orderType = facade.GetType("UGiftMe.Models.CreateOrderRequest", throwOnError: true)!;
            var order = Order(facade, 10000.5m, quantity: null);
            orderType.GetProperty("RecipientName")!.SetValue(order, "A");
            var validate = facade.GetType("UGiftMe.OrdersClient", throwOnError: true)!.GetMethod("ValidateOrder", BindingFlags.Static | BindingFlags.NonPublic)!;

            var refused = Assert.Throws<TargetInvocationException>(() => validate.Invoke(null, [order, "request"]))!.InnerException;

            Assert.That(refused, Is.InstanceOf<ArgumentException>());
            Assert.That(refused!.Message, Does.Contain("Invalid order in request: ")
                .And.Contain("ProductCode must be at most 8 characters long, not 13")
                .And.Contain("ValuePurchased must be at most 10000, not 10000.5")
                .And.Contain("RecipientName must be at least 2 characters long, not 1"));
        });
    }

    [Test]
    public void ExclusiveBoundsEditedIntoOurSpec_30Form_TheBoundIsRefusedByTheRegeneratedFacade()
    {
        var copy = RegenerationCopy.Shared;
        copy.Reset();
        var spec = copy.LoadSpec();
        var value = (YamlMappingNode)Properties(spec)["valuePurchased"];
        Assert.That(((YamlScalarNode)value["exclusiveMinimum"]).Value, Is.EqualTo("true"), "valuePurchased's exclusive minimum moved: update this test");
        value.Children[new YamlScalarNode("minimum")] = new YamlScalarNode("5");
        value.Add("maximum", "10000");
        value.Add("exclusiveMaximum", "true");
        copy.SaveSpec(spec);

        WithRegeneratedFacade(copy, facade =>
        {
            Assert.That(Refusal(facade, 5m), Is.EqualTo("ValuePurchased must be greater than 5, not 5"));
            Assert.That(Refusal(facade, 4.99m), Is.EqualTo("ValuePurchased must be greater than 5, not 4.99"));
            Assert.That(Refusal(facade, 10000m), Is.EqualTo("ValuePurchased must be less than 10000, not 10000"));
            Assert.That(Refusal(facade, 10000.01m), Is.EqualTo("ValuePurchased must be less than 10000, not 10000.01"));
            Assert.That(Refusal(facade, 5.01m), Is.Null);
            Assert.That(Refusal(facade, 9999.99m), Is.Null);

            // [Range] says the same on .NET 8 and later (MinimumIsExclusive/MaximumIsExclusive).
            Assert.That(ValidByDataAnnotations(facade, 5m), Is.False);
            Assert.That(ValidByDataAnnotations(facade, 10000m), Is.False);
            Assert.That(ValidByDataAnnotations(facade, 5.01m), Is.True);
            Assert.That(ValidByDataAnnotations(facade, 9999.99m), Is.True);
        });
    }

    [Test]
    public void ExclusiveBoundsInAProviders31Spec_ThroughUpdateSpec_TheBoundIsRefusedByTheRegeneratedFacade()
    {
        var copy = RegenerationCopy.Shared;
        copy.Reset();
        var provider = copy.LoadSpec();
        ((YamlMappingNode)provider.Documents[0].RootNode).Children[new YamlScalarNode("openapi")] = new YamlScalarNode("3.1.0");
        var properties = Properties(provider);
        var value = (YamlMappingNode)properties["valuePurchased"];
        value.Children.Remove(new YamlScalarNode("minimum"));
        value.Children[new YamlScalarNode("exclusiveMinimum")] = new YamlScalarNode("5");
        value.Add("exclusiveMaximum", "10000");
        properties.Add("quantity", new YamlMappingNode("type", "integer", "exclusiveMinimum", "0", "exclusiveMaximum", "10", "description", "Cards of this value to order."));
        var directory = Directory.CreateTempSubdirectory("ugiftme-provider-31-");
        try
        {
            var providerFile = Path.Combine(directory.FullName, "provider.yaml");
            using (var writer = new StreamWriter(providerFile))
            {
                provider.Save(writer, assignAnchors: false);
            }

            var update = ProcessRun.Run("node", RepositoryRoot.Path, [RepositoryRoot.Combine("eng", "update-spec.mjs"), providerFile,
                "--overlay", Path.Combine(copy.Root, "openapi", "ugiftme.overlay.yaml"), "--out", copy.Spec], environment: null, TimeSpan.FromMinutes(2));
            Assert.That(update.ExitCode, Is.Zero, update.ToString());
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        WithRegeneratedFacade(copy, facade =>
        {
            Assert.That(Refusal(facade, 5m), Is.EqualTo("ValuePurchased must be greater than 5, not 5"));
            Assert.That(Refusal(facade, 10000m), Is.EqualTo("ValuePurchased must be less than 10000, not 10000"));
            Assert.That(Refusal(facade, 5.01m), Is.Null);
            Assert.That(Refusal(facade, 9999.99m), Is.Null);
            Assert.That(Refusal(facade, 50m, quantity: 0), Is.EqualTo("Quantity must be greater than 0, not 0"));
            Assert.That(Refusal(facade, 50m, quantity: 10), Is.EqualTo("Quantity must be less than 10, not 10"));
            Assert.That(Refusal(facade, 50m, quantity: 1), Is.Null);
            Assert.That(Refusal(facade, 50m, quantity: 9), Is.Null);
            Assert.That(ValidByDataAnnotations(facade, 50m, quantity: 0), Is.False);
            Assert.That(ValidByDataAnnotations(facade, 50m, quantity: 10), Is.False);
            Assert.That(ValidByDataAnnotations(facade, 50m, quantity: 9), Is.True);
        });
    }

    private static YamlMappingNode Properties(YamlStream spec) =>
        (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)spec.Documents[0].RootNode)["components"])["schemas"])["CreateOrderRequest"])["properties"];

    private static void WithRegeneratedFacade(RegenerationCopy copy, Action<Assembly> check)
    {
        var context = new AssemblyLoadContext("regenerated-validation", isCollectible: true);
        try
        {
            var build = copy.Build("UGiftMe.Facade/UGiftMe.Facade.csproj");
            Assert.That(build.ExitCode, Is.Zero, build.ToString());
            // From bytes: the runtime caches an image by path until its context is collected, so a second load of the
            // rebuilt path could be the previous test's build.
            check(context.LoadFromStream(new MemoryStream(File.ReadAllBytes(copy.Assembly("UGiftMe.Facade", "UGiftMe")))));
        }
        finally
        {
            context.Unload();
            copy.Reset();
        }
    }

    /// <summary>The one problem <c>OrdersClient.ValidateOrder</c> names in an otherwise valid order, or null when it accepts it.</summary>
    private static string? Refusal(Assembly facade, decimal valuePurchased, int? quantity = null)
    {
        var validate = facade.GetType("UGiftMe.OrdersClient", throwOnError: true)!.GetMethod("ValidateOrder", BindingFlags.Static | BindingFlags.NonPublic)!;
        try
        {
            validate.Invoke(null, [Order(facade, valuePurchased, quantity), "request"]);
            return null;
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException refused)
        {
            const string Prefix = "Invalid order in request: ", Suffix = ". (Parameter 'request')";
            Assert.That(refused.Message, Does.StartWith(Prefix).And.EndWith(Suffix));
            return refused.Message[Prefix.Length..^Suffix.Length];
        }
    }

    private static bool ValidByDataAnnotations(Assembly facade, decimal valuePurchased, int? quantity = null)
    {
        var order = Order(facade, valuePurchased, quantity);
        return Validator.TryValidateObject(order, new ValidationContext(order), validationResults: null, validateAllProperties: true);
    }

    private static object Order(Assembly facade, decimal valuePurchased, int? quantity)
    {
        var orderType = facade.GetType("UGiftMe.Models.CreateOrderRequest", throwOnError: true)!;
        var order = Activator.CreateInstance(orderType)!;
        orderType.GetProperty("ProductCode")!.SetValue(order, "AMAZON_UK_STD");
        orderType.GetProperty("Merchant")!.SetValue(order, "Amazon UK");
        orderType.GetProperty("Currency")!.SetValue(order, "GBP");
        orderType.GetProperty("ValuePurchased")!.SetValue(order, valuePurchased);
        if (quantity is not null)
        {
            orderType.GetProperty("Quantity")!.SetValue(order, quantity);
        }

        return order;
    }
}
