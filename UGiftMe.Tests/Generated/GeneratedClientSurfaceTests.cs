using System.Reflection;
using UGiftMe.Generated;

namespace UGiftMe.Tests.Generated;

/// <summary>
/// The generated code is a codec: every documented operation has a request factory and an error reader (and a reader
/// when it answers with a body), none of it sends, throws API exceptions or holds state, and none of it is public.
/// </summary>
public sealed class GeneratedClientSurfaceTests
{
    private static readonly string[] ExpectedOperations =
    [
        "AuthApi.Verify",
        "OrdersApi.Create",
        "OrdersApi.CreateBulk",
        "OrdersApi.Get",
        "OrdersApi.GetRequest",
        "OrdersApi.List",
        "OrdersApi.Search",
        "ProductsApi.GetFilters",
        "ProductsApi.List",
        "ProductsApi.Search",
        "WalletApi.List",
        "WalletApi.ListTransactions",
        "WebhooksApi.Create",
        "WebhooksApi.Delete",
        "WebhooksApi.GetTestSample",
        "WebhooksApi.List",
        "WebhooksApi.SendTest",
        "WebhooksApi.Update",
    ];

    private static Type[] Codecs() =>
        typeof(OrdersApi).Assembly.GetTypes().Where(type => type.Namespace == "UGiftMe.Generated" && type.Name.EndsWith("Api", StringComparison.Ordinal)).ToArray();

    [Test]
    public void EveryOperation_HasARequestFactoryAndAnErrorReader()
    {
        var factories = Codecs().SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(method => method.Name.StartsWith("Build", StringComparison.Ordinal))
            .Select(method => $"{type.Name}.{method.Name["Build".Length..]}"));

        Assert.That(factories.Order(StringComparer.Ordinal), Is.EqualTo(ExpectedOperations));
        foreach (var operation in ExpectedOperations)
        {
            var (api, name) = (operation.Split('.')[0], operation.Split('.')[1]);
            var codec = Codecs().Single(type => type.Name == api);
            Assert.That(codec.GetMethod($"Build{name}")!.ReturnType, Is.EqualTo(typeof(HttpRequestMessage)), operation);
            Assert.That(codec.GetMethod($"Read{name}Error"), Is.Not.Null, operation);
            Assert.That(name == "Delete" || codec.GetMethod($"Read{name}") is not null, operation + " reads its answer");
        }
    }

    [Test]
    public void GeneratedCodecs_AreStaticAndInternal_WithNoSenderNoStateAndNoApiException()
    {
        var generated = typeof(OrdersApi).Assembly.GetTypes().Where(type => type.Namespace == "UGiftMe.Generated").ToArray();

        Assert.That(Codecs(), Has.Length.EqualTo(5));
        Assert.That(generated.Where(type => type.IsVisible).Select(type => type.FullName), Is.Empty, "nothing generated is public but the models");
        Assert.That(generated.Select(type => type.Name), Has.None.StartsWith("ApiException").And.None.StartsWith("ApiResponse").And.None.StartsWith("I"));
        foreach (var codec in Codecs())
        {
            Assert.That(codec.IsAbstract && codec.IsSealed, $"{codec.Name} is a static class");
            Assert.That(codec.GetFields(BindingFlags.Static | BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public), Is.Empty, $"{codec.Name} holds no state");
            Assert.That(codec.GetMethods(BindingFlags.Static | BindingFlags.Public).Select(method => method.ReturnType),
                Has.None.AssignableTo<Task>().And.None.EqualTo(typeof(HttpResponseMessage)), $"{codec.Name} sends nothing");
        }
    }

    [Test]
    public void CreateFactories_TakeAnOptionalIdempotencyKey()
    {
        foreach (var name in new[] { nameof(OrdersApi.BuildCreate), nameof(OrdersApi.BuildCreateBulk) })
        {
            var parameter = typeof(OrdersApi).GetMethod(name)!.GetParameters().Single(p => p.Name!.StartsWith("idempotency", StringComparison.OrdinalIgnoreCase));
            Assert.That(parameter.IsOptional, name);
        }
    }
}
