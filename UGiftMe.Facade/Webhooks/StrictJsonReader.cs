using System.Text.Json;
using Newtonsoft.Json;

namespace UGiftMe;

/// <summary>
/// Newtonsoft's view of UTF-8 JSON lexed by <see cref="Utf8JsonReader"/>, which refuses what is not strict RFC 8259
/// (invalid UTF-8, comments, trailing commas, NaN, single quotes). It also refuses what a lenient parser would read
/// one way and the payload model another: a member name twice in one object, a number outside the range of a double,
/// a value that is not text where the model reads text. Decimals are read from the number's text, never via a double.
/// On the way it records which tracked members the top-level object has, and the text of some.
/// </summary>
/// <remarks>Refusals of the JSON itself are <see cref="System.Text.Json.JsonException"/>s; refusals of a value the
/// model reads are Newtonsoft <see cref="JsonReaderException"/>s, as from Newtonsoft's own readers.</remarks>
internal sealed class StrictJsonReader : Newtonsoft.Json.JsonReader
{
    private const int Deepest = 64;
    private const int KeptNames = 256; // a reader that saw more member names than this is not read again

    private static readonly JsonReaderOptions Options = new() { MaxDepth = Deepest };

    [ThreadStatic]
    private static StrictJsonReader? t_idle; // this thread's reader that read a body to its end, to read the next one

    private readonly KnownJsonNames _known;
    private readonly int _textCount;
    private readonly int[] _openObjects = new int[Deepest + 1]; // the numbers of the open objects, outermost first
    private readonly HashSet<(int Object, string Name)> _names = []; // each object's member names, by object number
    private readonly string?[] _topLevelText;
    private readonly ulong[] _topLevelMembers; // bit i % 64 of word i / 64: the top-level object has tracked member i, not null
    private byte[] _json = [];
    private JsonReaderState _state;
    private int _consumed;
    private bool _readToEnd;
    private int _objects;
    private int _objectDepth;
    private int _topLevelMember;

    private StrictJsonReader(KnownJsonNames known)
    {
        _known = known;
        _textCount = known.TextCount;
        _topLevelText = new string?[_textCount];
        _topLevelMembers = new ulong[(known.TrackedCount + 63) / 64];
        MaxDepth = null; // the lexer's
    }

    /// <summary>
    /// A reader of <paramref name="json"/>: this thread's idle one when it has one for <paramref name="known"/>, so that
    /// a body costs neither a reader nor Newtonsoft's position stack.
    /// </summary>
    public static StrictJsonReader Over(byte[] json, KnownJsonNames known)
    {
        var reader = t_idle?._known == known ? t_idle! : new StrictJsonReader(known);
        t_idle = null;
        reader._json = json;
        reader._state = new JsonReaderState(Options);
        reader._consumed = 0;
        reader._readToEnd = false;
        reader._topLevelMember = -1;
        reader.Root = JsonTokenType.None;
        Array.Clear(reader._topLevelMembers, 0, reader._topLevelMembers.Length);
        return reader;
    }

    /// <summary>The first token of the body.</summary>
    public JsonTokenType Root { get; private set; }

    public bool HasTopLevel(string name) =>
        _known.IndexOf(name) is var index and >= 0 && index < _known.TrackedCount && (_topLevelMembers[index / 64] & (1UL << index)) != 0;

    /// <summary>The text of a top-level member whose text is recorded, if it is a JSON string.</summary>
    public string? TopLevelText(string? name) => _known.IndexOf(name) is var index and >= 0 && index < _textCount ? _topLevelText[index] : null;

    public override bool Read() => ReadToken(readsDecimal: false);

    // ISO 8601 text is read from its bytes, anything else as Newtonsoft's own readers read it.
    public override DateTimeOffset? ReadAsDateTimeOffset()
    {
        var json = new Utf8JsonReader(_json.AsSpan(_consumed), isFinalBlock: true, _state);
        if (_topLevelMember < _textCount && _topLevelMember >= 0 || !json.Read() || json.TokenType != JsonTokenType.String
            || !json.TryGetDateTimeOffset(out var date))
        {
            return base.ReadAsDateTimeOffset();
        }

        Advance(ref json);
        SetToken(JsonToken.Date, date);
        return date;
    }

    public override string? ReadAsString()
    {
        ReadToken(readsDecimal: false);
        return TokenType is JsonToken.String or JsonToken.Null or JsonToken.EndArray
            ? (string?)Value
            : throw new JsonReaderException($"'{Path}' is JSON {TokenType}, not text.", Path, 0, 0, null);
    }

