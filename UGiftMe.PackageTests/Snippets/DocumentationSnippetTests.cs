namespace UGiftMe.PackageTests.Snippets;

/// <summary>
/// Every C# block of README.md, docs/*.md and eng/package/*.md compiles against the shipping assemblies, so no
/// snippet can rot. A block compiles as the top-level statements of an ASP.NET Core app (the Web SDK's implicit
/// usings plus the usings the block shows) where the names of <see cref="SnippetCompiler.Ambient"/> exist; anything
/// else it uses, it declares, or names in a <c>&lt;!-- snippet: context Type name; ... --&gt;</c> comment right before
/// the fence. Code for a test project (the blocks of the testing docs, and any test class) compiles with a test
/// project's implicit usings instead (<see cref="SnippetCompiler.TestProjectUsings"/>), which have none of the Web
/// SDK's. A block that cannot compile on purpose says why: <c>&lt;!-- snippet: not compiled, reason --&gt;</c>.
/// </summary>
public sealed class DocumentationSnippetTests
{
    /// <summary>The documents whose every block is written for a test project (one that references UGiftMe.Testing).</summary>
    public static readonly IReadOnlyList<string> TestProjectDocuments = ["docs/testing.md", "eng/package/UGiftMe.Testing.md"];

    /// <summary>The implicit usings of the project a block is pasted into: a test project's, or an ASP.NET Core app's.</summary>
    public static IReadOnlyList<string> ImplicitUsingsFor(DocumentationSnippet snippet) =>
        TestProjectDocuments.Contains(snippet.File) || SnippetCompiler.IsTestClass(snippet)
            ? SnippetCompiler.TestProjectUsings(snippet)
            : SnippetCompiler.WebUsings;

    public static IEnumerable<TestCaseData> Snippets() =>
        MarkdownSnippets.All().Select(snippet => new TestCaseData(snippet).SetArgDisplayNames(snippet.ToString()));

    [TestCaseSource(nameof(Snippets))]
    public void Snippet_CompiledAgainstShippingAssemblies_HasNoErrors(DocumentationSnippet snippet)
    {
        if (snippet.NotCompiledReason is { } reason)
        {
            Assert.That(reason, Is.Not.Empty, $"{snippet}: a block that is not compiled must say why");
            Assert.Ignore($"Not compiled: {reason}");
        }

        var errors = SnippetCompiler.Compile(snippet, ImplicitUsingsFor(snippet), withAmbient: true);

        Assert.That(errors, Is.Empty, () => $"{snippet} does not compile:{Environment.NewLine}{SnippetCompiler.Describe(errors)}");
    }

    [TestCase("README.md")]
    [TestCase("eng/package/UGiftMe.md")]
    public void QuickStart_CompiledAsNewConsoleApp_NeedsOnlyTheUsingsItShows(string file)
    {
        var quickStart = MarkdownSnippets.QuickStart(file);

        var errors = SnippetCompiler.Compile(quickStart, SnippetCompiler.ConsoleUsings, withAmbient: false);

        Assert.That(errors, Is.Empty, () => $"{quickStart} does not compile in a console app:{Environment.NewLine}{SnippetCompiler.Describe(errors)}");
    }

    [Test]
    public void QuickStart_InReadme_ShowsAtMostTwoUsings()
    {
        var usings = MarkdownSnippets.QuickStart().Code.Split('\n').Count(line => line.StartsWith("using UGiftMe", StringComparison.Ordinal));

        Assert.That(usings, Is.InRange(1, 2), "the quick start compiles with `using UGiftMe;` plus at most one more");
    }

    [Test]
    public void DocumentationFiles_WhenRead_IncludeReadmeDocsAndPackageReadmes()
    {
        Assert.That(MarkdownSnippets.DocumentationFiles, Does.Contain("README.md").And.Contain("docs/webhooks.md").And.Contain("eng/package/UGiftMe.md"));
        Assert.That(MarkdownSnippets.All().Count(), Is.GreaterThan(10));
    }
}
