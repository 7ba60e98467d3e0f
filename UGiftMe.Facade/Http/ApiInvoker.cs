using UGiftMe.Models;

namespace UGiftMe;

/// <summary>Runs one generated-client call inside a request scope and wraps its result with the call's metadata.</summary>
internal sealed class ApiInvoker(ClientState state)
{
    public ClientState State { get; } = state;

    public async Task<UGiftMeResult<T>> SendAsync<T>(Func<CancellationToken, Task<ApiResponse<T>>> call, CancellationToken cancellationToken)
    {
        using var scope = RequestContext.Begin();
        try
        {
            var response = await call(cancellationToken).ConfigureAwait(false);
            return new UGiftMeResult<T>(response.Result, ResponseMetadata.From(response.StatusCode, response.Headers, scope.Context));
        }
        catch (ApiException unreadable)
        {
            throw Unreadable(unreadable, scope.Context);
        }
    }

    public async Task<ResponseMetadata> SendAsync(Func<CancellationToken, Task<ApiResponse>> call, CancellationToken cancellationToken)
    {
        using var scope = RequestContext.Begin();
        try
        {
            var response = await call(cancellationToken).ConfigureAwait(false);
            return ResponseMetadata.From(response.StatusCode, response.Headers, scope.Context);
        }
        catch (ApiException unreadable)
        {
            throw Unreadable(unreadable, scope.Context);
        }
    }

    // Error statuses never reach the generated client (ErrorMappingHandler throws first), so an ApiException here means
    // a 2xx whose body could not be read as the documented model.
    private UGiftMeException Unreadable(ApiException exception, RequestContext call)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in exception.Headers)
        {
            headers[name] = values.ToArray();
        }

        var context = new ErrorContext
        {
            StatusCode = exception.StatusCode,
            RawBody = State.Redactor.Redact(exception.Response),
            Headers = headers,
            IdempotencyKey = call.IdempotencyKey,
            RetryCount = call.RetryCount,
            RateLimit = call.RateLimit,
        };
        var firstLine = exception.Message.Split('\n')[0];
        return new UGiftMeException(
            $"UGiftMe answered {exception.StatusCode} but the body could not be read as the documented model: {State.Redactor.Redact(firstLine)}",
            context,
            State.Redactor.Redact(exception.InnerException));
    }
}
