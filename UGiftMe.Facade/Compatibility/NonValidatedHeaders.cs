#if !NET
using System.Collections;

namespace System.Net.Http.Headers;

// netstandard2.0 has no HttpHeaders.NonValidated view (.NET Core 3.0+): these stand-ins give the SDK's header readers
// the same shape over the headers' string values, so they compile unchanged on both targets.

/// <summary>A header's values as strings (netstandard2.0 stand-in for the .NET type of the same name).</summary>
internal readonly struct HeaderStringValues : IReadOnlyCollection<string>
{
    private readonly string[] _values;

    public HeaderStringValues(IEnumerable<string> values) => _values = values as string[] ?? [.. values];

    public int Count => _values?.Length ?? 0;

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)(_values ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", _values ?? []);
}

/// <summary>A collection of headers as strings (netstandard2.0 stand-in for the .NET type of the same name).</summary>
internal readonly struct HttpHeadersNonValidated(HttpHeaders headers) : IReadOnlyCollection<KeyValuePair<string, HeaderStringValues>>
{
    public int Count => headers.Count();

    public bool TryGetValues(string headerName, out HeaderStringValues values)
    {
        if (headers.TryGetValues(headerName, out var found))
        {
            values = new HeaderStringValues(found);
            return true;
        }

        values = default;
        return false;
    }

    public IEnumerator<KeyValuePair<string, HeaderStringValues>> GetEnumerator() =>
        headers.Select(header => new KeyValuePair<string, HeaderStringValues>(header.Key, new HeaderStringValues(header.Value))).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
#endif