    public override decimal? ReadAsDecimal()
    {
        ReadToken(readsDecimal: true);
        return TokenType switch
        {
            JsonToken.Float => (decimal)Value!,
            JsonToken.Null or JsonToken.EndArray => null,
            _ => throw new JsonReaderException($"'{Path}' is JSON {TokenType}, not a number.", Path, 0, 0, null),
        };
    }

    /// <summary>Reads what is left, so that all of the body is checked and its top-level members recorded.</summary>
    public void ReadToEnd()
    {
        while (ReadToken(readsDecimal: false))
        {
        }

        _readToEnd = true;
    }

    /// <summary>
    /// Closes the reader; one that read its body to the end (so that Newtonsoft's state is back at the top level) becomes
    /// this thread's idle reader.
    /// </summary>
    public override void Close()
    {
        base.Close();
        _json = [];
        Array.Clear(_topLevelText, 0, _textCount);
        if (_readToEnd && _names.Count <= KeptNames)
        {
            _names.Clear();
            t_idle = this;
        }
    }

    private bool ReadToken(bool readsDecimal)
    {
        var json = new Utf8JsonReader(_json.AsSpan(_consumed), isFinalBlock: true, _state);
        if (!json.Read())
        {
            return false;
        }

        var topLevelMember = Advance(ref json);
        switch (json.TokenType)
        {
            case JsonTokenType.StartObject:
                _openObjects[_objectDepth++] = ++_objects;
                SetToken(JsonToken.StartObject);
                break;
            case JsonTokenType.EndObject:
                _objectDepth--;
                SetToken(JsonToken.EndObject);
                break;
            case JsonTokenType.StartArray:
                SetToken(JsonToken.StartArray);
                break;
            case JsonTokenType.EndArray:
                SetToken(JsonToken.EndArray);
                break;
            case JsonTokenType.PropertyName:
                SetToken(JsonToken.PropertyName, MemberName(ref json));
                break;
            case JsonTokenType.Null:
                SetToken(JsonToken.Null);
                break;
            case JsonTokenType.True or JsonTokenType.False:
                SetToken(JsonToken.Boolean, json.TokenType == JsonTokenType.True);
                break;
            case JsonTokenType.String:
                var recorded = topLevelMember >= 0 && topLevelMember < _textCount;
                var text = recorded && !json.ValueIsEscaped && _known.IndexOf(json.ValueSpan) is var known and >= 0 ? _known[known] : Text(ref json);
                if (recorded)
                {
                    _topLevelText[topLevelMember] = text;
                }

                SetToken(JsonToken.String, text);
                break;
            default:
                if (!json.TryGetDouble(out var number) || double.IsInfinity(number))
                {
                    throw new System.Text.Json.JsonException("a number is outside the range of a double.");
                }

                if (readsDecimal)
                {
                    SetToken(JsonToken.Float, json.TryGetDecimal(out var exact)
                        ? exact
                        : throw new JsonReaderException($"'{Path}' is outside the range of a decimal.", Path, 0, 0, null));
                }
                else if (json.TryGetInt64(out var integer))
                {
                    SetToken(JsonToken.Integer, integer);
                }
                else
                {
                    SetToken(JsonToken.Float, number);
                }

                break;
        }

        return true;
    }

    // Moves past the token just read; returns the tracked top-level member it is the value of, if any.
    private int Advance(ref Utf8JsonReader json)
    {
        if (_consumed == 0)
        {
            Root = json.TokenType;
        }

        _consumed += (int)json.BytesConsumed;
        _state = json.CurrentState;
        var topLevelMember = _topLevelMember;
        _topLevelMember = -1;
        if (topLevelMember >= 0 && json.TokenType != JsonTokenType.Null)
        {
            _topLevelMembers[topLevelMember / 64] |= 1UL << topLevelMember;
        }

        return topLevelMember;
    }

    private string MemberName(ref Utf8JsonReader json)
    {
        var known = json.ValueIsEscaped ? -1 : _known.IndexOf(json.ValueSpan);
        var name = known >= 0 ? _known[known] : Text(ref json);
        if (json.CurrentDepth == 1 && Root == JsonTokenType.StartObject)
        {
            known = known >= 0 ? known : _known.IndexOf(name);
            _topLevelMember = known < _known.TrackedCount ? known : -1;
        }

        return _names.Add((_openObjects[_objectDepth - 1], name))
            ? name
            : throw new System.Text.Json.JsonException($"the member name '{name}' appears twice in one object.");
    }

    private static string Text(ref Utf8JsonReader json)
    {
        try
        {
            return json.GetString()!;
        }
        catch (InvalidOperationException e) // invalid UTF-8, or an escaped lone surrogate
        {
            throw new System.Text.Json.JsonException(e.Message, e);
        }
    }
}
