using System.Buffers;
using Newtonsoft.Json;

namespace UGiftMe;

/// <summary>Newtonsoft's reader and writer buffers from the shared pool, instead of new arrays per body.</summary>
internal sealed class CharPool : IArrayPool<char>
{
    public static readonly CharPool Instance = new();

    public char[] Rent(int minimumLength) => ArrayPool<char>.Shared.Rent(minimumLength);

    public void Return(char[]? array)
    {
        if (array is not null)
        {
            ArrayPool<char>.Shared.Return(array);
        }
    }
}
