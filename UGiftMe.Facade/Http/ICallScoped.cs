namespace UGiftMe;

/// <summary>
/// A generated API that can be bound to one call: <see cref="ApiInvoker"/> asks for a copy bound to the call's
/// <see cref="CallContext"/>, and every request that copy builds carries the context, so the handler finds it on the
/// request. Our Client templates implement it on every generated client (UGiftMe.Generated/Templates/README.md).
/// </summary>
internal interface ICallScoped<out TApi>
{
    TApi For(CallContext call);
}
