using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using UGiftMe.Models;

namespace UGiftMe.Tests.PublicApi;

/// <summary>
/// Every public type and member of <c>UGiftMe.Models</c> (the models NSwag generates from <c>openapi/</c>) has an XML
/// doc summary in the documentation file the build writes next to <c>UGiftMe.dll</c>, so that IntelliSense tells a user
/// what a property holds instead of leaving them to guess its name and meaning. The summaries come from the spec's
/// <c>description</c>s: a member without one is fixed in <c>openapi/</c>, not here. There are no exclusions.
/// </summary>
public sealed partial class ModelDocumentationTests
{
    private const string ModelsNamespace = "UGiftMe.Models";

    private static Assembly Models => typeof(BusinessOrder).Assembly;

    [Test]
    public void EveryPublicTypeAndMember_OfUGiftMeModels_HasAnXmlDocSummary()
    {
        var docs = XmlDocs.Load(Models);
        var audited = PublicSurface.Of(Models.GetExportedTypes().Where(t => t.Namespace == ModelsNamespace)).ToList();
        var undocumented = audited.Where(id => !docs.Documents(id)).ToList();

        TestContext.Out.WriteLine($"{audited.Count - undocumented.Count} of {audited.Count} public types and members of {ModelsNamespace} are documented.");
        foreach (var id in undocumented)
        {
            TestContext.Out.WriteLine("  undocumented: " + id);
        }

        Assert.That(audited, Has.Count.GreaterThan(250)
            .And.Contains("T:UGiftMe.Models.CreateOrderRequest")
            .And.Contains("P:UGiftMe.Models.CreateOrderRequest.ValuePurchased")
            .And.Contains("P:UGiftMe.Models.BusinessOrder.AdditionalProperties")
            .And.Contains("F:UGiftMe.Models.SortOrder.Asc"),
            "the audit walks every model, its properties, extension data and enum values");
        Assert.That(undocumented, Is.Empty,
            $"{undocumented.Count} have no XML doc summary in {docs.Path} (all are listed in the output): give their schema or property a `description` in openapi/");
    }

    [Test]
    public void Audit_ReportsExactlyTheUndocumentedMembers()
    {
        var docs = XmlDocs.Load(typeof(ModelDocumentationTests).Assembly);

        var undocumented = PublicSurface.Of([typeof(PartlyDocumented), typeof(PartlyDocumented.Nested), typeof(Undocumented), typeof(DocumentedValues)])
            .Where(id => !docs.Documents(id));

        Assert.That(undocumented, Is.EquivalentTo(new[]
        {
            "P:UGiftMe.Tests.PublicApi.ModelDocumentationTests.PartlyDocumented.Bare",
            "P:UGiftMe.Tests.PublicApi.ModelDocumentationTests.PartlyDocumented.OnlyInferred",
            "F:UGiftMe.Tests.PublicApi.ModelDocumentationTests.PartlyDocumented.Field",
            "M:UGiftMe.Tests.PublicApi.ModelDocumentationTests.PartlyDocumented.#ctor(System.String)",
            "M:UGiftMe.Tests.PublicApi.ModelDocumentationTests.PartlyDocumented.Convert(System.Collections.Generic.List{System.Decimal},System.Int32@)",
            "E:UGiftMe.Tests.PublicApi.ModelDocumentationTests.PartlyDocumented.Changed",
            "P:UGiftMe.Tests.PublicApi.ModelDocumentationTests.PartlyDocumented.Nested.Value",
            "T:UGiftMe.Tests.PublicApi.ModelDocumentationTests.Undocumented",
            "F:UGiftMe.Tests.PublicApi.ModelDocumentationTests.DocumentedValues.Second",
        }));
    }

    /// <summary>The XML documentation file the compiler wrote for an assembly, by documentation id.</summary>
    private sealed partial class XmlDocs(string path, IReadOnlyDictionary<string, XElement> members)
    {
        public string Path => path;

        public static XmlDocs Load(Assembly assembly)
        {
            var path = System.IO.Path.ChangeExtension(assembly.Location, ".xml");
            Assert.That(path, Does.Exist, $"{assembly.GetName().Name} must be built with GenerateDocumentationFile (Directory.Build.props)");
            var members = XDocument.Load(path).Descendants("member").ToDictionary(m => (string)m.Attribute("name")!);
            return new XmlDocs(path, members);
        }

        /// <summary>
        /// A summary that says something: not empty, and not only the "[inferred]" marker the spec puts in front of what
        /// the UGiftMe docs do not state. An <c>inheritdoc</c> counts, as the compiler resolves it.
        /// </summary>
        public bool Documents(string id) =>
            members.TryGetValue(id, out var member)
            && (member.Element("inheritdoc") is not null
                || Words().IsMatch(Marker().Replace(member.Element("summary")?.Value ?? "", "")));

        [GeneratedRegex(@"\[inferred[^\]]*\]", RegexOptions.IgnoreCase)]
        private static partial Regex Marker();

        [GeneratedRegex(@"\p{L}{2,}")]
        private static partial Regex Words();
    }

