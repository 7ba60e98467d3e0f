using System.Reflection;
using UGiftMe.Models;

namespace UGiftMe.Tests.Generated;

/// <summary>
/// The generated client has every documented operation, async only, and none of it is public: calling it directly
/// would skip the SDK's pipeline (retries, idempotency, typed errors).
/// </summary>
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
        typeof(IOrdersApi).Assembly.GetTypes()
            .Where(type => type.IsInterface && type.Name.StartsWith('I') && type.Name.EndsWith("Api", StringComparison.Ordinal))
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

    [Test]
    public void GeneratedTransportTypes_AreNotPublic()
    {
        var generated = typeof(IOrdersApi).Assembly.GetTypes()
            .Where(type => type.Name.EndsWith("Api", StringComparison.Ordinal)
                || type.Name.StartsWith("ApiException", StringComparison.Ordinal)
                || type.Name.StartsWith("ApiResponse", StringComparison.Ordinal))
            .ToArray();

        Assert.That(generated.Select(type => type.Name), Does.Contain("OrdersApi").And.Contain("IOrdersApi").And.Contain("ApiException").And.Contain("ApiResponse"));
        Assert.That(generated.Where(type => type.IsVisible).Select(type => type.FullName), Is.Empty);
    }
}
