namespace UGiftMe.PackageTests.Snippets;

/// <summary>The snippet reader and compiler themselves: markers, context, and errors mapped to the Markdown line.</summary>
public sealed class SnippetCompilerTests
{
    private const string Markdown = """
        # Title

        ```csharp
        using UGiftMe;

        var key = IdempotencyKey.FromReference("PO-1");
        ```

        <!-- snippet: not compiled, shows only the shape of a call -->
        ```cs
        client.Orders.StartAsync(...);
        ```

        <!-- snippet: context UGiftMe.WebhookVerifier verifier; byte[] body -->
        ```csharp
        var failure = verifier.VerifySignature(body, "00");
        ```

        ```json
        { "not": "csharp" }
        ```

        ```csharp
        var broken = client.Orders.NoSuchMethodAsync();
        ```
        """;

    private static readonly DocumentationSnippet[] Snippets = [.. MarkdownSnippets.Read("doc.md", Markdown)];

    [Test]
    public void Read_MarkdownWithFourCSharpBlocks_ReturnsThemWithLinesAndMarkers()
    {
        Assert.That(Snippets.Select(s => s.Line), Is.EqualTo(new[] { 3, 10, 15, 23 }));
        Assert.That(Snippets[1].NotCompiledReason, Is.EqualTo("shows only the shape of a call"));
        Assert.That(Snippets[2].Context, Is.EqualTo("UGiftMe.WebhookVerifier verifier; byte[] body"));
        Assert.That(Snippets[0].NotCompiledReason, Is.Null);
    }

    [Test]
    public void Compile_SnippetWithItsUsings_HasNoErrors()
    {
        Assert.That(SnippetCompiler.Compile(Snippets[0], SnippetCompiler.ConsoleUsings, withAmbient: false), Is.Empty);
    }

    [Test]
    public void Compile_SnippetWithContextComment_DeclaresTheContext()
    {
        Assert.That(SnippetCompiler.Compile(Snippets[2], SnippetCompiler.ConsoleUsings, withAmbient: false), Is.Empty);
    }

    [Test]
    public void Compile_SnippetCallingMissingMember_ReportsErrorAtMarkdownLine()
    {
        var errors = SnippetCompiler.Compile(Snippets[3], SnippetCompiler.WebUsings, withAmbient: true);

        Assert.That(SnippetCompiler.Describe(errors), Does.StartWith("doc.md(24,28): CS1061"));
    }

    [Test]
    public void Compile_SnippetUsingAmbientClientWithoutAmbient_FailsOnTheName()
    {
        var errors = SnippetCompiler.Compile(Snippets[3], SnippetCompiler.WebUsings, withAmbient: false);

        Assert.That(errors.Select(e => e.Id), Does.Contain("CS0103"));
    }

    [Test]
    public void Compile_QuickStartWithoutItsUsing_FailsAsInANewConsoleApp()
    {
        var withoutUsing = Snippets[0] with { Code = "var key = IdempotencyKey.FromReference(\"PO-1\");" };

        Assert.That(SnippetCompiler.Compile(withoutUsing, SnippetCompiler.ConsoleUsings, withAmbient: false).Select(e => e.Id), Does.Contain("CS0103"));
    }

    [Test]
    public void Compile_ServiceCollectionExtensionWithoutItsUsing_FailsInATestProjectOnly()
    {
        var block = new DocumentationSnippet("doc.md", 3, "services.AddUGiftMeSandbox(sandbox);", "UGiftMe.Testing.UGiftMeSandbox sandbox", null);

        Assert.That(SnippetCompiler.Compile(block, SnippetCompiler.WebUsings, withAmbient: true), Is.Empty);
        Assert.That(SnippetCompiler.Compile(block, SnippetCompiler.TestProjectUsings(block), withAmbient: true).Select(e => e.Id), Does.Contain("CS1061"));
    }

    [TestCase("[Fact]", "Assert.True(true);", "Xunit")]
    [TestCase("[Test]", "Assert.That(true);", "NUnit.Framework")]
    [TestCase("[TestMethod]", "Assert.IsTrue(true);", "Microsoft.VisualStudio.TestTools.UnitTesting")]
    public void TestProjectUsings_OfATestClass_AddTheGlobalUsingOfItsFrameworksTemplate(string attribute, string assertion, string framework)
    {
        var block = new DocumentationSnippet("doc.md", 1, $"public sealed class T {{ {attribute} public void M() => {assertion} }}", null, null);

        Assert.That(SnippetCompiler.TestProjectUsings(block), Is.EqualTo(SnippetCompiler.ConsoleUsings.Append(framework)));
        Assert.That(SnippetCompiler.Compile(block, SnippetCompiler.TestProjectUsings(block), withAmbient: false), Is.Empty);
        Assert.That(SnippetCompiler.IsTestClass(block), Is.True);
    }

    [Test]
    public void ImplicitUsingsFor_TheTestingDocsWebhookTest_AreATestProjectsNotTheWebSdks()
    {
        var webhookTest = MarkdownSnippets.Under("docs/testing.md", "## Testing your webhook endpoint");

        Assert.That(DocumentationSnippetTests.ImplicitUsingsFor(webhookTest), Is.EqualTo(SnippetCompiler.ConsoleUsings));
        Assert.That(DocumentationSnippetTests.ImplicitUsingsFor(MarkdownSnippets.Under("docs/webhooks.md", "## ASP.NET Core: a receiver in a few lines")),
            Is.EqualTo(SnippetCompiler.WebUsings));
    }
}
