using System.Runtime.CompilerServices;

namespace UGiftMe;

/// <summary>Walks a page/limit endpoint as one sequence, whatever its page envelope looks like.</summary>
internal static class Paging
{
    /// <summary>A server that never reports the last page still ends: this many pages at most.</summary>
    public const int MaxPages = 10_000;

    public static async IAsyncEnumerable<TItem> Walk<TPage, TItem>(
        Func<int, CancellationToken, Task<UGiftMeResult<TPage>>> fetchPage,
        Func<TPage, IReadOnlyCollection<TItem>?> itemsOf,
        Func<TPage, int, bool> hasPageAfter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var page = 1; page <= MaxPages; page++)
        {
            var result = await fetchPage(page, cancellationToken).ConfigureAwait(false);
            var items = itemsOf(result.Value);
            if (items is null || items.Count == 0)
            {
                yield break;
            }

            foreach (var item in items)
            {
                yield return item;
            }

            if (!hasPageAfter(result.Value, page))
            {
                yield break;
            }
        }
    }

    public static void RequireValid(int page, int? pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        if (pageSize is { } size)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(pageSize));
        }
    }
}
