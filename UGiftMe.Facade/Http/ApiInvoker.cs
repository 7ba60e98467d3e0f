using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// Runs one generated-client call: creates the call's <see cref="CallContext"/> (with the idempotency key the facade
/// resolved), and wraps the result with what the handler recorded in it.
/// </summary>
internal sealed class ApiInvoker(ClientState state)
{
    // Hands the call's context to its request until the generated client is in this assembly and can attach it itself.
    private static readonly AsyncLocal<CallContext?> Handoff = new();

    public ClientState State { get; } = state;

    public async Task<UGiftMeResult<T>> SendAsync<T>(Func<CancellationToken, Task<ApiResponse<T>>> send, CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        var call = new CallContext(idempotencyKey);
        var previous = Handoff.Value;
        Handoff.Value = call;
        try
        {
            var response = await send(cancellationToken).ConfigureAwait(false);
            return new UGiftMeResult<T>(response.Result, ResponseMetadata.From(response.StatusCode, response.Headers, call));
        }
        catch (ApiException unreadable)
        {
            throw Unreadable(unreadable, call);
        }
        finally
        {
            Handoff.Value = previous;
        }
    }

    public async Task<ResponseMetadata> SendAsync(Func<CancellationToken, Task<ApiResponse>> send, CancellationToken cancellationToken)
    {
        var call = new CallContext(null);
        var previous = Handoff.Value;
        Handoff.Value = call;
        try
        {
            var response = await send(cancellationToken).ConfigureAwait(false);
            return ResponseMetadata.From(response.StatusCode, response.Headers, call);
        }
        catch (ApiException unreadable)
        {
            throw Unreadable(unreadable, call);
        }
        finally
        {
            Handoff.Value = previous;
        }
    }

    internal static CallContext? Pending => Handoff.Value;

    // Error statuses never reach the generated client (the handler throws first), so an ApiException here means a 2xx
    // whose body is not the documented model (or a status the spec does not declare).
    private UnreadableResponseException Unreadable(ApiException exception, CallContext call) =>
        ErrorMapper.Unreadable(exception.StatusCode, exception.Headers, $"the body could not be read as the documented model ({exception.Message.Split('\n')[0]})",
            call, State, exception.InnerException);
}
