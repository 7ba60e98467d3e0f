using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace UGiftMe.PackageTests.Snippets;

/// <summary>
/// Compiles a documentation snippet as the top-level statements of an app (Roslyn, against the assemblies this test
/// runs with: the .NET and ASP.NET Core frameworks and the SDK's shipping assemblies). The snippet's own using
/// directives come first; then the declarations of its <c>snippet: context</c> comment; then the rest, mapped back to
/// the Markdown file's lines so a failure says <c>README.md(42,5)</c>.
/// </summary>
public static partial class SnippetCompiler
{
    /// <summary>The implicit usings of a <c>dotnet new console</c> app (Microsoft.NET.Sdk).</summary>
    public static readonly IReadOnlyList<string> ConsoleUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>The implicit usings of a <c>dotnet new web</c> app (Microsoft.NET.Sdk.Web).</summary>
    public static readonly IReadOnlyList<string> WebUsings =
    [
        .. ConsoleUsings,
        "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    /// <summary>
    /// Names a snippet may use without declaring them, because the docs around every snippet give them one meaning:
    /// the SDK client, a cancellation token, an ASP.NET Core app being built, its services and configuration, a logger.
    /// A snippet's own declaration of the same name wins (a local shadows these imported fields).
    /// </summary>
    public const string Ambient = """
        internal static class SnippetAmbient
        {
            public static UGiftMe.UGiftMeClient client = null!;
            public static System.Threading.CancellationToken ct;
            public static System.Threading.CancellationToken cancellationToken;
            public static Microsoft.AspNetCore.Builder.WebApplicationBuilder builder = null!;
            public static Microsoft.AspNetCore.Builder.WebApplication app = null!;
            public static Microsoft.Extensions.DependencyInjection.IServiceCollection services = null!;
            public static Microsoft.Extensions.Configuration.IConfiguration configuration = null!;
            public static Microsoft.Extensions.Logging.ILogger logger = null!;
        }
        """;

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp14);

    /// <summary>Compiles <paramref name="snippet"/> and returns its errors (none when it compiles).</summary>
    /// <param name="snippet">The block to compile.</param>
    /// <param name="implicitUsings">The project's implicit usings (<see cref="ConsoleUsings"/>, <see cref="WebUsings"/> or <see cref="TestProjectUsings"/>).</param>
    /// <param name="withAmbient">Whether the <see cref="Ambient"/> names are available.</param>
    public static IReadOnlyList<Diagnostic> Compile(DocumentationSnippet snippet, IReadOnlyList<string> implicitUsings, bool withAmbient) =>
        Errors(CreateCompilation(snippet, implicitUsings, withAmbient, runnable: false));

    /// <summary>
    /// Compiles <paramref name="snippet"/> as <see cref="Compile"/> does, except that the names of its context comment
    /// take their values from <c>SnippetContext.Values</c> instead of <c>default</c>: what <see cref="SnippetRunner"/> runs.
    /// </summary>
    public static CSharpCompilation CompileRunnable(DocumentationSnippet snippet, IReadOnlyList<string> implicitUsings, bool withAmbient) =>
        CreateCompilation(snippet, implicitUsings, withAmbient, runnable: true);

    public static IReadOnlyList<Diagnostic> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();

    /// <summary>
    /// The implicit usings of a test project: those of Microsoft.NET.Sdk (<see cref="ConsoleUsings"/>) and the global
    /// using the <c>dotnet new xunit</c>, <c>nunit</c> or <c>mstest</c> project adds for its framework, the one whose
    /// attributes the block uses. Nothing of the Web SDK: a block that needs <c>Microsoft.Extensions.DependencyInjection</c>
    /// (or any other namespace) in a test project must show its using.
    /// </summary>
    public static IReadOnlyList<string> TestProjectUsings(DocumentationSnippet snippet)
    {
        ArgumentNullException.ThrowIfNull(snippet);
        var framework = TestFrameworkNamespaces.FirstOrDefault(f => f.Attributes.Any(a => Regex.IsMatch(snippet.Code, $@"\[{a}[\](]"))).Namespace;
        return framework is null ? ConsoleUsings : [.. ConsoleUsings, framework];
    }

