using System.Numerics;
using System.Reflection;
using Newtonsoft.Json;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.PublicApi;

/// <summary>
/// Finds monetary members that are not <see cref="decimal"/>. Two rules, both from the spec and the API reference:
/// <list type="bullet">
/// <item>every schema property the spec types <c>number</c> (alone or as array items) must be a decimal on its
/// generated model (found by its JSON name, so a renamed C# property cannot hide it);</item>
/// <item>every public property, field, method or parameter of any other type whose name contains a money word must
/// not hold a non-decimal number, and one named exactly like a spec money field (<c>Balance</c>,
/// <c>AvailableBalance</c>, ...) must hold a decimal, whatever it is typed. Counts the spec types <c>integer</c>
/// (<c>Total</c>, <c>TotalPages</c>, ...) are numbers but not money.</item>
/// </list>
/// </summary>
public static class MonetaryMemberAudit
{
    /// <summary>
    /// Words of the spec's and the API reference's money fields (<c>valuePurchased</c>, <c>transactionValue</c>,
    /// <c>totalValue</c>, <c>remainingBalance</c>, <c>availableBalance</c>, <c>required</c>/<c>available</c> of a 402,
    /// <c>amount</c>, <c>denominations</c>, "discount", "funds", "debited") plus the usual ones of any payment API.
    /// </summary>
    public static readonly IReadOnlyList<string> MoneyWords =
    [
        "Amount", "Value", "Balance", "Price", "Cost", "Fee", "Total", "Required", "Available", "Discount", "Purchased",
        "Denomination", "Funds", "Debit", "Credit", "Charge", "Refund", "Spend", "Shortfall",
    ];

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly HashSet<Type> Numbers =
    [
        typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
        typeof(nint), typeof(nuint), typeof(Int128), typeof(UInt128), typeof(BigInteger), typeof(Half), typeof(float),
        typeof(double), typeof(decimal),
    ];

    /// <summary>A member the audit looked at, with the type it holds.</summary>
    public sealed record Finding(string Member, Type Type)
    {
        public override string ToString() => $"{Member}: {Type}";
    }

    /// <summary>Spec <c>number</c> properties whose generated model member is missing or not decimal.</summary>
    public static IReadOnlyList<string> NonDecimalSpecNumbers(IEnumerable<SpecSchemas.Property> spec, Func<string, Type?> modelOf)
    {
        var problems = new List<string>();
        foreach (var property in spec.Where(p => p.Type is "number" or "array of number"))
        {
            if (modelOf(property.Schema) is not { } model)
            {
                problems.Add($"{property}: no generated model {property.Schema}");
                continue;
            }

            var member = model.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => p.GetCustomAttribute<JsonPropertyAttribute>()?.PropertyName == property.JsonName);
            if (member is null)
            {
                problems.Add($"{property}: {model.FullName} has no property for it");
            }
            else if (!HoldsOnlyDecimal(member.PropertyType))
            {
                problems.Add($"{property}: {model.FullName}.{member.Name} is {member.PropertyType}");
            }
        }

        return problems;
    }

    /// <summary>
    /// Public members of <paramref name="types"/> named like money that hold a non-decimal number, or are named exactly
    /// like a spec money field and hold no decimal.
    /// </summary>
    public static IReadOnlyList<Finding> NonDecimalMoney(IEnumerable<Type> types, IReadOnlyList<SpecSchemas.Property> spec, out IReadOnlyList<Finding> inspected)
    {
        var moneyNames = spec.Where(p => p.Type is "number" or "array of number").Select(p => p.PascalName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var countNames = spec.Where(p => p.Type == "integer").Select(p => p.PascalName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var all = types.SelectMany(Members).Where(f => IsMoneyNamed(Leaf(f.Member))).ToList();
        inspected = all;
        return all.Where(finding =>
        {
            var name = Leaf(finding.Member);
            var numbers = NumbersIn(finding.Type).ToList();
            if (moneyNames.Contains(name))
            {
                return !(numbers.Count > 0 && numbers.All(t => t == typeof(decimal)));
            }

            return numbers.Any(t => t != typeof(decimal)) && !countNames.Contains(name);
        }).ToList();
    }

    private static bool IsMoneyNamed(string name) => MoneyWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));

    private static string Leaf(string member) => member[(member.LastIndexOf(' ') + 1)..];

    private static bool HoldsOnlyDecimal(Type type) => NumbersIn(type).ToList() is { Count: > 0 } numbers && numbers.All(t => t == typeof(decimal));

    /// <summary>The number types a member holds: through <see cref="Nullable{T}"/>, arrays and every generic argument.</summary>
    private static IEnumerable<Type> NumbersIn(Type type)
    {
        if (type.IsByRef || type.IsArray)
        {
            return NumbersIn(type.GetElementType()!);
        }

        if (Numbers.Contains(type))
        {
            return [type];
        }

        return type.IsGenericType ? type.GetGenericArguments().SelectMany(NumbersIn) : [];
    }

    private static IEnumerable<Finding> Members(Type type)
    {
        var owner = type.FullName!;
        foreach (var property in type.GetProperties(Declared))
        {
            yield return new($"{owner} property {property.Name}", property.PropertyType);
        }

        foreach (var field in type.GetFields(Declared).Where(f => !f.IsSpecialName))
        {
            yield return new($"{owner} field {field.Name}", field.FieldType);
        }

        foreach (var method in type.GetMethods(Declared).Where(m => !m.IsSpecialName))
        {
            yield return new($"{owner} method {method.Name}", method.ReturnType);
            foreach (var parameter in method.GetParameters())
            {
                yield return new($"{owner}.{method.Name} parameter {parameter.Name}", parameter.ParameterType);
            }
        }

        foreach (var constructor in type.GetConstructors(Declared))
        {
            foreach (var parameter in constructor.GetParameters())
            {
                yield return new($"{owner}..ctor parameter {parameter.Name}", parameter.ParameterType);
            }
        }
    }
}
