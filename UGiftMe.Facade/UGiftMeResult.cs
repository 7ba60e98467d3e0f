namespace UGiftMe;

/// <summary>A call's result: the value and the response metadata (status, idempotency key, retries, rate limit).</summary>
/// <typeparam name="T">The response body's model.</typeparam>
public sealed class UGiftMeResult<T>
{
    /// <summary>Creates a result; public so tests can fake the client.</summary>
    public UGiftMeResult(T value, ResponseMetadata metadata)
    {
        Value = value;
        Metadata = metadata ?? throw new ArgumentNullException(nameof(metadata));
    }

    /// <summary>The response body.</summary>
    public T Value { get; }

    /// <summary>The response metadata.</summary>
    public ResponseMetadata Metadata { get; }

    /// <summary>The value, so a result can be used where the model is expected.</summary>
    public static implicit operator T(UGiftMeResult<T> result) => result is null ? throw new ArgumentNullException(nameof(result)) : result.Value;

    /// <summary>The value (for languages without implicit conversions).</summary>
    public T ToValue() => Value;
}
