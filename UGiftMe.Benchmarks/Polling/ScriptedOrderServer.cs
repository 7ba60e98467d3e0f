using UGiftMe.Tests.TestSupport;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace UGiftMe.Benchmarks.Polling;

/// <summary>
/// An in-memory UGiftMe that queues every order create (202) and reports the order request as <c>processing</c>
/// until <paramref name="jobDuration"/> of fake time has passed since it was created, then <c>succeeded</c> with
/// the documented order. Records the fake time of every status poll. Each server queues under its own
/// <paramref name="orderRequestId"/>, so one application's notifier can follow many of them in turn.
/// </summary>
internal sealed class ScriptedOrderServer(TestClock clock, TimeSpan jobDuration, string orderRequestId = ScriptedOrderServer.DefaultRequestId) : HttpMessageHandler
{
    public const string DefaultRequestId = "65e4f5b6c7d8e90123456789";

    private readonly string _succeededBody =
        $$"""{"orderRequestId":"{{orderRequestId}}","status":"succeeded","type":"single","createdAt":"2026-01-01T00:00:00.000Z","result":{{DocumentedBodies.CreatedOrder}}}""";

    private DateTimeOffset? _queuedAt;

    /// <summary>How many times the order was fetched by id.</summary>
    public int OrderFetches { get; private set; }

    /// <summary>The fake time of each status poll, counted from the 202.</summary>
    public List<TimeSpan> PollTimes { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Post && path.EndsWith("/orders", StringComparison.Ordinal))
        {
            _queuedAt = clock.GetUtcNow();
            return Answer(HttpStatusCode.Accepted, $$"""{"orderRequestId":"{{orderRequestId}}","status":"queued"}""");
        }

        if (request.Method == HttpMethod.Get && path.EndsWith("/orders/order-requests/" + orderRequestId, StringComparison.Ordinal) && _queuedAt is { } queuedAt)
        {
            var elapsed = clock.GetUtcNow() - queuedAt;
            PollTimes.Add(elapsed);
            return elapsed >= jobDuration
                ? Answer(HttpStatusCode.OK, _succeededBody)
                : Answer(HttpStatusCode.OK, $$"""{"orderRequestId":"{{orderRequestId}}","status":"processing","type":"single","createdAt":"2026-01-01T00:00:00.000Z"}""");
        }

        // The order by id, as a webhook-accelerated wait fetches it (order.succeeded carries only the id).
        if (request.Method == HttpMethod.Get && path.Contains("/orders/", StringComparison.Ordinal) && !path.Contains("/order-requests/", StringComparison.Ordinal))
        {
            OrderFetches++;
            return Answer(HttpStatusCode.OK, DocumentedBodies.CreatedOrder);
        }

        return Answer(HttpStatusCode.NotFound, """{"error":"Not found"}""");
    }

    private static Task<HttpResponseMessage> Answer(HttpStatusCode status, string json)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
        return Task.FromResult(new HttpResponseMessage(status) { Content = content });
    }
}
