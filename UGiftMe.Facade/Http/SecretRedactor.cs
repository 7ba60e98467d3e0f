using System.Text;

namespace UGiftMe;

/// <summary>
/// Masks the API key, and every webhook secret the client has been shown, in text that leaves the pipeline: the
/// handler cleans each response (reason phrase, headers, body) as it arrives, and <see cref="ErrorMapper"/> cleans the
/// text of every exception. Webhook secrets stay in successful bodies (a create returns its secret to the caller).
/// </summary>
internal sealed class SecretRedactor
{
    public const string Mask = "[REDACTED]";

    private readonly string? _apiKey;
    private readonly byte[] _apiKeyUtf8;
    private readonly Lock _gate = new();
    private string[] _secrets;

    public SecretRedactor(string? apiKey)
    {
        _apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        _apiKeyUtf8 = _apiKey is null ? [] : Encoding.UTF8.GetBytes(_apiKey);
        _secrets = _apiKey is null ? [] : [_apiKey];
    }

    /// <summary>Adds a webhook secret the client was shown, so later messages and headers mask it too.</summary>
    public void Learn(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 8)
        {
            return;
        }

        lock (_gate)
        {
            if (!_secrets.Contains(secret))
            {
                _secrets = [.. _secrets, secret];
            }
        }
    }

    public bool Shows(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (var secret in Volatile.Read(ref _secrets))
        {
            if (text.Contains(secret, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public string? Redact(string? text)
    {
        if (!Shows(text))
        {
            return text;
        }

        foreach (var secret in Volatile.Read(ref _secrets))
        {
            text = text!.Replace(secret, Mask, StringComparison.OrdinalIgnoreCase);
        }

        return text;
    }

    /// <summary>
    /// <paramref name="text"/> masked as by <see cref="Redact(string?)"/>; and when it is JSON that hides a secret behind
    /// escapes (<c>\u0061…</c>, <c>\/</c>) that only parsing undoes, the parsed JSON written back with the secret masked.
    /// </summary>
    public string? RedactJson(string? text)
    {
        text = Redact(text);
        if (string.IsNullOrEmpty(text) || _secrets.Length == 0 || text.IndexOf('\\') < 0)
        {
            return text;
        }

        try
        {
            var parsed = Newtonsoft.Json.Linq.JToken.Parse(text);
            var hidden = parsed.SelectTokens("$..*").Prepend(parsed).OfType<Newtonsoft.Json.Linq.JValue>().Where(value => value.Value is string shown && Shows(shown)).ToList();
            foreach (var value in hidden)
            {
                value.Value = Redact((string)value.Value!);
            }

            return hidden.Count == 0 ? text : parsed.ToString(Newtonsoft.Json.Formatting.None);
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return text;
        }
    }

    /// <summary><paramref name="json"/> itself, or a copy with every secret it shows masked, also one that its JSON text escapes.</summary>
    public Newtonsoft.Json.Linq.JToken? Redact(Newtonsoft.Json.Linq.JToken? json) =>
        json?.ToString(Newtonsoft.Json.Formatting.None) is { } text && RedactJson(text) is { } masked && !ReferenceEquals(masked, text)
            ? Newtonsoft.Json.Linq.JToken.Parse(masked)
            : json;

    /// <summary>The body with the API key masked; the same memory when the key is not in it (a vectorized search).</summary>
    public ReadOnlyMemory<byte> RedactApiKey(ReadOnlyMemory<byte> body)
    {
        if (_apiKey is null || body.Span.IndexOf(_apiKeyUtf8) < 0)
        {
            return body;
        }

        return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body.Span).Replace(_apiKey, Mask, StringComparison.Ordinal));
    }

    /// <summary>Masks secrets in the reason phrase and in any response or content header that shows one.</summary>
    public void Clean(HttpResponseMessage response)
    {
        if (Shows(response.ReasonPhrase))
        {
            response.ReasonPhrase = Redact(response.ReasonPhrase);
        }

        Clean(response.Headers);
        Clean(response.Content.Headers);
    }

    /// <summary>
    /// <paramref name="exception"/> itself when nothing in it (message, inner exceptions) shows a secret; otherwise a
    /// copy of the chain with secrets masked. <see cref="HttpRequestException"/> keeps its type and error code.
    /// </summary>
    public Exception? Redact(Exception? exception)
    {
        if (exception is null || !Shows(exception.ToString()))
        {
            return exception;
        }

        var inner = Redact(exception.InnerException);
        var message = Redact(exception.Message)!;
        return exception is HttpRequestException http
#if NET
            ? new HttpRequestException(http.HttpRequestError, message, inner, http.StatusCode)
#else
            ? new HttpRequestException(message, inner)
#endif
            : new RedactedException($"{exception.GetType().FullName}: {message}", inner);
    }

    private void Clean(System.Net.Http.Headers.HttpHeaders headers)
    {
        // A header whose name shows a secret is dropped: a name has no masked spelling.
        List<KeyValuePair<string, string[]?>>? dirty = null;
        foreach (var (name, values) in headers.NonValidated)
        {
            if (Shows(name))
            {
                (dirty ??= []).Add(new(name, null));
                continue;
            }

            foreach (var value in values)
            {
                if (Shows(value))
                {
                    (dirty ??= []).Add(new(name, values.Select(v => Redact(v)!).ToArray()));
                    break;
                }
            }
        }

        if (dirty is null)
        {
            return;
        }

        foreach (var (name, values) in dirty)
        {
            headers.Remove(name);
            if (values is not null)
            {
                headers.TryAddWithoutValidation(name, values);
            }
        }
    }

    /// <summary>Stands in for an exception whose text showed a secret; its message names the original type.</summary>
    private sealed class RedactedException(string message, Exception? inner) : Exception(message, inner);
}
