namespace UGiftMe.PackageTests.Snippets;

/// <summary>
/// One fenced C# block of a Markdown file: its code, where it starts, and what the HTML comment right before the fence
/// says about it (<c>&lt;!-- snippet: not compiled, reason --&gt;</c> or <c>&lt;!-- snippet: context Type name, ... --&gt;</c>).
/// </summary>
public sealed record DocumentationSnippet(string File, int Line, string Code, string? Context, string? NotCompiledReason)
{
    /// <summary>The 1-based line of the block's first code line, as an editor shows it.</summary>
    public int FirstCodeLine => Line + 1;

    public override string ToString() => $"{File}:{Line}";
}
