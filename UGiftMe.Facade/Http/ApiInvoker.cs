using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// Runs one generated-client call: creates the call's <see cref="CallContext"/> (with the idempotency key the facade
/// resolved), hands the call a copy of the generated API bound to it (so its request carries the context), and wraps
/// the result with what the handler recorded in it.
/// </summary>
internal sealed class ApiInvoker(ClientState state)
{
    public ClientState State { get; } = state;

    public async Task<UGiftMeResult<T>> SendAsync<TApi, T>(TApi api, Func<TApi, CancellationToken, Task<ApiResponse<T>>> send, CancellationToken cancellationToken, string? idempotencyKey = null)
        where TApi : ICallScoped<TApi>
    {
        var call = new CallContext(idempotencyKey);
        try
        {
            var response = await send(api.For(call), cancellationToken).ConfigureAwait(false);
            return new UGiftMeResult<T>(response.Result, ResponseMetadata.From(response.StatusCode, response.Headers, call));
        }
        catch (ApiException unreadable)
        {
            throw Unreadable(unreadable, call);
        }
        finally
        {
            call.ReleaseBody();
        }
    }

    public async Task<ResponseMetadata> SendAsync<TApi>(TApi api, Func<TApi, CancellationToken, Task<ApiResponse>> send, CancellationToken cancellationToken)
        where TApi : ICallScoped<TApi>
    {
        var call = new CallContext(null);
        try
        {
            var response = await send(api.For(call), cancellationToken).ConfigureAwait(false);
            return ResponseMetadata.From(response.StatusCode, response.Headers, call);
        }
        catch (ApiException unreadable)
        {
            throw Unreadable(unreadable, call);
        }
        finally
        {
            call.ReleaseBody();
        }
    }

    // Error statuses never reach the generated client (the handler throws first), so an ApiException here means a 2xx
    // whose body is not the documented model (or a status the spec does not declare).
    private UnreadableResponseException Unreadable(ApiException exception, CallContext call) =>
        ErrorMapper.Unreadable(exception.StatusCode, exception.Headers, $"the body could not be read as the documented model ({exception.Message.Split('\n')[0]})",
            call, State, exception.InnerException);
}
