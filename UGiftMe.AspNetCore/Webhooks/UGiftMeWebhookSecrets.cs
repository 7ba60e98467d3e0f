using System.Diagnostics;

namespace UGiftMe.AspNetCore;

/// <summary>
/// Webhook secrets added while the application runs, accepted next to <see cref="UGiftMeWebhookOptions.Secrets"/>
/// from the very next delivery, without a restart: add the secret that <c>WebhooksClient.CreateAsync</c> returns
/// (once) right after storing it. Registered as a singleton by <c>AddUGiftMeWebhooks</c>; inject it. Thread-safe.
/// Secrets never appear in <see cref="ToString"/> or the debugger.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class UGiftMeWebhookSecrets
{
    private readonly Lock _lock = new();
    private string[] _secrets = [];
    private long _version;

    /// <summary>The number of secrets added and not removed.</summary>
    public int Count => Volatile.Read(ref _secrets).Length;

    /// <summary>Accepts deliveries signed with <paramref name="secret"/> from now on. Adding a secret twice is harmless.</summary>
    /// <param name="secret">The secret UGiftMe returned when the webhook was created.</param>
    /// <exception cref="ArgumentException">The secret is empty or has surrounding whitespace.</exception>
    public void Add(string secret)
    {
        _ = new WebhookVerifier(secret); // the same checks the verifier makes, with the same messages
        lock (_lock)
        {
            if (Array.IndexOf(_secrets, secret) < 0)
            {
                Volatile.Write(ref _secrets, [.. _secrets, secret]);
                _version++;
            }
        }
    }

    /// <summary>Stops accepting <paramref name="secret"/> (for example once a rotated-out webhook's retries are over).</summary>
    /// <param name="secret">A secret added before.</param>
    /// <returns>True when it was held.</returns>
    public bool Remove(string secret)
    {
        lock (_lock)
        {
            if (Array.IndexOf(_secrets, secret) < 0)
            {
                return false;
            }

            Volatile.Write(ref _secrets, [.. _secrets.Where(held => !string.Equals(held, secret, StringComparison.Ordinal))]);
            _version++;
            return true;
        }
    }

    /// <summary>Describes the store without revealing any secret.</summary>
    /// <returns>The number of secrets held.</returns>
    public override string ToString() => $"{nameof(UGiftMeWebhookSecrets)} ({Count} secret(s))";

    internal (long Version, string[] Secrets) Snapshot()
    {
        lock (_lock)
        {
            return (_version, _secrets);
        }
    }
}
