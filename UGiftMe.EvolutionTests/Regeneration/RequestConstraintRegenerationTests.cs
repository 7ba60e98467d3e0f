using System.Reflection;
using System.Runtime.Loader;
using UGiftMe.Tests.Regeneration;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.EvolutionTests.Regeneration;

/// <summary>
/// A constraint the provider adds to a request schema marked <c>x-ugiftme-validate</c> is enforced by the facade's
/// order validation after regeneration, with no facade edit: the shared <see cref="RegenerationCopy"/> gets a maximum
/// length, an inclusive minimum and a maximum on <c>CreateOrderRequest</c>, and the copy's own
/// <c>OrdersClient.ValidateOrder</c> refuses an order that breaks them and names each one.
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
        var properties = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)spec.Documents[0].RootNode)["components"])["schemas"])["CreateOrderRequest"])["properties"];
        ((YamlMappingNode)properties["productCode"]).Add("maxLength", "8");
        ((YamlMappingNode)properties["recipientName"]).Add("minLength", "2");
        var value = (YamlMappingNode)properties["valuePurchased"];
        value.Add("maximum", "10000");
        copy.SaveSpec(spec);

        var build = copy.Build("UGiftMe.Facade/UGiftMe.Facade.csproj");
        Assert.That(build.ExitCode, Is.Zero, build.ToString());

        var context = new AssemblyLoadContext("regenerated-validation", isCollectible: true);
        try
        {
            var facade = context.LoadFromAssemblyPath(copy.Assembly("UGiftMe.Facade", "UGiftMe"));
            var orderType = facade.GetType("UGiftMe.Models.CreateOrderRequest", throwOnError: true)!;
            var order = Activator.CreateInstance(orderType)!;
            orderType.GetProperty("ProductCode")!.SetValue(order, "AMAZON_UK_STD");
            orderType.GetProperty("Merchant")!.SetValue(order, "Amazon UK");
            orderType.GetProperty("Currency")!.SetValue(order, "GBP");
            orderType.GetProperty("ValuePurchased")!.SetValue(order, 10000.5m);
            orderType.GetProperty("RecipientName")!.SetValue(order, "A");
            var validate = facade.GetType("UGiftMe.OrdersClient", throwOnError: true)!.GetMethod("ValidateOrder", BindingFlags.Static | BindingFlags.NonPublic)!;

            var refused = Assert.Throws<TargetInvocationException>(() => validate.Invoke(null, [order, "request"]))!.InnerException;

            Assert.That(refused, Is.InstanceOf<ArgumentException>());
            Assert.That(refused!.Message, Does.Contain("Invalid order in request: ")
                .And.Contain("ProductCode must be at most 8 characters long, not 13")
                .And.Contain("ValuePurchased must be at most 10000, not 10000.5")
                .And.Contain("RecipientName must be at least 2 characters long, not 1"));
        }
        finally
        {
            context.Unload();
            copy.Reset();
        }
    }
}
