using System.IO.Compression;
using System.Xml.Linq;

namespace UGiftMe.PackageTests.Packages;

/// <summary>A .nupkg of this run's Pack, with its nuspec read.</summary>
public sealed class PackedPackage
{
    private PackedPackage(string path, XDocument nuspec)
    {
        Path = path;
        Nuspec = nuspec;
        Id = Metadata("id") ?? throw new InvalidOperationException($"{path}: the nuspec has no id.");
        Version = Metadata("version") ?? throw new InvalidOperationException($"{path}: the nuspec has no version.");
    }

    public string Path { get; }

    public XDocument Nuspec { get; }

    public string Id { get; }

    public string Version { get; }

    /// <summary>The symbols package next to it (<c>Id.Version.snupkg</c>).</summary>
    public string SymbolsPath => System.IO.Path.ChangeExtension(Path, ".snupkg");

    public IEnumerable<XElement> Dependencies => Nuspec.Descendants().Where(e => e.Name.LocalName == "dependency");

    public XElement? Element(string name) => Nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name);

    public string? Metadata(string name) => Element(name)?.Value.Trim();

    public override string ToString() => $"{Id} {Version}";

    public static PackedPackage Read(string path)
    {
        using var archive = ZipFile.OpenRead(path);
        var nuspec = archive.Entries.Single(entry => entry.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !entry.FullName.Contains('/', StringComparison.Ordinal));
        using var stream = nuspec.Open();
        return new PackedPackage(path, XDocument.Load(stream));
    }

    /// <summary>The bytes of one file in the package (or the symbols package), or null when it has none.</summary>
    public static byte[]? ReadEntry(string packagePath, string entryName)
    {
        using var archive = ZipFile.OpenRead(packagePath);
        var entry = archive.GetEntry(entryName);
        if (entry is null)
        {
            return null;
        }
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static IEnumerable<string> EntryNames(string packagePath)
    {
        using var archive = ZipFile.OpenRead(packagePath);
        return archive.Entries.Select(entry => entry.FullName).ToArray();
    }
}
