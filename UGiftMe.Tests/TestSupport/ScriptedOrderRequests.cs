using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using RichardSzalay.MockHttp;

namespace UGiftMe.Tests.TestSupport;

/// <summary>
/// Answers <c>GET /orders/order-requests/{id}</c> from a script: each poll gets the status (and result or error) the
/// script gives for that poll number and the fake time elapsed since the script started.
/// </summary>
public sealed class ScriptedOrderRequests
{
    public const string OrderRequestId = "65e4f5b6c7d8e90123456789";

    private readonly TestClock _clock;
    private readonly DateTimeOffset _startedAt;
    private readonly Func<int, TimeSpan, Step> _script;
    private int _polls;

    public ScriptedOrderRequests(MockHttpMessageHandler mock, TestClock clock, Func<int, TimeSpan, Step> script, string orderRequestId = OrderRequestId)
    {
        _clock = clock;
        _startedAt = clock.GetUtcNow();
        _script = script;
        mock.When(HttpMethod.Get, $"{TestClients.BaseUrl}/orders/order-requests/{orderRequestId}").Respond(_ => Answer(orderRequestId));
    }

    public int Polls => Volatile.Read(ref _polls);

    /// <summary>The fake time of each poll, relative to the script's start.</summary>
    public List<TimeSpan> PollTimes { get; } = [];

    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    private HttpResponseMessage Answer(string orderRequestId)
    {
        var poll = Interlocked.Increment(ref _polls);
        var elapsed = _clock.GetUtcNow() - _startedAt;
        lock (PollTimes)
        {
            PollTimes.Add(elapsed);
        }

        var step = _script(poll, elapsed);
        if (step.HttpStatus is { } failure)
        {
            return Json(failure, """{"error":"Service unavailable"}""");
        }

        var body = new JObject
        {
            ["orderRequestId"] = orderRequestId,
            ["status"] = step.Status,
            ["type"] = step.Type,
            ["createdAt"] = "2026-01-01T00:00:00.000Z",
        };
        if (step.Result is not null)
        {
            body["result"] = JToken.Parse(step.Result);
        }

        if (step.Error is not null)
        {
            body["error"] = step.Error;
        }

        return step.RetryAfter is null
            ? Json(HttpStatusCode.OK, body.ToString())
            : Json(HttpStatusCode.OK, body.ToString(), ("Retry-After", step.RetryAfter));
    }

    public sealed record Step(string Status, string? Result = null, string? Error = null, string Type = "single", HttpStatusCode? HttpStatus = null, string? RetryAfter = null)
    {
        public static Step Queued => new("queued");

        public static Step Processing => new("processing");

        public static Step Succeeded(string resultJson, string type = "single") => new("succeeded", Result: resultJson, Type: type);

        public static Step Failed(string error) => new("failed", Error: error);

        public static Step Unavailable => new("", HttpStatus: HttpStatusCode.ServiceUnavailable);
    }
}
