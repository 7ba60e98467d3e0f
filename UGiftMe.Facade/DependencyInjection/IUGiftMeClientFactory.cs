namespace UGiftMe;

/// <summary>Resolves the clients registered with <c>AddUGiftMe(name, ...)</c>, e.g. one per API key or tenant.</summary>
public interface IUGiftMeClientFactory
{
    /// <summary>The client registered under <paramref name="name"/> (the default client for an empty name).</summary>
    /// <exception cref="InvalidOperationException">No client has that name.</exception>
    UGiftMeClient GetClient(string name);
}
