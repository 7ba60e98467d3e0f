using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// Walks a page/limit endpoint as one sequence, whatever its page envelope looks like, without trusting the server to
/// advance: a page that repeats (the same page number reported again, or the same items as a page already read) ends
/// the walk with <see cref="UnreadableResponseException"/> before any of its items is yielded, and a walk that still
/// has pages after <see cref="UGiftMeClientOptions.MaxPagesPerEnumeration"/> ends with <see cref="UGiftMeException"/>,
/// never silently.
/// </summary>
internal static class Paging
{
    /// <summary>The default of <see cref="UGiftMeClientOptions.MaxPagesPerEnumeration"/>.</summary>
    public const int DefaultMaxPages = 10_000;

    /// <summary>Walks the pages, yielding each item once.</summary>
    /// <param name="maxPages">The client's <see cref="UGiftMeClientOptions.MaxPagesPerEnumeration"/>.</param>
    /// <param name="fetchPage">Fetches a page by its 1-based number.</param>
    /// <param name="itemsOf">A page's items; an empty or missing list ends the walk.</param>
    /// <param name="hasPageAfter">Whether the server reports a page after this one (the page and the number asked for).</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    public static async IAsyncEnumerable<TItem> Walk<TPage, TItem>(
        int maxPages,
        Func<int, CancellationToken, Task<UGiftMeResult<TPage>>> fetchPage,
        Func<TPage, IReadOnlyCollection<TItem>?> itemsOf,
        Func<TPage, int, bool> hasPageAfter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new Dictionary<(ulong, ulong), int>();
        int? previousReported = null;
        var yielded = 0L;
        for (var page = 1; ; page++)
        {
            var result = await fetchPage(page, cancellationToken).ConfigureAwait(false);
            var items = itemsOf(result.Value);
            if (items is null || items.Count == 0)
            {
                yield break;
            }

            // The page number the server says it answered is the walk's cursor: it must move forward.
            var reported = ReportedPage(result.Value);
            if (reported is { } number && previousReported is { } previous && number <= previous)
            {
                throw NotAdvancing(result.Metadata,
                    $"UGiftMe answered the request for page {page} with page {number}, after page {previous}", yielded);
            }

            previousReported = reported ?? previousReported;
            var fingerprint = Fingerprint(items);
            if (seen.TryGetValue(fingerprint, out var earlier))
            {
                throw NotAdvancing(result.Metadata, $"UGiftMe answered page {page} with the same {items.Count} items as page {earlier}", yielded);
            }

            seen.Add(fingerprint, page);

            foreach (var item in items)
            {
                yielded++;
                yield return item;
            }

            if (!hasPageAfter(result.Value, page))
            {
                yield break;
            }

            if (page >= maxPages)
            {
                throw new UGiftMeException(
                    $"UGiftMe still reported more pages after {page} pages ({yielded} items), the most one enumeration reads " +
                    $"(UGiftMeClientOptions.MaxPagesPerEnumeration = {maxPages}): the enumeration ends with this exception instead of as " +
                    "if the listing were complete. Raise UGiftMeClientOptions.MaxPagesPerEnumeration or ask for larger pages (pageSize).",
                    Context(result.Metadata));
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

    /// <summary>The page number an envelope says it holds, when it says one.</summary>
    internal static int? ReportedPage(object? page) => page switch
    {
        OrderHistoryPage history => history.Page,
        OrderSearchPage search => search.Pagination?.CurrentPage,
        TransactionLedgerPage ledger => ledger.Pagination?.CurrentPage,
        ProductPage products => products.Pagination?.CurrentPage,
        _ => null,
    };

    // The items as JSON (unknown members included), hashed: equal pages give equal fingerprints. Its own serializer,
    // so an application's JsonConvert.DefaultSettings cannot change (or break) it.
    private static (ulong, ulong) Fingerprint<TItem>(IReadOnlyCollection<TItem> items)
    {
        using var json = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        JsonCodec.Strict.Serialize(json, items);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(json.ToString()));
        return (BitConverter.ToUInt64(hash, 0), BitConverter.ToUInt64(hash, 8));
    }

    private static UnreadableResponseException NotAdvancing(ResponseMetadata metadata, string what, long yielded) =>
        new($"{what}: the listing does not advance, so the enumeration ends here instead of requesting it again or " +
            $"yielding items twice ({yielded} items were returned before this page, none of this page's).",
            Context(metadata));

    private static ErrorContext Context(ResponseMetadata metadata) => ErrorContext.Of(metadata) with { Method = "GET" };
}
