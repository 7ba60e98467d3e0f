using System.Text;

namespace UGiftMe;

/// <summary>
/// The member names the webhook payload models know and the words that name their events, matched on their UTF-8
/// bytes so that reading one allocates no string. The first <see cref="TrackedCount"/> are the names whose presence
/// at a body's top level is recorded, and of these the first <see cref="TextCount"/> also have their text recorded.
/// </summary>
internal sealed class KnownJsonNames
{
    private readonly string[] _names;
    private readonly byte[][] _utf8;

    public KnownJsonNames(IEnumerable<string> texts, IEnumerable<string> tracked, IEnumerable<string> others)
    {
        string[] textNames = [.. texts.Distinct(StringComparer.Ordinal)];
        string[] trackedNames = [.. textNames.Concat(tracked).Distinct(StringComparer.Ordinal)];
        _names = [.. trackedNames.Concat(others).Distinct(StringComparer.Ordinal)];
        _utf8 = [.. _names.Select(Encoding.UTF8.GetBytes)];
        TextCount = textNames.Length;
        TrackedCount = trackedNames.Length;
    }

    public int TextCount { get; }

    public int TrackedCount { get; }

    public string this[int index] => _names[index];

    public int IndexOf(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < _utf8.Length; i++)
        {
            if (utf8.SequenceEqual(_utf8[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public int IndexOf(string? name) => name is null ? -1 : Array.IndexOf(_names, name);
}
