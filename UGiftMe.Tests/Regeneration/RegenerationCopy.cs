using System.Runtime.Loader;
using UGiftMe.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.Regeneration;

/// <summary>
/// The one copy of the working tree (tracked and new files, nothing git-ignored) that every regeneration test mutates
/// and builds. It has its own git repository: <see cref="Reset"/> puts the committed tree back between mutations while
/// <c>bin/</c> and <c>obj/</c> (ignored) survive, so each mutation costs an incremental build of the projects it needs,
/// not a cold one. One copy per test assembly: <see cref="RegenerationCopyCleanup"/> (and its twin in
/// UGiftMe.EvolutionTests) deletes it after the assembly's last test.
/// </summary>
public sealed class RegenerationCopy
{
    private static readonly Lazy<RegenerationCopy> Instance = new(() => new RegenerationCopy());
    private static readonly Lazy<ProcessRun.Result> ToolRestore = new(() => ProcessRun.Dotnet(RepositoryRoot.Path, "tool", "restore"));
    private readonly HashSet<string> _restored = new(StringComparer.Ordinal);

    private RegenerationCopy()
    {
        Root = Path.Combine(Path.GetTempPath(), "ugiftme-regeneration-" + Guid.NewGuid().ToString("N")[..12]);
        var files = ProcessRun.Run("git", RepositoryRoot.Path, "ls-files", "--cached", "--others", "--exclude-standard", "-z");
        Assert.That(files.ExitCode, Is.Zero, files.ToString());
        foreach (var relative in files.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = Path.Combine(RepositoryRoot.Path, relative);
            if (!File.Exists(source))
            {
                continue; // deleted in the working tree
            }

            var target = Path.Combine(Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }

        // The spec goes through YamlDotNet once before the commit, so a mutation's diff is the mutation, never formatting.
        SaveSpec(LoadSpec());
        BaselineSpec = Root + "-baseline.yaml";
        File.Copy(Spec, BaselineSpec);
        Git("init", "-q");
        Git("add", "-A");
        Git("-c", "user.name=regeneration", "-c", "user.email=regeneration@localhost", "commit", "-q", "--no-gpg-sign", "-m", "working tree");
    }

    public static RegenerationCopy Shared => Instance.Value;

    public string Root { get; }

    public string Spec => Path.Combine(Root, "openapi", "ugiftme-business.yaml");

    /// <summary>The copy's spec as committed (before any mutation), outside the copy so that <see cref="Reset"/> keeps it.</summary>
    public string BaselineSpec { get; }

    /// <summary>The generated client of the copy's last build of UGiftMe.Facade.</summary>
    public string GeneratedClient => File.ReadAllText(Path.Combine(Root, "UGiftMe.Generated", "obj", "NSwag", "UGiftMe.Generated.g.cs"));

    /// <summary>The generated models of the copy's last build of UGiftMe.Facade.</summary>
    public string GeneratedModels => File.ReadAllText(Path.Combine(Root, "UGiftMe.Generated", "obj", "NSwag", "UGiftMe.Models.g.cs"));

    /// <summary>Back to the copied tree: edits reverted, new files (not bin/ or obj/) removed.</summary>
    public void Reset()
    {
        Git("checkout", "-q", "--", ".");
        Git("clean", "-fdq");
    }

    public YamlStream LoadSpec()
    {
        var yaml = new YamlStream();
        using var reader = File.OpenText(Spec);
        yaml.Load(reader);
        return yaml;
    }

    /// <summary>Writes <paramref name="yaml"/> as the copy's spec, or to <paramref name="path"/>.</summary>
    public void SaveSpec(YamlStream yaml, string? path = null)
    {
        using var writer = new StreamWriter(path ?? Spec);
        yaml.Save(writer, assignAnchors: false);
    }

    /// <summary>Builds <paramref name="target"/> (a project or solution in the copy) in Release, warnings as errors.</summary>
    public ProcessRun.Result Build(string target)
    {
        // net10.0 only: the regenerated API is the same on netstandard2.0 (UGiftMe.NetStandard.Tests checks that build).
        var arguments = new List<string> { "build", target, "-c", "Release", "-nologo", "-clp:NoSummary;ErrorsOnly", "-p:TargetFrameworks=net10.0" };
        // Each target is restored by its first build: one restored project says nothing of another's packages.
        if (_restored.Contains(target))
        {
            arguments.Add("--no-restore");
        }

        var result = ProcessRun.Dotnet(Root, [.. arguments]);
        if (result.ExitCode == 0)
        {
            _restored.Add(target);
        }
        return result;
    }

    public string Assembly(string project, string assembly) =>
        Directory.GetFiles(Path.Combine(Root, project, "bin", "Release", "net10.0"), assembly + ".dll").Single();

    /// <summary>The public API snapshot text of the copy's <c>UGiftMe.dll</c> as it is built now, as the snapshot test renders it.</summary>
    public string RenderPublicApi()
    {
        // A collectible context: the copy's UGiftMe loads next to the test's own; its dependencies come from the test's.
        var context = new AssemblyLoadContext("regeneration-" + Guid.NewGuid().ToString("N")[..8], isCollectible: true);
        try
        {
            return PublicApi.PublicApiSnapshotTests.Render(context.LoadFromAssemblyPath(Assembly("UGiftMe.Facade", "UGiftMe")));
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>ApiCompat (the local tool the ApiCompat task runs) from <paramref name="left"/> to <paramref name="right"/>.</summary>
    public static ProcessRun.Result ApiCompat(string left, string right)
    {
        Assert.That(ToolRestore.Value.ExitCode, Is.Zero, ToolRestore.Value.ToString());
        return ProcessRun.Dotnet(RepositoryRoot.Path, "apicompat", "--left", left, "--right", right);
    }

    /// <summary>Deletes the copy (and its baseline spec) if this test assembly made one; for a [SetUpFixture]'s [OneTimeTearDown].</summary>
    public static void DeleteShared()
    {
        if (!Instance.IsValueCreated)
        {
            return;
        }

        var copy = Instance.Value;
        if (Directory.Exists(copy.Root))
        {
            Directory.Delete(copy.Root, recursive: true);
        }

        File.Delete(copy.BaselineSpec);
    }

    private void Git(params string[] arguments)
    {
        var result = ProcessRun.Run("git", Root, arguments);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }
}
