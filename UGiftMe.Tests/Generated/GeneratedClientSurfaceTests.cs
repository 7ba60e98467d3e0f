using System.Reflection;
using UGiftMe.Generated;

namespace UGiftMe.Tests.Generated;

/// <summary>The generated client exposes every documented operation, async only.</summary>
public sealed class GeneratedClientSurfaceTests
{
    private static readonly string[] ExpectedOperations =
    [
        "IAuthApi.VerifyAsync",
        "IOrdersApi.CreateAsync",
        "IOrdersApi.CreateBulkAsync",
        "IOrdersApi.GetAsync",
        "IOrdersApi.GetRequestAsync",
        "IOrdersApi.ListAsync",
        "IOrdersApi.SearchAsync",
        "IProductsApi.GetFiltersAsync",
        "IProductsApi.ListAsync",
        "IProductsApi.SearchAsync",
        "IWalletApi.ListAsync",
        "IWalletApi.ListTransactionsAsync",
        "IWebhooksApi.CreateAsync",
        "IWebhooksApi.DeleteAsync",
        "IWebhooksApi.GetTestSampleAsync",
        "IWebhooksApi.ListAsync",
        "IWebhooksApi.SendTestAsync",
        "IWebhooksApi.UpdateAsync",
    ];

    private static IEnumerable<MethodInfo> Operations() =>
        typeof(IOrdersApi).Assembly.GetExportedTypes()
            .Where(type => type.IsInterface && type.Name.EndsWith("Api", StringComparison.Ordinal))
            .SelectMany(type => type.GetMethods());

    [Test]
    public void GeneratedInterfaces_ExposeAllEighteenOperations()
    {
        var names = Operations().Select(method => $"{method.DeclaringType!.Name}.{method.Name}").Order(StringComparer.Ordinal);

        Assert.That(names, Is.EqualTo(ExpectedOperations));
    }

    [Test]
    public void GeneratedOperations_AreAllAsyncAndCancellable()
    {
        foreach (var method in Operations())
        {
            Assert.That(typeof(Task).IsAssignableFrom(method.ReturnType), $"{method.Name} returns a Task");
            Assert.That(method.GetParameters().Last().ParameterType, Is.EqualTo(typeof(CancellationToken)), method.Name);
        }
    }

    [Test]
    public void CreateOperations_TakeAnOptionalIdempotencyKey()
    {
        foreach (var name in new[] { nameof(IOrdersApi.CreateAsync), nameof(IOrdersApi.CreateBulkAsync) })
        {
            var parameter = typeof(IOrdersApi).GetMethod(name)!.GetParameters().Single(p => p.Name!.StartsWith("idempotency", StringComparison.OrdinalIgnoreCase));
            Assert.That(parameter.IsOptional, name);
        }
    }
}
