using System.Reflection;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using UGiftMe.Tests.PublicApi;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.NetStandard.Tests;

/// <summary>
/// The netstandard2.0 builds of the multi-targeted packages have the same public API as their net10.0 builds: each is
/// checked against the snapshot UGiftMe.Tests checks the net10.0 build against (UGiftMe.Tests/PublicApi/__snapshots__).
/// The one difference allowed is in attributes netstandard2.0 does not have, which that build declares internally
/// (PublicApiGenerator shows only public attribute types): [RequiresUnreferencedCode], [RequiresDynamicCode] and
/// [ParamCollection] (a params collection). They are still on the same members, which the second test checks. Nor has
/// it RangeAttribute's MinimumIsExclusive/MaximumIsExclusive: a spec's exclusive bound that the [Range] limits cannot
/// state exactly sets them only in the .NET 8+ build, and the generated validation refuses the bound on both targets.
/// </summary>
public sealed partial class NetStandardPublicApiTests
{
    private static readonly string[] InternalOnNetStandard =
    [
        "System.Diagnostics.CodeAnalysis.RequiresUnreferencedCodeAttribute",
        "System.Diagnostics.CodeAnalysis.RequiresDynamicCodeAttribute",
        "System.Runtime.CompilerServices.ParamCollectionAttribute",
    ];

    [TestCase("UGiftMe")]
    [TestCase("UGiftMe.Redis")]
    public void PublicApi_OfTheNetStandardBuild_IsTheCommittedSnapshot(string assemblyName)
    {
        var assembly = NetStandardAssembly(assemblyName);
        var committed = File.ReadAllText(RepositoryRoot.Combine("UGiftMe.Tests", "PublicApi", "__snapshots__", $"{assemblyName}.PublicApi.snap"));

        Assert.That(Lines(PublicApiText.Render(assembly)), Is.EqualTo(Lines(WithoutInternalAttributes(committed))),
            $"the public API of the netstandard2.0 build of {assemblyName} differs from UGiftMe.Tests/PublicApi/__snapshots__/{assemblyName}.PublicApi.snap");
    }

    [TestCase("UGiftMe")]
    [TestCase("UGiftMe.Redis")]
    public void AttributesDeclaredInternally_OnTheNetStandardBuild_AreOnTheSameMembersAsInTheSnapshot(string assemblyName)
    {
        var committed = File.ReadAllText(RepositoryRoot.Combine("UGiftMe.Tests", "PublicApi", "__snapshots__", $"{assemblyName}.PublicApi.snap"));
        var expected = InternalOnNetStandard.Sum(attribute => Regex.Count(committed, $@"\[{Regex.Escape(attribute[..^"Attribute".Length])}[\(\]]"));

        var found = NetStandardAssembly(assemblyName).GetExportedTypes()
            .SelectMany(type => type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Cast<ICustomAttributeProvider>()
                .Concat(type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .Concat<MethodBase>(type.GetConstructors())
                    .SelectMany(method => method.GetParameters())))
            .Sum(member => member.GetCustomAttributes(false).Count(a => InternalOnNetStandard.Contains(a.GetType().FullName)));

        Assert.That(found, Is.EqualTo(expected), "members carrying [RequiresUnreferencedCode], [RequiresDynamicCode] or params collections");
    }

    private static Assembly NetStandardAssembly(string assemblyName)
    {
        var assembly = Assembly.Load(new AssemblyName(assemblyName));
        Assert.That(assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName, Is.EqualTo(".NETStandard,Version=v2.0"),
            "the test runs against the netstandard2.0 build");
        return assembly;
    }

    private static string WithoutInternalAttributes(string snapshot) =>
        ExclusiveRangeLimit().Replace(
            InternalAttribute().Replace(snapshot.Replace("[System.Runtime.CompilerServices.ParamCollection] ", "", StringComparison.Ordinal), ""), "");

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd().Split('\n');

    [GeneratedRegex(@"^[ \t]*\[System\.Diagnostics\.CodeAnalysis\.Requires(?:Dynamic|Unreferenced)Code\(.*?\)\]\r?\n", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex InternalAttribute();

    [GeneratedRegex(@", (?:Minimum|Maximum)IsExclusive=true")]
    private static partial Regex ExclusiveRangeLimit();
}
