using System.Diagnostics;

namespace UGiftMe;

/// <summary>
/// Outermost handler: turns every final non-2xx response and every transport failure into a
/// <see cref="UGiftMeException"/>, so the generated client never sees an error status (and never throws its own
/// ApiException), and traces the whole call.
/// </summary>
internal sealed class ErrorMappingHandler(ClientState state) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = RequestContext.For(request);
        // Nobody listening (the usual case) means no activity: skip building its name and path strings for nothing.
        using var activity = UGiftMeTelemetry.ActivitySource.HasListeners() ? StartActivity(request) : null;
        var started = state.TimeProvider.GetTimestamp();

        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is HttpRequestException or PipelineTimeoutException && !cancellationToken.IsCancellationRequested)
        {
            Complete(activity, call, request, started, statusCode: null, failure.GetType().Name);
            throw ErrorMapper.FromTransportFailure(request, failure, call, state.Redactor);
        }

        Complete(activity, call, request, started, (int)response.StatusCode, errorType: null);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw ErrorMapper.FromResponse(response, body, call, state);
        }
    }

    private static Activity? StartActivity(HttpRequestMessage request)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        var activity = UGiftMeTelemetry.ActivitySource.StartActivity($"UGiftMe {request.Method.Method} {path}", ActivityKind.Client);
        activity?.SetTag("http.request.method", request.Method.Method);
        activity?.SetTag("url.path", path);
        return activity;
    }

    private void Complete(Activity? activity, RequestContext call, HttpRequestMessage request, long started, int? statusCode, string? errorType)
    {
        // Enabled only while a meter listener collects the instrument; without one Record is a no-op anyway, and the
        // check saves boxing the status code.
        if (UGiftMeTelemetry.Duration.Enabled)
        {
            var seconds = state.TimeProvider.GetElapsedTime(started).TotalSeconds;
            UGiftMeTelemetry.Duration.Record(seconds,
                new KeyValuePair<string, object?>("http.request.method", request.Method.Method),
                new KeyValuePair<string, object?>("http.response.status_code", statusCode),
                new KeyValuePair<string, object?>("error.type", errorType));
        }

        if (activity is null)
        {
            return;
        }

        activity.SetTag("http.response.status_code", statusCode);
        activity.SetTag("ugiftme.retry_count", call.RetryCount);
        activity.SetTag("ugiftme.idempotency_key", call.IdempotencyKey);
        if (errorType is not null || statusCode is >= 400)
        {
            activity.SetTag("error.type", errorType ?? statusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
