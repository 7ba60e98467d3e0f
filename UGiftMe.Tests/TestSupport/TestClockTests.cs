namespace UGiftMe.Tests.TestSupport;

/// <summary>
/// <see cref="TestClock.RunParkedAsync(Task, Func{int})"/>: time moves only while the work under test is parked, whatever
/// thread hops a released caller makes on its way to the fake server.
/// </summary>
public sealed class TestClockTests
{
    private const int Hops = 50;

    [Test]
    public async Task RunParkedAsync_ACallerReleasedByATimer_ReachesTheServerBeforeTimeMovesAgain()
    {
        var clock = new TestClock();
        var server = new FakeServer(clock);

        // The second caller's timer is due 10 ms after the first's: moving to it before the first caller, released and
        // still hopping threads, reaches the server would make the first arrive at 110 ms.
        await clock.RunParkedAsync(Task.WhenAll(
            CallerAsync(clock, server, "first", TimeSpan.FromMilliseconds(100)),
            CallerAsync(clock, server, "second", TimeSpan.FromMilliseconds(110))));

        Assert.That(server.Arrivals, Is.EqualTo(new[] { ("first", 100d), ("second", 110d) }));
    }

    [Test]
    public async Task RunParkedAsync_WhileARequestIsBeingServed_DoesNotMoveTime()
    {
        var clock = new TestClock();
        var server = new FakeServer(clock);

        // A timer is due while the server takes many thread hops to answer; the answer is stamped as it ends.
        await clock.RunParkedAsync(Task.WhenAll(Task.Delay(TimeSpan.FromSeconds(1), clock), server.AnswerSlowlyAsync("slow")));

        Assert.That(server.Arrivals, Is.EqualTo(new[] { ("slow", 0d) }));
        Assert.That(clock.GetUtcNow() - new TestClock().GetUtcNow(), Is.EqualTo(TimeSpan.FromSeconds(1)), "the timer was reached after the answer");
    }

    private static async Task CallerAsync(TestClock clock, FakeServer server, string name, TimeSpan delay)
    {
        await Task.Delay(delay, clock);
        await HopThreadsAsync();
        server.Serve(name);
    }

    private static async Task HopThreadsAsync()
    {
        for (var hop = 0; hop < Hops; hop++)
        {
            // Through the thread pool's global queue, behind whatever the test's own loop queued meanwhile.
            await Task.Factory.StartNew(() => { }, CancellationToken.None, TaskCreationOptions.PreferFairness, TaskScheduler.Default);
        }
    }

    private sealed class FakeServer(TestClock clock)
    {
        private readonly DateTimeOffset _start = clock.GetUtcNow();

        public List<(string Caller, double AtMilliseconds)> Arrivals { get; } = [];

        public void Serve(string caller)
        {
            using var served = clock.ServeRequest();
            Record(caller);
        }

        public async Task AnswerSlowlyAsync(string caller)
        {
            using var served = clock.ServeRequest();
            await HopThreadsAsync();
            Record(caller);
        }

        private void Record(string caller)
        {
            lock (Arrivals)
            {
                Arrivals.Add((caller, (clock.GetUtcNow() - _start).TotalMilliseconds));
            }
        }
    }
}
