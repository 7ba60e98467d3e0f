using System.Text.Json;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.PublicApi.Coverage;

/// <summary>
/// The map from each operation to the public facade members that reach it, which the report of
/// <c>dotnet cake --target=UpdateSpec</c> uses to say which calls a change of the operation makes behave differently.
/// </summary>
public sealed class FacadeCallMapTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [TestCase("Orders_List", new[] { "OrdersClient.ListAsync", "OrdersClient.ListAllAsync" }, "OrdersClient.GetAsync")]
    [TestCase("Wallet_ListTransactions", new[] { "WalletClient.ListTransactionsAsync", "WalletClient.ListAllTransactionsAsync" }, "WalletClient.GetAsync")]
    [TestCase("Orders_Create", new[] { "OrdersClient.StartAsync", "OrdersClient.CreateAndWaitAsync" }, "OrdersClient.StartBulkAsync")]
    public void KnownOperation_MapsToThePublicMembersThatReachIt(string operationId, string[] expected, string unrelated)
    {
        var calls = FacadeCallMap.CallsOf(operationId);

        Assert.That(calls, Is.SupersetOf(expected), string.Join(", ", calls));
        Assert.That(calls, Does.Not.Contain(unrelated));
    }

    [Test]
    public void AsyncIteratorThroughPrivateHelpers_ReachesTheOperation()
    {
        // ListAllAsync pages through a private method from a lambda inside an async iterator's state machine.
        Assert.That(FacadeCallMap.CallsOf("Orders_List"), Does.Contain("OrdersClient.ListAllAsync"));
        Assert.That(FacadeCallMap.CallsOf("Orders_Search"), Does.Contain("OrdersClient.SearchAllAsync"));
    }

    [Test]
    public void DelegateAConstructorHandsOn_ReachesTheOperationFromWhereItIsInvoked()
    {
        // OrdersClient's constructor hands its order reader (which fetches the order) to every OrderOperation it makes.
        Assert.That(FacadeCallMap.CallsOf("Orders_Get"), Does.Contain("OrderOperation.WaitForCompletionAsync").And.Contain("OrdersClient.CreateAndWaitAsync"));
        Assert.That(FacadeCallMap.CallsOf("Orders_Get"), Does.Not.Contain("ProductsClient.ListAsync"));
    }

    [Test]
    public void OperationReach_OfTheOrderList_IncludesTheSortOrderSchemaThroughItsParameter()
    {
        var reach = OperationReach.Components(SpecDocument.Spec, "/api/v1/business/orders", "GET");

        Assert.That(reach, Does.Contain("#/components/parameters/SortOrder").And.Contain("#/components/schemas/SortOrder"));
        Assert.That(reach, Does.Contain("#/components/schemas/BusinessOrder"), "the response's item schema, through the page schema");
    }

    /// <summary>Writes artifacts/spec-update/facade-calls.json, which the update report reads.</summary>
    [Test]
    public void EveryOperation_WrittenWithItsCallsAndComponents_ForTheUpdateReport()
    {
        var operations = SpecDocument.Operations().Select(operation => new
        {
            operationId = operation.OperationId,
            method = operation.Method,
            path = operation.Path,
            pointer = OperationReach.Pointer(operation.Path, operation.Method),
            calls = FacadeCallMap.CallsOf(operation.OperationId),
            components = OperationReach.Components(SpecDocument.Spec, operation.Path, operation.Method),
        }).ToList();
        var file = RepositoryRoot.Combine("artifacts", "spec-update", "facade-calls.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, JsonSerializer.Serialize(new { operations }, Indented));

        Assert.That(operations.Where(operation => operation.calls.Count > 0), Is.Not.Empty, "no operation is reached by a public member: the IL scan is broken");
        Assert.That(JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("operations").GetArrayLength(), Is.EqualTo(operations.Count));
    }
}
