namespace UGiftMe.IntegrationTests.TestSupport;

/// <summary>
/// Base of the end-to-end fixtures: <see cref="StartAsync"/> starts a harness that is checked against the contract
/// and stopped after each test, so no test can forget the contract check.
/// </summary>
public abstract class IntegrationTest
{
    private readonly List<SdkHarness> _harnesses = [];

    private protected async Task<SdkHarness> StartAsync(
        Action<SandboxOptions>? sandbox = null, Action<UGiftMeClientOptions>? client = null, TestClock? clock = null)
    {
        var harness = await SdkHarness.StartAsync(sandbox, client, clock);
        _harnesses.Add(harness);
        return harness;
    }

    protected static async Task<T> CatchAsync<T>(Task task)
        where T : Exception
    {
        try
        {
            await task;
        }
        catch (T expected)
        {
            return expected;
        }

        Assert.Fail($"Expected {typeof(T).Name}, but the call succeeded.");
        throw new InvalidOperationException("unreachable");
    }

    [TearDown]
    public async Task CheckContractAndStop()
    {
        try
        {
            foreach (var harness in _harnesses)
            {
                harness.AssertContractHolds();
            }
        }
        finally
        {
            foreach (var harness in _harnesses)
            {
                await harness.DisposeAsync();
            }

            _harnesses.Clear();
        }
    }
}
