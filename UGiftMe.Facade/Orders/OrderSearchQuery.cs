using UGiftMe.Models;

namespace UGiftMe;

/// <summary>Filters of <see cref="OrdersClient.SearchAsync"/>; every filter is optional.</summary>
public sealed record OrderSearchQuery
{
    /// <summary>Merchant name, e.g. <c>Amazon UK</c>.</summary>
    public string? Merchant { get; init; }

    /// <summary>Order status, e.g. <c>active</c>.</summary>
    public string? Status { get; init; }

    /// <summary>Only active (true) or inactive (false) orders.</summary>
    public bool? IsActive { get; init; }

    /// <summary>Only paid (true) or unpaid (false) orders.</summary>
    public bool? IsPaid { get; init; }

    /// <summary>Created at or after this time.</summary>
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>Created at or before this time.</summary>
    public DateTimeOffset? EndDate { get; init; }

    /// <summary>Field to sort by; the server's default (<c>createdAt</c>) when null.</summary>
    public string? SortBy { get; init; }

    /// <summary>Sort direction; the server's default (descending) when null.</summary>
    public SortOrder? Order { get; init; }

    /// <summary>Orders per page; the server's default (10) when null.</summary>
    public int? PageSize { get; init; }

    internal void Validate()
    {
        if (StartDate > EndDate)
        {
            throw new ArgumentException($"OrderSearchQuery.StartDate ({StartDate:O}) is after EndDate ({EndDate:O}).", "query");
        }

        if (PageSize is < 1)
        {
            throw new ArgumentOutOfRangeException("query", PageSize, "OrderSearchQuery.PageSize must be at least 1.");
        }
    }
}
