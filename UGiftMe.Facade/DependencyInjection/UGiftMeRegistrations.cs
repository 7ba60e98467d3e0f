namespace UGiftMe;

/// <summary>The names passed to <c>AddUGiftMe</c>, so validation and the factory know which clients exist.</summary>
internal sealed class UGiftMeRegistrations
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _names;

    public bool Add(string name) => _names.Add(name);

    public bool Contains(string name) => _names.Contains(name);
}
