using Newtonsoft.Json;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.PublicApi;

/// <summary>
/// Money is <see cref="decimal"/> everywhere a user can touch it: generated models, webhook events, results and
/// exceptions of every shipped assembly (issue #11, point 3). The audit is run on fake types too, to show it catches
/// a double, a float, a long, a string and a list of doubles.
/// </summary>
public sealed class MonetaryMemberTests
{
    private static IReadOnlyList<SpecSchemas.Property> Spec => SpecSchemas.All;

    private static IEnumerable<Type> ShippedTypes() =>
        ShippingAssemblies.Names.Select(ShippingAssemblies.Load).SelectMany(assembly => assembly.GetExportedTypes());

    private static Type? GeneratedModel(string schema) => typeof(BusinessOrder).Assembly.GetType("UGiftMe.Models." + schema);

    [Test]
    public void SpecNumbers_AreDecimalOnTheirGeneratedModels()
    {
        var numbers = Spec.Where(p => p.Type is "number" or "array of number").Select(p => p.ToString()).ToList();
        Assert.That(numbers, Has.Count.EqualTo(15).And.Contains("WalletUpdatedEvent.availableBalance (number)")
            .And.Contains("Product.denominations (array of number)").And.Contains("InsufficientFundsError.required (number)"),
            "the audit reads every number of the spec");

        Assert.That(MonetaryMemberAudit.NonDecimalSpecNumbers(Spec, GeneratedModel), Is.Empty);
    }

    [Test]
    public void MoneyNamedMembers_OfEveryShippedAssembly_AreDecimal()
    {
        var problems = MonetaryMemberAudit.NonDecimalMoney(ShippedTypes(), Spec, out var inspected);

        TestContext.Out.WriteLine($"{inspected.Count} money-named members inspected:");
        foreach (var finding in inspected)
        {
            TestContext.Out.WriteLine("  " + finding);
        }

        Assert.That(inspected.Select(f => f.Member), Does.Contain("UGiftMe.InsufficientFundsException property Required")
            .And.Contains("UGiftMe.InsufficientFundsException..ctor parameter available")
            .And.Contains("UGiftMe.InsufficientFundsException property Shortfall")
            .And.Contains("UGiftMe.Models.WalletUpdatedEvent property AvailableBalance")
            .And.Contains("UGiftMe.Models.BulkOrderSummary property TotalValue")
            .And.Contains("UGiftMe.Models.CreateOrderRequest property ValuePurchased"),
            "models, webhook events and exceptions are all walked");
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Audit_CatchesNonDecimalMoney_AndLeavesCountsAndNonNumbersAlone()
    {
        var problems = MonetaryMemberAudit.NonDecimalMoney([typeof(FloatingMoney)], Spec, out _).Select(f => f.Member);

        Assert.That(problems, Is.EquivalentTo(new[]
        {
            $"{typeof(FloatingMoney).FullName} property Amount",
            $"{typeof(FloatingMoney).FullName} property RemainingBalance",
            $"{typeof(FloatingMoney).FullName} property Denominations",
            $"{typeof(FloatingMoney).FullName} property Balance",
            $"{typeof(FloatingMoney).FullName} field FeeInPence",
            $"{typeof(FloatingMoney).FullName} method GetPriceAsync",
            $"{typeof(FloatingMoney).FullName}.Refund parameter refundValue",
            $"{typeof(FloatingMoney).FullName}..ctor parameter discount",
        }));
    }

    [Test]
    public void Audit_CatchesASpecNumberGeneratedAsDouble()
    {
        var problems = MonetaryMemberAudit.NonDecimalSpecNumbers(
            Spec, schema => schema == nameof(BusinessOrder) ? typeof(DoubleOrder) : GeneratedModel(schema));

        Assert.That(problems, Has.Some.StartsWith("BusinessOrder.valuePurchased (number)").And.Some.StartsWith("BusinessOrder.usageLimit (number)"));
        Assert.That(problems, Has.Count.EqualTo(2), "usageLimit is not named like money; the spec's number type is what catches it");
    }

#pragma warning disable CA1034, CA1051, CA1822, CA1801, IDE0060 // public nested fakes for the audit to find
    /// <summary>Every kind of mistake the audit must report, next to members it must not.</summary>
    public sealed class FloatingMoney
    {
        public long FeeInPence;

        public FloatingMoney(double discount, decimal total)
        {
        }

        public double Amount { get; set; }

        public float? RemainingBalance { get; set; }

        public List<double> Denominations { get; set; } = [];

        public string Balance { get; set; } = "";

        public decimal? AvailableBalance { get; set; }

        public int TotalPages { get; set; }

        public TimeSpan TotalTimeout { get; set; }

        public bool IsAvailable { get; set; }

        public Task<double> GetPriceAsync() => Task.FromResult(0d);

        public void Refund(int refundValue, decimal amount)
        {
        }
    }

    /// <summary>A generated <see cref="BusinessOrder"/> as it looked before the fix: spec numbers as double.</summary>
    public sealed class DoubleOrder
    {
        [JsonProperty("valuePurchased")]
        public double? ValuePurchased { get; set; }

        [JsonProperty("usageLimit")]
        public double? UsageLimit { get; set; }
    }
#pragma warning restore CA1034, CA1051, CA1822, CA1801, IDE0060
}
