using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.Json;

namespace UGiftMe.PackageTests.Packages;

/// <summary>
/// Every package has a symbols package whose PDBs a debugger can use from any machine: deterministic source paths
/// (<c>/_/...</c>, not the build machine's folders) and SourceLink to the packed commit on the repository.
/// </summary>
public sealed class PackageSymbolsTests
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    [Test]
    public void Symbols_OfEveryPackage_HaveDeterministicPathsAndSourceLinkToTheCommit()
    {
        var packages = PackedPackages.Libraries().ToArray();
        Assert.Multiple(() =>
        {
            foreach (var package in packages)
            {
                Assert.That(File.Exists(package.SymbolsPath), Is.True, $"{package}: {Path.GetFileName(package.SymbolsPath)}");
                if (!File.Exists(package.SymbolsPath))
                {
                    continue;
                }

                var dlls = PackedPackage.EntryNames(package.Path).Where(name => name.StartsWith("lib/", StringComparison.Ordinal) && name.EndsWith(".dll", StringComparison.Ordinal)).ToArray();
                Assert.That(dlls, Is.Not.Empty, $"{package}: assemblies");
                foreach (var dll in dlls)
                {
                    var pdb = PackedPackage.ReadEntry(package.SymbolsPath, Path.ChangeExtension(dll, ".pdb"));
                    Assert.That(pdb, Is.Not.Null, $"{package}: {dll} has its PDB in the symbols package");
                    if (pdb is null)
                    {
                        continue;
                    }

                    using var provider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(pdb));
                    var reader = provider.GetMetadataReader();
                    var documents = reader.Documents.Select(handle => reader.GetString(reader.GetDocument(handle).Name)).ToArray();
                    // The repository's files under /_/; the source-only Polyfill package, compiled into the netstandard2.0
                    // builds, under /_1/ (the NuGet packages folder, mapped as deterministically).
                    Assert.That(documents, Is.Not.Empty.And.All.Match("^/_/|^/_1/polyfill/"), $"{package}: {dll} source paths");

                    var sourceLink = reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition)
                        .Select(reader.GetCustomDebugInformation)
                        .Where(info => reader.GetGuid(info.Kind) == SourceLinkKind)
                        .Select(info => Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
                        .SingleOrDefault();
                    Assert.That(sourceLink, Is.Not.Null, $"{package}: {dll} has SourceLink");
                    if (sourceLink is null)
                    {
                        continue;
                    }
                    var commit = (string?)package.Element("repository")?.Attribute("commit");
                    var mapping = JsonDocument.Parse(sourceLink).RootElement.GetProperty("documents").GetProperty("/_/*").GetString();
                    Assert.That(mapping, Is.EqualTo($"https://raw.githubusercontent.com/ugiftme/ugiftme-dotnet/{commit}/*"), $"{package}: {dll} SourceLink");

                    var assembly = PackedPackage.ReadEntry(package.Path, dll)!;
                    using var pe = new PEReader(new MemoryStream(assembly));
                    var codeView = pe.ReadDebugDirectory().Single(entry => entry.Type == DebugDirectoryEntryType.CodeView);
                    Assert.That(pe.ReadCodeViewDebugDirectoryData(codeView).Path, Is.EqualTo(Path.GetFileName(Path.ChangeExtension(dll, ".pdb"))).Or.StartsWith("/_/"), $"{package}: {dll} names its PDB without the build machine's path");
                }
            }
        });
    }
}
