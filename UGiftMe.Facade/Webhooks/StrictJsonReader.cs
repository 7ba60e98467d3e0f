using System.Buffers;
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
    private const int ScannedNames = 16; // beyond this many members, an object's names are checked with a hash set

    private static readonly JsonReaderOptions Options = new() { MaxDepth = Deepest };

    private readonly byte[] _json;
    private readonly KnownJsonNames _known;
    private readonly int _textCount;
    private JsonReaderState _state = new(Options);
    private int _consumed;
    private int[] _objectStarts = ArrayPool<int>.Shared.Rent(Deepest + 1); // where each open object's names start
    private string?[] _topLevelText;
    private string[] _names = ArrayPool<string>.Shared.Rent(32); // the member names of the open objects
    private int _nameCount;
    private int _objectDepth;
    private HashSet<string>?[]? _largeObjects;
    private int _topLevelMember = -1;

    public StrictJsonReader(byte[] json, KnownJsonNames known)
    {
        _json = json;
        _known = known;
        _textCount = known.TextCount;
        _topLevelText = ArrayPool<string?>.Shared.Rent(_textCount);
        Array.Clear(_topLevelText, 0, _textCount);
        MaxDepth = null; // the lexer's
    }

    /// <summary>The first token of the body.</summary>
    public JsonTokenType Root { get; private set; }

    /// <summary>Bit i: the top-level object has tracked member i, not null.</summary>
    public ulong TopLevelMembers { get; private set; }

    public bool HasTopLevel(string name) => _known.IndexOf(name) is var index and >= 0 && index < 64 && (TopLevelMembers & (1UL << index)) != 0;

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
    }

    public override void Close()
    {
        base.Close();
        ArrayPool<int>.Shared.Return(_objectStarts);
        ArrayPool<string>.Shared.Return(_names, clearArray: true);
        ArrayPool<string?>.Shared.Return(_topLevelText, clearArray: true);
        _objectStarts = [];
        _names = [];
        _topLevelText = [];
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
                _objectStarts[_objectDepth++] = _nameCount;
                SetToken(JsonToken.StartObject);
                break;
            case JsonTokenType.EndObject:
                _nameCount = _objectStarts[--_objectDepth];
                if (_largeObjects is not null)
                {
                    _largeObjects[_objectDepth] = null;
                }

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
                var text = Text(ref json);
                if (topLevelMember >= 0 && topLevelMember < _textCount)
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
            TopLevelMembers |= 1UL << topLevelMember;
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

        var start = _objectStarts[_objectDepth - 1];
        var large = _largeObjects?[_objectDepth - 1];
        if (large is null && _nameCount - start >= ScannedNames)
        {
            large = (_largeObjects ??= new HashSet<string>?[Deepest + 1])[_objectDepth - 1] =
                new HashSet<string>(_names.Skip(start).Take(_nameCount - start), StringComparer.Ordinal);
        }

        if (large is null ? Array.IndexOf(_names, name, start, _nameCount - start) >= 0 : !large.Add(name))
        {
            throw new System.Text.Json.JsonException($"the member name '{name}' appears twice in one object.");
        }

        if (_nameCount == _names.Length)
        {
            var grown = ArrayPool<string>.Shared.Rent(_names.Length * 2);
            _names.CopyTo(grown, 0);
            ArrayPool<string>.Shared.Return(_names, clearArray: true);
            _names = grown;
        }

        _names[_nameCount++] = name;
        return name;
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
