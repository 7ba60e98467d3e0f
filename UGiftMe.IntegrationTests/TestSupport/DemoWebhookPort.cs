using UGiftMe.ContractTesting.Hosting;

namespace UGiftMe.IntegrationTests.TestSupport;

/// <summary>
/// Runs the demo the way a real account with a tunnel does: its webhook port fixed before it starts (the demo refuses
/// port 0 there). The port is found free and released (<see cref="LoopbackPort.Free"/>), and the demo binds it only
/// after its first steps, so anything binding port 0 meanwhile (other test projects, side by side in CI) may take it.
/// The demo then ends, before it subscribes anything, with its unexpected-failure line naming that port
/// (<see cref="TakenPortVerdict"/>); only that run is run again, on another port, up to five times
/// (<see cref="LoopbackPort.StartAsync{T}"/>). Any other outcome is returned as it is, for the test to assert.
/// </summary>
internal static class DemoWebhookPort
{
    /// <summary>Runs <paramref name="runDemo"/> with a webhook port from <paramref name="choosePort"/> (default <see cref="LoopbackPort.Free"/>), again on another while the port was taken.</summary>
    /// <param name="runDemo">Runs the demo with the given webhook port, writing to the given output; returns its exit code.</param>
    /// <param name="choosePort">Where each attempt's port comes from.</param>
    /// <returns>The exit code, the output and the port of the first run that did not fail on a taken port.</returns>
    /// <exception cref="LoopbackPortTakenException">Every attempt's port was taken.</exception>
    public static Task<(int ExitCode, string Output, int Port)> RunAsync(Func<int, TextWriter, Task<int>> runDemo, Func<int>? choosePort = null) =>
        LoopbackPort.StartAsync(async port =>
        {
            using var output = new StringWriter();
            var exitCode = await runDemo(port, output);
            var text = output.ToString();
            if (exitCode == 1 && Verdict(text) == TakenPortVerdict(port))
            {
                TestContext.Out.WriteLine($"Webhook port {port} was taken before the demo bound it (LoopbackPort.StartAsync tries another, up to five in all).");
                throw new LoopbackPortTakenException($"The demo could not listen on webhook port {port}:{Environment.NewLine}{text}");
            }

            return (exitCode, text, port);
        }, choosePort);

    /// <summary>
    /// The demo's last line when its receiver could not bind <paramref name="port"/> (Kestrel's IOException, reported by
    /// DemoRunner's catch-all): the only failure that is run again.
    /// </summary>
    /// <param name="port">The webhook port.</param>
    /// <returns>The line.</returns>
    public static string TakenPortVerdict(int port) =>
        $"Demo failed on something it did not expect (IOException): Failed to bind to address http://127.0.0.1:{port}: address already in use.";

    // The final paragraph (after the last blank line) is the demo's verdict.
    private static string Verdict(string text) => text.ReplaceLineEndings("\n").TrimEnd().Split("\n\n")[^1];
}
