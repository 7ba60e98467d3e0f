using System.Text.RegularExpressions;

namespace UGiftMe.PackageTests.Snippets;

/// <summary>Reads the fenced C# blocks of the repository's documentation: README.md, docs/*.md, eng/package/*.md.</summary>
public static partial class MarkdownSnippets
{
    public static IReadOnlyList<string> DocumentationFiles { get; } =
    [
        "README.md",
        .. Directory.EnumerateFiles(RepositoryRoot.Combine("docs"), "*.md").Order(StringComparer.Ordinal).Select(Relative),
        .. Directory.EnumerateFiles(RepositoryRoot.Combine("eng", "package"), "*.md").Order(StringComparer.Ordinal).Select(Relative),
    ];

    public static IEnumerable<DocumentationSnippet> All() => DocumentationFiles.SelectMany(ReadFile);

    public static IEnumerable<DocumentationSnippet> ReadFile(string relativePath) =>
        Read(relativePath, File.ReadAllText(RepositoryRoot.Combine(relativePath.Split('/'))));

    /// <summary>
    /// The first C# block under the file's "## Quick start" heading: the code a new user pastes into a console app.
    /// </summary>
    public static DocumentationSnippet QuickStart(string relativePath = "README.md") => Under(relativePath, "## Quick start");

    /// <summary>The first C# block under <paramref name="heading"/> (a whole line of the file, e.g. <c>## Time you control</c>).</summary>
    public static DocumentationSnippet Under(string relativePath, string heading)
    {
        var markdown = File.ReadAllText(RepositoryRoot.Combine(relativePath.Split('/')));
        var found = Regex.Match(markdown, $@"^{Regex.Escape(heading)}\s*$", RegexOptions.Multiline);
        if (!found.Success)
        {
            throw new InvalidOperationException($"{relativePath} has no '{heading}' heading.");
        }
        var headingLine = markdown[..found.Index].Count(c => c == '\n') + 1;
        return Read(relativePath, markdown).FirstOrDefault(snippet => snippet.Line > headingLine)
            ?? throw new InvalidOperationException($"{relativePath} has no C# block under '{heading}'.");
    }

    public static IEnumerable<DocumentationSnippet> Read(string file, string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        string? previousText = null;
        for (var index = 0; index < lines.Length; index++)
        {
            var fence = FenceStart().Match(lines[index]);
            if (!fence.Success)
            {
                if (lines[index].Trim().Length > 0)
                {
                    previousText = lines[index].Trim();
                }
                continue;
            }

            var indent = fence.Groups["indent"].Value.Length;
            var marker = fence.Groups["fence"].Value;
            var start = index;
            var code = new List<string>();
            for (index++; index < lines.Length && !IsFenceEnd(lines[index], marker); index++)
            {
                code.Add(lines[index].Length >= indent && lines[index][..indent].Trim().Length == 0 ? lines[index][indent..] : lines[index].TrimStart());
            }

            if (CSharpLanguages.Contains(fence.Groups["language"].Value))
            {
                var comment = previousText is null ? null : SnippetComment().Match(previousText);
                var kind = comment is { Success: true } ? comment.Groups["kind"].Value : null;
                var argument = comment is { Success: true } ? comment.Groups["argument"].Value.Trim() : null;
                yield return new DocumentationSnippet(
                    file,
                    start + 1,
                    string.Join('\n', code),
                    Context: kind == "context" ? argument : null,
                    NotCompiledReason: kind == "not compiled" ? argument : null);
            }
            previousText = null;
        }
    }

    private static readonly HashSet<string> CSharpLanguages = new(["csharp", "cs", "c#"], StringComparer.OrdinalIgnoreCase);

    private static bool IsFenceEnd(string line, string marker)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= marker.Length && trimmed.All(c => c == marker[0]);
    }

    private static string Relative(string path) =>
        Path.GetRelativePath(RepositoryRoot.Path, path).Replace(Path.DirectorySeparatorChar, '/');

    [GeneratedRegex(@"^(?<indent>\s*)(?<fence>`{3,}|~{3,})\s*(?<language>[^\s`]*)")]
    private static partial Regex FenceStart();

    [GeneratedRegex(@"^<!--\s*snippet:\s*(?<kind>not compiled|context)\s*,?\s*(?<argument>.*?)\s*-->$")]
    private static partial Regex SnippetComment();
}
