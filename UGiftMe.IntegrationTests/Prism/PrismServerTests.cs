using System.Net;
using System.Net.Sockets;
using UGiftMe.ContractTesting.Hosting;
using UGiftMe.ContractTesting.Prism;

namespace UGiftMe.IntegrationTests.Prism;

/// <summary>The Prism test server itself: a port taken between finding it free and Prism binding it costs a restart, not a failed test.</summary>
public sealed class PrismServerTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task StartMockAsync_PortTakenBeforePrismBindsIt_StartsOnAnotherPort(CancellationToken cancellationToken)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var offered = new List<int>();

        await using var prism = await PrismServer.StartMockAsync(PrismServer.FindBusinessApiSpec(), () =>
        {
            offered.Add(offered.Count == 0 ? takenPort : LoopbackPort.Free());
            return offered[^1];
        }, cancellationToken);

        Assert.That(offered, Has.Count.EqualTo(2), "the taken port, then another");
        Assert.That(prism.BaseAddress.Port, Is.EqualTo(offered[1]));
        using var http = new HttpClient { BaseAddress = prism.BaseAddress };
        using var answer = await http.GetAsync(new Uri("api/v1/business/products", UriKind.Relative), cancellationToken);
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the restarted mock answers: without a key, the spec's 401");
    }
}
