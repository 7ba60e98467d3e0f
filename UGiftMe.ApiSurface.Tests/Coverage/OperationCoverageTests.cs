namespace UGiftMe.Tests.PublicApi.Coverage;

/// <summary>
/// Every operation of the spec is called by the hand-written code of <c>UGiftMe</c> (the facade), or is listed here as
/// internal on purpose: a new endpoint regenerates into the internal client and builds, but no user can reach it until
/// the facade calls it. Fails with the operations nothing calls.
/// </summary>
public sealed class OperationCoverageTests
{
    /// <summary>Operations the facade does not expose on purpose, each with why.</summary>
    private static readonly IReadOnlyDictionary<string, string> InternalOnPurpose = new Dictionary<string, string>(StringComparer.Ordinal);

    [Test]
    public void EveryOperationInTheSpec_IsCalledByTheFacade_OrListedAsInternal()
    {
        var called = FacadeCallMap.CalledByFacadeCode;

        var unreachable = SpecDocument.Operations()
            .Where(operation => !InternalOnPurpose.ContainsKey(operation.OperationId))
            .Where(operation => !called.Contains(FacadeCallMap.RequestFactory(operation.OperationId)))
            .Select(operation => $"{operation.Method} {operation.Path} ({operation.OperationId}: {FacadeCallMap.RequestFactory(operation.OperationId)} is never called)")
            .ToList();

        Assert.That(called, Is.Not.Empty, "the scan found no call into the generated client at all");
        Assert.That(unreachable, Is.Empty,
            "operations no facade member reaches: expose them, or list them in OperationCoverageTests.InternalOnPurpose with why");
    }

    [Test]
    public void InternalOnPurposeList_NamesOnlyOperationsOfTheSpec()
    {
        var operations = SpecDocument.Operations().Select(operation => operation.OperationId).ToHashSet(StringComparer.Ordinal);

        Assert.That(InternalOnPurpose.Keys.Where(id => !operations.Contains(id)), Is.Empty, "stale entries");
    }
}
