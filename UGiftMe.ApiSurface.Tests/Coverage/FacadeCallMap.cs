using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace UGiftMe.Tests.PublicApi.Coverage;

/// <summary>
/// Which public members of <c>UGiftMe</c> (the facade) reach each generated request factory, read from the IL: a public
/// method reaches what it calls, what its lambdas and local functions call, what its async or iterator state machine
/// calls, and so on through the facade's internal and private code.
/// </summary>
internal static class FacadeCallMap
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly OpCode[] Calls = [OpCodes.Call, OpCodes.Callvirt, OpCodes.Newobj, OpCodes.Ldftn, OpCodes.Ldvirtftn];

    private static readonly Lazy<(IReadOnlyDictionary<string, IReadOnlyList<string>> FromPublic, IReadOnlySet<string> Anywhere)> OfTheFacade =
        new(() => Build(typeof(UGiftMeClient).Assembly));

    /// <summary>Generated method (<c>UGiftMe.Generated.OrdersApi.BuildList</c>) → the public facade members that reach it (<c>OrdersClient.ListAsync</c>), sorted.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Facade => OfTheFacade.Value.FromPublic;

    /// <summary>Every generated method the facade's own code calls anywhere (a public member or not, e.g. a message handler the runtime calls).</summary>
    public static IReadOnlySet<string> CalledByFacadeCode => OfTheFacade.Value.Anywhere;

    /// <summary>
    /// The request factory NSwag generates for an operationId with our Client.Class.liquid (className {controller}Api,
    /// MultipleClientsFromOperationId): "Wallet_ListTransactions" is <c>WalletApi.BuildListTransactions</c>. A call reaches
    /// the operation only through it.
    /// </summary>
    public static string RequestFactory(string operationId)
    {
        var parts = operationId.Split('_', 2);
        return $"UGiftMe.Generated.{parts[0]}Api.Build{parts[1]}";
    }

    /// <summary>The public facade members that reach <paramref name="operationId"/>; empty when none does.</summary>
    public static IReadOnlyList<string> CallsOf(string operationId) =>
        Facade.TryGetValue(RequestFactory(operationId), out var calls) ? calls : [];

    private static (IReadOnlyDictionary<string, IReadOnlyList<string>>, IReadOnlySet<string>) Build(Assembly facade)
    {
        var methods = facade.GetTypes()
            .Where(type => type.Namespace != "UGiftMe.Generated")
            .SelectMany(type => type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
            .ToList();
        var edges = methods.ToDictionary(method => method.MetadataToken, _ => new HashSet<int>());
        var generatedCalls = methods.ToDictionary(method => method.MetadataToken, _ => new HashSet<string>(StringComparer.Ordinal));

        // A delegate a constructor makes runs later, where it is invoked (a reader handed to an operation): a method that
        // invokes a delegate type reaches every facade method a constructor made a delegate of that type from. (A delegate
        // a method makes, a lambda passed on at once, is reached from that method directly.)
        var delegatesMade = new List<(Type Type, int Method)>();
        var invokedTypes = methods.ToDictionary(method => method.MetadataToken, _ => new HashSet<Type>());
        foreach (var method in methods)
        {
            MethodBase? function = null;
            foreach (var (opCode, target) in CalledMethods(method))
            {
                var delegateType = target.DeclaringType is { } type && typeof(Delegate).IsAssignableFrom(type) ? type : null;
                if (delegateType is not null && opCode == OpCodes.Newobj && function is not null && method.IsConstructor && edges.ContainsKey(function.MetadataToken) && function.Module == facade.ManifestModule)
                {
                    delegatesMade.Add((delegateType, function.MetadataToken));
                }
                else if (delegateType is not null && target.Name == "Invoke")
                {
                    invokedTypes[method.MetadataToken].Add(delegateType);
                }
                function = opCode == OpCodes.Ldftn || opCode == OpCodes.Ldvirtftn ? target : null;
                if (target.DeclaringType is { Namespace: "UGiftMe.Generated" } generated)
                {
                    generatedCalls[method.MetadataToken].Add($"{generated.FullName}.{target.Name}");
                }
                // A constructor that makes a delegate does not run it: only the delegate's invokers reach it.
                else if (target.Module == facade.ManifestModule && edges.ContainsKey(target.MetadataToken) && !(method.IsConstructor && function is not null))
                {
                    edges[method.MetadataToken].Add(target.MetadataToken);
                }
            }
            // An async or iterator method's body is its state machine's MoveNext.
            if (method.GetCustomAttribute<StateMachineAttribute>()?.StateMachineType.GetMethod("MoveNext", Declared) is { } moveNext)
            {
                edges[method.MetadataToken].Add(moveNext.MetadataToken);
            }
            // A call to a virtual or interface member of the facade may run any of its overrides there.
            if (method is MethodInfo info && info.GetBaseDefinition() is { } baseDefinition && baseDefinition.Module == facade.ManifestModule
                && baseDefinition.MetadataToken != method.MetadataToken && edges.TryGetValue(baseDefinition.MetadataToken, out var fromBase))
            {
                fromBase.Add(method.MetadataToken);
            }
        }
        foreach (var type in facade.GetTypes().Where(type => type is { IsClass: true, Namespace: not "UGiftMe.Generated" }))
        {
            foreach (var map in type.GetInterfaces().Where(face => face.Assembly == facade).Select(type.GetInterfaceMap))
            {
                for (var i = 0; i < map.InterfaceMethods.Length; i++)
                {
                    if (edges.TryGetValue(map.InterfaceMethods[i].MetadataToken, out var fromInterface) && map.TargetMethods[i].Module == facade.ManifestModule)
                    {
                        fromInterface.Add(map.TargetMethods[i].MetadataToken);
                    }
                }
            }
        }

        foreach (var (method, types) in invokedTypes)
        {
            edges[method].UnionWith(delegatesMade.Where(made => types.Any(invoked => Fits(invoked, made.Type))).Select(made => made.Method));
        }

        var reached = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var entry in methods.Where(IsPublicMember))
        {
            var name = $"{entry.DeclaringType!.Name.Split('`')[0]}.{entry.Name}";
            foreach (var generated in Reachable(entry.MetadataToken, edges).SelectMany(token => generatedCalls[token]))
            {
                (reached.TryGetValue(generated, out var names) ? names : reached[generated] = new SortedSet<string>(StringComparer.Ordinal)).Add(name);
            }
        }
        return (reached.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)pair.Value.ToList(), StringComparer.Ordinal),
            generatedCalls.Values.SelectMany(calls => calls).ToHashSet(StringComparer.Ordinal));
    }

    // A public method a user calls (not a constructor, property accessor or operator).
    private static bool IsPublicMember(MethodBase method) =>
        method is MethodInfo { IsPublic: true, IsSpecialName: false, DeclaringType.IsVisible: true } && !method.IsDefined(typeof(CompilerGeneratedAttribute));

    // A delegate type invoked inside a generic type or method (Func<OrderRequest, Task<T>>) fits every delegate made
    // with a type in place of each type parameter (Func<OrderRequest, Task<BusinessOrder>>).
    private static bool Fits(Type invoked, Type made) =>
        invoked.IsGenericParameter
        || (invoked.IsGenericType
            ? made.IsGenericType && invoked.GetGenericTypeDefinition() == made.GetGenericTypeDefinition()
                && invoked.GetGenericArguments().Zip(made.GetGenericArguments()).All(pair => Fits(pair.First, pair.Second))
            : invoked == made);

    private static HashSet<int> Reachable(int start, Dictionary<int, HashSet<int>> edges)
    {
        var seen = new HashSet<int> { start };
        var pending = new Stack<int>([start]);
        while (pending.TryPop(out var method))
        {
            foreach (var next in edges[method].Where(seen.Add))
            {
                pending.Push(next);
            }
        }
        return seen;
    }

    // Every method a body calls, creates a delegate to or constructs, read from the call opcodes of its IL.
    private static IEnumerable<(OpCode OpCode, MethodBase Target)> CalledMethods(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        for (var i = 0; i + 4 < il.Length; i++)
        {
            var opCode = Calls.FirstOrDefault(call => call.Size == 1 ? il[i] == (byte)call.Value : il[i] == 0xFE && il[i + 1] == (byte)(call.Value & 0xFF));
            if (opCode.Size == 0)
            {
                continue;
            }
            var at = il[i] == 0xFE ? i + 2 : i + 1;
            if (at + 4 > il.Length)
            {
                continue;
            }
            if (Resolve(method.Module, BitConverter.ToInt32(il, at), method) is { } target)
            {
                yield return (opCode, target);
            }
        }
    }

    // A byte that only looks like a call opcode gives a token that resolves to nothing (or throws): skipped.
    private static MethodBase? Resolve(Module module, int token, MethodBase context)
    {
        try
        {
            var typeArguments = context.DeclaringType?.IsGenericType == true ? context.DeclaringType.GetGenericArguments() : null;
            var methodArguments = context.IsGenericMethod ? context.GetGenericArguments() : null;
            var method = module.ResolveMethod(token, typeArguments, methodArguments);
            return method is MethodInfo { IsGenericMethod: true } generic ? generic.GetGenericMethodDefinition() : method;
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