    /// <summary>
    /// The documentation ids (ECMA-334 annex D) of the types given and of their publicly visible members: what CS1591
    /// asks to document. Members the compiler makes up have no source to carry a doc comment and are not listed: a
    /// class's implicit parameterless constructor, and members marked [CompilerGenerated].
    /// </summary>
    private static class PublicSurface
    {
        private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

        public static IEnumerable<string> Of(IEnumerable<Type> types)
        {
            foreach (var type in types.Where(Visible))
            {
                yield return "T:" + Name(type);
                foreach (var member in type.GetMembers(Declared).Where(m => Visible(m) && !m.IsDefined(typeof(CompilerGeneratedAttribute))))
                {
                    var id = member switch
                    {
                        FieldInfo field when !field.IsSpecialName => "F:" + Name(type) + "." + field.Name,
                        PropertyInfo property => "P:" + Name(type) + "." + property.Name + Parameters(property.GetIndexParameters()),
                        EventInfo @event => "E:" + Name(type) + "." + @event.Name,
                        ConstructorInfo constructor when constructor.GetParameters().Length > 0 || !ImplicitlyDeclared(constructor) =>
                            "M:" + Name(type) + "." + (constructor.IsStatic ? "#cctor" : "#ctor") + Parameters(constructor.GetParameters()),
                        MethodInfo method when !method.IsSpecialName || method.Name.StartsWith("op_", StringComparison.Ordinal) =>
                            "M:" + Name(type) + "." + method.Name + (method.IsGenericMethodDefinition ? "``" + method.GetGenericArguments().Length : "")
                            + Parameters(method.GetParameters()),
                        _ => null,
                    };
                    if (id is not null)
                    {
                        yield return id;
                    }
                }
            }
        }

        // C# adds a public parameterless constructor to a class that declares none; it has no source and no doc
        // comment, and CS1591 does not ask for one. A constructor the source declares is audited like any member.
        private static bool ImplicitlyDeclared(ConstructorInfo constructor) =>
            !constructor.IsStatic && constructor.DeclaringType!.GetConstructors(Declared).Count(c => !c.IsStatic) == 1;

        private static bool Visible(Type type) =>
            type.IsPublic || (type.IsNestedPublic && Visible(type.DeclaringType!))
            || ((type.IsNestedFamily || type.IsNestedFamORAssem) && Visible(type.DeclaringType!));

        private static bool Visible(MemberInfo member) => member switch
        {
            FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
            MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
            PropertyInfo p => p.GetAccessors(nonPublic: true).Any(Visible),
            EventInfo e => e.AddMethod is { } add && Visible(add),
            _ => false,
        };

        private static string Parameters(ParameterInfo[] parameters) =>
            parameters.Length == 0 ? "" : "(" + string.Join(",", parameters.Select(p => Name(p.ParameterType))) + ")";

        private static string Name(Type type)
        {
            if (type.IsByRef)
            {
                return Name(type.GetElementType()!) + "@";
            }
            if (type.IsArray)
            {
                return Name(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
            }
            if (type.IsGenericParameter)
            {
                return (type.DeclaringMethod is null ? "`" : "``") + type.GenericParameterPosition;
            }

            var outer = type.IsNested ? Name(type.DeclaringType!) + "." : type.Namespace is { Length: > 0 } ns ? ns + "." : "";
            var name = type.Name;
            if (type.IsGenericType && !type.IsGenericTypeDefinition)
            {
                var arity = name.IndexOf('`', StringComparison.Ordinal);
                var own = type.GetGenericArguments().Skip(type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0);
                name = (arity < 0 ? name : name[..arity]) + "{" + string.Join(",", own.Select(Name)) + "}";
            }
            return outer + name;
        }
    }

#pragma warning disable CS1591, CA1034, CA1051, CA1822, CA1024, CA1045, CA1003, CA1002, CA1711, CS0067 // The audit's own fixtures: some members are undocumented on purpose.
    /// <summary>A documented type with undocumented members.</summary>
    public sealed class PartlyDocumented
    {
        /// <summary>Documented.</summary>
        public PartlyDocumented()
        {
        }

        public PartlyDocumented(string value) => Documented = value;

        /// <summary>A documented property.</summary>
        public string? Documented { get; set; }

        public string? Bare { get; set; }

        /// <summary>[inferred]</summary>
        public string? OnlyInferred { get; set; }

        /// <summary>[inferred] Says what it holds.</summary>
        public string? InferredWithText { get; set; }

        /// <inheritdoc cref="Documented"/>
        public string? Inherited { get; set; }

        public string? Field;

        public event EventHandler? Changed;

        public int Convert(List<decimal> values, ref int count) => values.Count + count;

        internal string? NotPublic { get; set; }

        /// <summary>A documented nested type.</summary>
        public sealed class Nested
        {
            public int Value { get; set; }
        }
    }

    public sealed class Undocumented
    {
        /// <summary>Documented member of an undocumented type.</summary>
        public int Value { get; set; }
    }

    /// <summary>An enum with one documented value.</summary>
    public enum DocumentedValues
    {
        /// <summary>Documented.</summary>
        First,
        Second,
    }
#pragma warning restore CS1591, CA1034, CA1051, CA1822, CA1024, CA1045, CA1003, CA1002, CA1711, CS0067
}
