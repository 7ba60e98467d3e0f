using System.Globalization;

namespace UGiftMe.Sandbox.Http;

/// <summary>1-based <c>page</c> and <c>limit</c> query parameters, checked.</summary>
internal readonly record struct PageRequest(int Page, int Limit)
{
    public const int MaxLimit = 100;

    public int Skip => (Page - 1) * Limit;

    public static int TotalPages(int total, int limit) => total == 0 ? 0 : (total + limit - 1) / limit;

    public static bool TryRead(HttpContext context, int defaultLimit, out PageRequest page, out string? problem)
    {
        page = default;
        if (!TryReadPositive(context, "page", 1, int.MaxValue, out var number, out problem)
            || !TryReadPositive(context, "limit", defaultLimit, MaxLimit, out var limit, out problem))
        {
            return false;
        }

        page = new PageRequest(number, limit);
        return true;
    }

    private static bool TryReadPositive(
        HttpContext context, string name, int fallback, int max, out int value, out string? problem)
    {
        problem = null;
        value = fallback;
        var raw = context.Request.Query[name].ToString();
        if (raw.Length == 0)
        {
            return true;
        }

        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < 1)
        {
            problem = $"{name} must be a positive integer";
            return false;
        }

        if (value > max)
        {
            problem = $"{name} must be at most {max}";
            return false;
        }

        return true;
    }
}
