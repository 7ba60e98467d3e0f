using System.Text.RegularExpressions;
using System.Xml.Linq;
using UGiftMe.Tests.Regeneration;

namespace UGiftMe.EvolutionTests.Regeneration;

/// <summary>
/// Runs build.cake in the shared <see cref="RegenerationCopy"/> as a maintainer would run it in a clone: the copy's own
/// first commit is its release (eng/api-baseline.txt), so the spec diff and ApiCompat compare with the copied tree.
/// That commit is a copy of the tree this test assembly was built from, so the shipping assemblies beside it are the
/// baseline build: they stand in the copy's ApiCompat baseline folder, and the cake run skips building the baseline
/// from scratch (unless one of them is missing here).
/// </summary>
internal static class CakeInCopy
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    public static ProcessRun.Result Run(RegenerationCopy copy, params string[] arguments)
    {
        var head = ProcessRun.Run("git", copy.Root, "rev-parse", "HEAD");
        Assert.That(head.ExitCode, Is.Zero, head.ToString());
        File.WriteAllText(Path.Combine(copy.Root, "eng", "api-baseline.txt"), head.Output.Trim() + "\n");
        UseThisBuildAsTheBaseline(copy, head.Output.Trim());
        // The spec tools npm installed in this clone, if NpmInstall installed them from this package-lock.json (then it
        // skips `npm ci` in the copy too); otherwise the copy's NpmInstall installs its own (node_modules is ignored).
        var nodeModules = Path.Combine(copy.Root, "node_modules");
        if (!Directory.Exists(nodeModules) && InstalledFromThisLock(RepositoryRoot.Combine("node_modules")))
        {
            Directory.CreateSymbolicLink(nodeModules, RepositoryRoot.Combine("node_modules"));
        }
        var toolRestore = ProcessRun.Dotnet(copy.Root, "tool", "restore");
        Assert.That(toolRestore.ExitCode, Is.Zero, toolRestore.ToString());

        var run = ProcessRun.Run("dotnet", copy.Root, ["cake", .. arguments], environment: null, Timeout);
        // Cake colours the values it formats into a message; the assertions read the text.
        return run with { Output = Regex.Replace(run.Output, @"\x1B\[[0-9;]*m", "") };
    }

    /// <summary>
    /// What build.cake's ApiBaselineBuild leaves for <paramref name="commit"/> (bin/&lt;assembly&gt;/ per shipping project,
    /// and the .built mark), made of this test assembly's own folder, which holds every shipping assembly it references.
    /// </summary>
    private static void UseThisBuildAsTheBaseline(RegenerationCopy copy, string commit)
    {
        var baseline = Path.Combine(copy.Root, "artifacts", "api-baseline", commit);
        var built = Path.Combine(baseline, ".built");
        var thisBuild = AppContext.BaseDirectory;
        var assemblies = ShippingAssemblies(copy.Root).ToList();
        if (File.Exists(built) || !assemblies.All(assembly => File.Exists(Path.Combine(thisBuild, assembly + ".dll"))))
        {
            return;
        }

        foreach (var assembly in assemblies)
        {
            var folder = Path.Combine(baseline, "bin", assembly);
            Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
            Directory.CreateSymbolicLink(folder, thisBuild);
        }

        File.WriteAllText(built, commit);
    }

    /// <summary>Whether build.cake's NpmInstall stamped <paramref name="nodeModules"/> as installed from this package.json and lock.</summary>
    private static bool InstalledFromThisLock(string nodeModules)
    {
        var stamp = Path.Combine(nodeModules, ".ugiftme-npm-ci");
        var lockHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            [.. File.ReadAllBytes(RepositoryRoot.Combine("package.json")), .. File.ReadAllBytes(RepositoryRoot.Combine("package-lock.json"))]));
        return File.Exists(stamp) && File.ReadAllText(stamp) == lockHash;
    }

    /// <summary>The assembly names of the projects under <paramref name="root"/> marked IsShipping, as build.cake finds them.</summary>
    private static IEnumerable<string> ShippingAssemblies(string root) =>
        Directory.GetFiles(root, "*.csproj", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 1 })
            .Select(project => (Project: project, Xml: XDocument.Load(project)))
            .Where(p => p.Xml.Descendants("IsShipping").LastOrDefault()?.Value.Trim() == "true")
            .Select(p => p.Xml.Descendants("AssemblyName").LastOrDefault()?.Value.Trim() ?? Path.GetFileNameWithoutExtension(p.Project));
}