    /// <summary>Whether the block is test code: it declares a test class (xUnit, NUnit or MSTest attributes).</summary>
    public static bool IsTestClass(DocumentationSnippet snippet) => TestProjectUsings(snippet).Count > ConsoleUsings.Count;

    private static readonly (string Namespace, string[] Attributes)[] TestFrameworkNamespaces =
    [
        ("Xunit", ["Fact", "Theory"]),
        ("NUnit.Framework", ["Test", "TestCase", "TestFixture", "SetUp", "OneTimeSetUp"]),
        ("Microsoft.VisualStudio.TestTools.UnitTesting", ["TestClass", "TestMethod", "DataTestMethod"]),
    ];

    private const string RunnableContext = """
        internal static class SnippetContext
        {
            public static readonly System.Collections.Generic.Dictionary<string, object?> Values = new();
        }
        """;

    private static CSharpCompilation CreateCompilation(DocumentationSnippet snippet, IReadOnlyList<string> implicitUsings, bool withAmbient, bool runnable)
    {
        var program = ProgramSource(snippet, runnable);
        var support = new StringBuilder();
        foreach (var ns in implicitUsings)
        {
            support.Append("global using global::").Append(ns).AppendLine(";");
        }
        if (withAmbient)
        {
            support.AppendLine("global using static SnippetAmbient;").AppendLine(Ambient);
        }
        if (runnable)
        {
            support.AppendLine(RunnableContext);
        }

        var programTree = CSharpSyntaxTree.ParseText(program, ParseOptions, path: snippet.File, encoding: Encoding.UTF8);
        // A block that only declares types (a test class) is a library; one with statements is a program.
        var kind = programTree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any()
            ? OutputKind.ConsoleApplication
            : OutputKind.DynamicallyLinkedLibrary;
        return CSharpCompilation.Create(
            "Snippet" + (runnable ? Guid.NewGuid().ToString("N") : ""),
            [
                programTree,
                CSharpSyntaxTree.ParseText(support.ToString(), ParseOptions, path: "ImplicitUsings.g.cs", encoding: Encoding.UTF8),
            ],
            References.Value,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>The program file: the snippet's using directives, its context declarations, then its code.</summary>
    /// <param name="snippet">The block.</param>
    /// <param name="runnable">Whether the context's names read their values from <c>SnippetContext.Values</c> (else <c>default</c>).</param>
    public static string ProgramSource(DocumentationSnippet snippet, bool runnable = false)
    {
        var lines = snippet.Code.Split('\n');
        var usingCount = 0;
        while (usingCount < lines.Length && (UsingDirective().IsMatch(lines[usingCount]) || lines[usingCount].Trim().Length == 0))
        {
            usingCount++;
        }

        var source = new StringBuilder();
        source.AppendLine(CultureInvariant($"#line {snippet.FirstCodeLine} \"{snippet.File}\""));
        foreach (var line in lines.Take(usingCount))
        {
            source.AppendLine(line);
        }
        if (snippet.Context is { } context)
        {
            source.AppendLine(CultureInvariant($"#line {snippet.Line - 1} \"{snippet.File}\""));
            foreach (var declaration in context.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var type = declaration[..declaration.LastIndexOf(' ')];
                var name = declaration[(declaration.LastIndexOf(' ') + 1)..];
                source.Append(declaration).Append(runnable ? $" = ({type})SnippetContext.Values[\"{name}\"]!; " : " = default!; ");
            }
            source.AppendLine();
        }
        source.AppendLine(CultureInvariant($"#line {snippet.FirstCodeLine + usingCount} \"{snippet.File}\""));
        foreach (var line in lines.Skip(usingCount))
        {
            source.AppendLine(line);
        }
        return source.ToString();
    }

    public static string Describe(IEnumerable<Diagnostic> errors) =>
        string.Join(Environment.NewLine, errors.Select(error =>
        {
            var span = error.Location.GetMappedLineSpan();
            return CultureInvariant($"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {error.Id}: {error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
        }));

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    [GeneratedRegex(@"^\s*(global\s+)?using\s+(static\s+)?[A-Za-z_][\w.]*\s*(=\s*[\w.<>, ]+)?;\s*(//.*)?$")]
    private static partial Regex UsingDirective();
}
