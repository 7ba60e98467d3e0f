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

    // A struct over the headers' own enumerator: each pass costs what the headers' enumerator copies, and no iterator of ours.
    public Enumerator GetEnumerator() => new(headers.GetEnumerator());

    IEnumerator<KeyValuePair<string, HeaderStringValues>> IEnumerable<KeyValuePair<string, HeaderStringValues>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator(IEnumerator<KeyValuePair<string, IEnumerable<string>>> headers) : IEnumerator<KeyValuePair<string, HeaderStringValues>>
    {
        public readonly KeyValuePair<string, HeaderStringValues> Current => new(headers.Current.Key, new HeaderStringValues(headers.Current.Value));

        readonly object IEnumerator.Current => Current;

        public readonly bool MoveNext() => headers.MoveNext();

        public readonly void Reset() => headers.Reset();

        public readonly void Dispose() => headers.Dispose();
    }
}
#endif
