namespace UGiftMe.Benchmarks.Peers;

/// <summary>One way of calling the API that the peer comparison measures: a get-order and a create-order call.</summary>
internal sealed record PeerVariant(string Name, Func<Task> GetOrder, Func<Task> CreateOrder, IDisposable Owner);
