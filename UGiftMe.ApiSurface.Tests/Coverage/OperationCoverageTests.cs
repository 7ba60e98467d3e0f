using System.Reflection;
using System.Reflection.Emit;

namespace UGiftMe.Tests.PublicApi.Coverage;

/// <summary>
/// Every operation of the spec is called by the hand-written code of <c>UGiftMe</c> (the facade), or is listed here as
/// internal on purpose: a new endpoint regenerates into the internal client and builds, but no user can reach it until
/// the facade calls it. Fails with the operations nothing calls.
/// </summary>
public sealed class OperationCoverageTests
{
    /// <summary>Operations the facade does not expose on purpose, each with why.</summary>
    private static readonly IReadOnlyDictionary<string, string> InternalOnPurpose = new Dictionary<string, string>(StringComparer.Ordinal);

    private static readonly OpCode[] Calls = [OpCodes.Call, OpCodes.Callvirt, OpCodes.Newobj, OpCodes.Ldftn];

    [Test]
    public void EveryOperationInTheSpec_IsCalledByTheFacade_OrListedAsInternal()
    {
        var facade = typeof(UGiftMeClient).Assembly;
        var called = CalledGeneratedMethods(facade);

        var unreachable = SpecDocument.Operations()
            .Where(operation => !InternalOnPurpose.ContainsKey(operation.OperationId))
            .Where(operation => !called.Contains(GeneratedMethod(operation.OperationId)))
            .Select(operation => $"{operation.Method} {operation.Path} ({operation.OperationId}: {GeneratedMethod(operation.OperationId)} is never called)")
            .ToList();

        Assert.That(called, Is.Not.Empty, "the scan found no call into the generated client at all");
        Assert.That(unreachable, Is.Empty,
            "operations no facade member reaches: expose them, or list them in OperationCoverageTests.InternalOnPurpose with why");
    }

    [Test]
    public void InternalOnPurposeList_NamesOnlyOperationsOfTheSpec()
    {
        var operations = SpecDocument.Operations().Select(operation => operation.OperationId).ToHashSet(StringComparer.Ordinal);

        Assert.That(InternalOnPurpose.Keys.Where(id => !operations.Contains(id)), Is.Empty, "stale entries");
    }

    // Our Client.Class.liquid (className {controller}Api, MultipleClientsFromOperationId): the request factory of
    // "Wallet_ListTransactions" is WalletApi.BuildListTransactions; a call reaches the operation only through it.
    private static string GeneratedMethod(string operationId)
    {
        var parts = operationId.Split('_', 2);
        return $"UGiftMe.Generated.{parts[0]}Api.Build{parts[1]}";
    }

    // The generated methods the facade's own code calls, read from the IL of every method outside UGiftMe.Generated
    // (async methods included: their bodies are in compiler-generated state machines, which are scanned too).
    private static HashSet<string> CalledGeneratedMethods(Assembly facade)
    {
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var called = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in facade.GetTypes().Where(type => type.Namespace != "UGiftMe.Generated"))
        {
            foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
            {
                var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
                for (var i = 0; i + 4 < il.Length; i++)
                {
                    if (!Calls.Any(call => call.Size == 1 ? il[i] == (byte)call.Value : il[i] == 0xFE && il[i + 1] == (byte)(call.Value & 0xFF)))
                    {
                        continue;
                    }
                    var at = il[i] == 0xFE ? i + 2 : i + 1;
                    if (at + 4 > il.Length)
                    {
                        continue;
                    }
                    var target = Resolve(method.Module, BitConverter.ToInt32(il, at), method);
                    if (target?.DeclaringType is { Namespace: "UGiftMe.Generated" } generated)
                    {
                        called.Add($"{generated.FullName}.{target.Name}");
                    }
                }
            }
        }
        return called;
    }

    // A byte that only looks like a call opcode gives a token that resolves to nothing (or throws): skipped.
    private static MethodBase? Resolve(Module module, int token, MethodBase context)
    {
        try
        {
            var typeArguments = context.DeclaringType?.IsGenericType == true ? context.DeclaringType.GetGenericArguments() : null;
            var methodArguments = context.IsGenericMethod ? context.GetGenericArguments() : null;
            return module.ResolveMethod(token, typeArguments, methodArguments);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }
}
