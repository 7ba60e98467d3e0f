namespace UGiftMe.IntegrationTests.TestSupport;

/// <summary>
/// The clients' transport in front of the sandbox: with a <see cref="TestClock"/>, each request is served
/// (<see cref="TestClock.ServeRequest"/>) from the moment it is sent until its answer is read, so the clock stands
/// still meanwhile and the request reaches the sandbox and is answered at the instant the client sent it, however
/// slowly a busy machine carries it.
/// </summary>
internal sealed class InFlightHandler(HttpMessageHandler inner, TestClock? clock) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var served = clock?.ServeRequest();
        return await base.SendAsync(request, cancellationToken);
    }
}
