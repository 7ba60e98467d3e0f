namespace UGiftMe.Benchmarks.Peer;

/// <summary>
/// The generated peer client is partial, as NSwag makes every client: this half lets figure 6 call its generated
/// response reader on its own, unchanged.
/// </summary>
public partial class OrdersClient
{
    internal async Task<BusinessOrder> ReadForBenchmarkAsync(HttpResponseMessage response, IReadOnlyDictionary<string, IEnumerable<string>> headers) =>
        (await ReadObjectResponseAsync<BusinessOrder>(response, headers, CancellationToken.None)).Object;
}
