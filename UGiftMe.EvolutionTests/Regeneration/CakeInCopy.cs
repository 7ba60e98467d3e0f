using System.Text.RegularExpressions;
using UGiftMe.Tests.Regeneration;

namespace UGiftMe.EvolutionTests.Regeneration;

/// <summary>
/// Runs build.cake in the shared <see cref="RegenerationCopy"/> as a maintainer would run it in a clone: the copy's own
/// first commit is its release (eng/api-baseline.txt), so the spec diff and ApiCompat compare with the copied tree.
/// </summary>
internal static class CakeInCopy
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    public static ProcessRun.Result Run(RegenerationCopy copy, params string[] arguments)
    {
        var head = ProcessRun.Run("git", copy.Root, "rev-parse", "HEAD");
        Assert.That(head.ExitCode, Is.Zero, head.ToString());
        File.WriteAllText(Path.Combine(copy.Root, "eng", "api-baseline.txt"), head.Output.Trim() + "\n");
        // The spec tools npm installed in this clone; the copy has none (node_modules is ignored), and NpmInstall skips
        // `npm ci` when they are from the same package-lock.json.
        var nodeModules = Path.Combine(copy.Root, "node_modules");
        if (!Directory.Exists(nodeModules))
        {
            Directory.CreateSymbolicLink(nodeModules, RepositoryRoot.Combine("node_modules"));
        }
        var toolRestore = ProcessRun.Dotnet(copy.Root, "tool", "restore");
        Assert.That(toolRestore.ExitCode, Is.Zero, toolRestore.ToString());

        var run = ProcessRun.Run("dotnet", copy.Root, ["cake", .. arguments], environment: null, Timeout);
        // Cake colours the values it formats into a message; the assertions read the text.
        return run with { Output = Regex.Replace(run.Output, @"\x1B\[[0-9;]*m", "") };
    }
}
