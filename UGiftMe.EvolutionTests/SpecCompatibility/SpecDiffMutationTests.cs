using System.Runtime.ExceptionServices;
using UGiftMe.Tests.SpecCompatibility;

namespace UGiftMe.EvolutionTests.SpecCompatibility;

/// <summary>
/// Feeds the spec check (eng/spec-diff.mjs over the pinned redocly diff) every mutation of our own spec and checks each
/// is classified as breaking or compatible. All mutations are checked in one batch before the cases (redocly loaded once
/// instead of started per mutation); each case asserts on its own mutation's result.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class SpecDiffMutationTests
{
    private readonly Dictionary<string, ProcessRun.Result> _results = [];

    private readonly Dictionary<string, ExceptionDispatchInfo> _notApplied = [];

    public static IEnumerable<SpecMutation> BreakingMutations() => SpecMutations.Breaking();

    public static IEnumerable<SpecMutation> CompatibleMutations() => SpecMutations.Compatible();

    [OneTimeSetUp]
    public void CheckEveryMutationInOneBatch()
    {
        var workspaces = new List<SpecDiffWorkspace>();
        try
        {
            var jobs = new List<(SpecMutation Mutation, string Baseline, string Revision)>();
            foreach (var mutation in BreakingMutations().Concat(CompatibleMutations()))
            {
                var workspace = new SpecDiffWorkspace();
                workspaces.Add(workspace);
                try
                {
                    jobs.Add((mutation, workspace.Baseline, workspace.Mutate(mutation)));
                }
                catch (Exception exception)
                {
                    // A mutation that no longer applies to the spec fails its own case, not every case.
                    _notApplied.Add(mutation.Name, ExceptionDispatchInfo.Capture(exception));
                }
            }

            var results = SpecDiffTool.RunBatch(jobs.Select(job => (job.Baseline, job.Revision, (string?)null)).ToList());
            foreach (var (job, result) in jobs.Zip(results))
            {
                _results.Add(job.Mutation.Name, result);
            }
        }
        finally
        {
            workspaces.ForEach(workspace => workspace.Dispose());
        }
    }

    [TestCaseSource(nameof(BreakingMutations))]
    public void SpecDiff_BreakingMutation_FailsNamingTheChange(SpecMutation mutation)
    {
        var result = ResultOf(mutation);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Output, Does.Contain(mutation.Rule is { } rule ? $"BREAKING  {rule}:" : "BREAKING"), result.ToString());
    }

    [TestCaseSource(nameof(CompatibleMutations))]
    public void SpecDiff_CompatibleMutation_Passes(SpecMutation mutation)
    {
        var result = ResultOf(mutation);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("no unaccepted breaking change"), result.ToString());
        Assert.That(result.Output, Does.Not.Contain("BREAKING"), result.ToString());
        Assert.That(result.Output, Does.Not.Contain("0 minor, 0 patch"), "the tool must have seen the change: " + result);
        if (mutation.Rule is { } rule)
        {
            Assert.That(result.Output, Does.Match($@"minor +\w+ {rule}:"), result.ToString());
        }
    }

    // The batch runs redocly inside its own process, found in redocly's bundle; a single run (the build's SpecDiff) starts
    // redocly. Both must print the same: a break, a compatible change with a rule of our own, a mutation of the baseline too.
    [TestCase("response field removed (Wallet.balance)")]
    [TestCase("documented error status removed (402 of POST /orders)")]
    [TestCase("default of a response member changed (OrderRequest.type single -> bulk)")]
    public void SpecDiff_MutationInABatch_PrintsWhatASingleRunPrints(string name)
    {
        var mutation = SpecMutations.Named(name);
        using var workspace = new SpecDiffWorkspace();

        var single = SpecDiffTool.Run(workspace.Baseline, workspace.Mutate(mutation));

        var batched = ResultOf(mutation);
        Assert.That(batched.ExitCode, Is.EqualTo(single.ExitCode), batched + Environment.NewLine + single);
        Assert.That(batched.Output, Is.EqualTo(single.Output), batched + Environment.NewLine + single);
    }

    private ProcessRun.Result ResultOf(SpecMutation mutation)
    {
        _notApplied.GetValueOrDefault(mutation.Name)?.Throw();
        return _results[mutation.Name];
    }
}
