namespace UGiftMe;

/// <summary>
/// Decoded text read from a char array the caller holds (usually rented from the shared pool and given back after the
/// read), instead of a string or a <see cref="StreamReader"/> with buffers of its own per body.
/// </summary>
internal sealed class CharsReader(char[] chars, int length) : TextReader
{
    private int _position;

    public override int Peek() => _position < length ? chars[_position] : -1;

    public override int Read() => _position < length ? chars[_position++] : -1;

    public override int Read(char[] buffer, int index, int count)
    {
        var read = Math.Min(count, length - _position);
        Array.Copy(chars, _position, buffer, index, read);
        _position += read;
        return read;
    }
}
