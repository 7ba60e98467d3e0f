namespace UGiftMe.Tests.Regeneration;

/// <summary>Pieces of the generated codec's source text (<c>UGiftMe.Generated.g.cs</c>), for tests that regenerate it.</summary>
public static class GeneratedClientText
{
    /// <summary>The codec of the generated POST /orders (Orders_Create: its factory and readers), up to the next operation.</summary>
    public static string CreateOrderOperation(string client)
    {
        const string Start = "public static System.Net.Http.HttpRequestMessage BuildCreate(";
        var start = client.IndexOf(Start, StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "the generated Orders_Create is no longer " + Start);
        var end = client.IndexOf("public static System.Net.Http.HttpRequestMessage Build", start + Start.Length, StringComparison.Ordinal);
        return client[start..(end < 0 ? client.Length : end)];
    }
}
