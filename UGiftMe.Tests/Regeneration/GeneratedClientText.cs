namespace UGiftMe.Tests.Regeneration;

/// <summary>Pieces of a generated client's source text (<c>UGiftMe.Generated.g.cs</c>), for tests that regenerate it.</summary>
public static class GeneratedClientText
{
    /// <summary>The body of the generated POST /orders (Orders_Create), up to the next operation.</summary>
    public static string CreateOrderOperation(string client)
    {
        const string Start = "public virtual async System.Threading.Tasks.Task<ApiResponse<OrderCreationResponse>> CreateAsync(";
        var start = client.IndexOf(Start, StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "the generated Orders_Create is no longer " + Start);
        var end = client.IndexOf("public virtual async", start + Start.Length, StringComparison.Ordinal);
        return client[start..(end < 0 ? client.Length : end)];
    }
}
