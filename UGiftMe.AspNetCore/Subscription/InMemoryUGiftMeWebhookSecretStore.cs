using System.Collections.Concurrent;
using System.Diagnostics;

namespace UGiftMe.AspNetCore;

/// <summary>
/// The default <see cref="IUGiftMeWebhookSecretStore"/>: secrets in this process's memory, gone when it stops (so the
/// next start subscribes anew). Never shows a secret in <see cref="ToString"/> or the debugger.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class InMemoryUGiftMeWebhookSecretStore : IUGiftMeWebhookSecretStore
{
    private readonly ConcurrentDictionary<string, string> _secrets = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public ValueTask<string?> GetAsync(string subscriptionId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_secrets.TryGetValue(subscriptionId, out var secret) ? secret : null);

    /// <inheritdoc/>
    public ValueTask SaveAsync(string subscriptionId, string secret, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        _secrets[subscriptionId] = secret;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask RemoveAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        _secrets.TryRemove(subscriptionId, out _);
        return ValueTask.CompletedTask;
    }

    /// <summary>Describes the store without revealing any secret.</summary>
    /// <returns>The number of secrets held.</returns>
    public override string ToString() => $"{nameof(InMemoryUGiftMeWebhookSecretStore)} ({_secrets.Count} secret(s))";
}
