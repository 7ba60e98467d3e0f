using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace UGiftMe.PackageTests.Snippets;

/// <summary>
/// The NuGet packages the documentation names, in prose (<c>package `Id`</c>) and in <c>dotnet add package</c>
/// commands, and the packages this repository ships or uses itself, to check the names and versions against.
/// </summary>
public static partial class DocumentedPackages
{
    /// <summary>A package named at a line of a document; <see cref="Version"/> is the command's <c>--version</c>, if any.</summary>
    public sealed record Mention(string File, int Line, string Id, string? Version, bool IsAddCommand)
    {
        public override string ToString() => $"{File}:{Line}: {(IsAddCommand ? "dotnet add package " : "package ")}{Id}{(Version is null ? "" : $" --version {Version}")}";
    }

    public static IEnumerable<Mention> All() => MarkdownSnippets.DocumentationFiles.SelectMany(Read);

    public static IEnumerable<Mention> Read(string relativePath)
    {
        var markdown = File.ReadAllText(RepositoryRoot.Combine(relativePath.Split('/'))).ReplaceLineEndings("\n");
        int LineOf(Match match) => markdown[..match.Index].Count(c => c == '\n') + 1;
        foreach (Match named in NamedInProse().Matches(markdown))
        {
            yield return new Mention(relativePath, LineOf(named), named.Groups["id"].Value, null, IsAddCommand: false);
        }
        foreach (Match command in AddCommand().Matches(markdown))
        {
            var version = command.Groups["version"];
            yield return new Mention(relativePath, LineOf(command), command.Groups["id"].Value, version.Success ? version.Value : null, IsAddCommand: true);
        }
    }

    /// <summary>The <c>dotnet add package</c> command of <paramref name="id"/> in <paramref name="relativePath"/>, as the arguments of <c>dotnet</c>.</summary>
    public static string[] AddCommandArguments(string relativePath, string id)
    {
        var command = Read(relativePath).SingleOrDefault(m => m.IsAddCommand && m.Id == id)
            ?? throw new AssertionException($"{relativePath} has no `dotnet add package {id}` command.");
        return command.Version is null ? ["add", "package", id] : ["add", "package", id, "--version", command.Version];
    }

    /// <summary>The ids of the packages this repository ships (its projects marked IsShipping).</summary>
    public static IReadOnlySet<string> Shipped { get; } = Directory.EnumerateFiles(RepositoryRoot.Path, "*.csproj", SearchOption.AllDirectories)
        .Where(path => Path.GetRelativePath(RepositoryRoot.Path, path).Count(c => c == Path.DirectorySeparatorChar) == 1)
        .Select(XDocument.Load)
        .Where(project => project.Descendants("IsShipping").Any(e => e.Value == "true"))
        .Select(project => project.Descendants("PackageId").Select(e => e.Value).SingleOrDefault() ?? project.Descendants("AssemblyName").Single().Value)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The packages this repository builds and tests with, and their versions (Directory.Packages.props).</summary>
    public static IReadOnlyDictionary<string, string> Used { get; } = XDocument.Load(RepositoryRoot.Combine("Directory.Packages.props"))
        .Descendants("PackageVersion")
        .ToDictionary(e => (string)e.Attribute("Include")!, e => ((string)e.Attribute("Version")!).Trim('[', ']'), StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <c>--version <paramref name="requested"/></c> may restore <paramref name="version"/>: the same, or a floating version (<c>10.0.*</c>) over it.</summary>
    public static bool Admits(string requested, string version) =>
        requested == version || (requested.EndsWith('*') && version.StartsWith(requested[..^1], StringComparison.Ordinal));

    [GeneratedRegex(@"\bpackage `(?<id>[A-Za-z][\w.]*)`")]
    private static partial Regex NamedInProse();

    [GeneratedRegex(@"dotnet add package (?<id>[A-Za-z][\w.]*)(?:[ \t]+--version[ \t]+""?(?<version>[^\s""`]+)""?)?")]
    private static partial Regex AddCommand();
}
