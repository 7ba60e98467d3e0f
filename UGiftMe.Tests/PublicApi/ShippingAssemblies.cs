using System.Reflection;

namespace UGiftMe.Tests.PublicApi;

/// <summary>
/// The assemblies we ship in a NuGet package, by assembly name. Adding a shipping project (e.g. UGiftMe.AspNetCore)
/// means one line here plus a ProjectReference in UGiftMe.ApiSurface.Tests.csproj and UGiftMe.Tests.csproj; UGiftMe.ApiSurface.Tests fails
/// until both are there.
/// </summary>
public static class ShippingAssemblies
{
    public static readonly IReadOnlyList<string> Names =
    [
        "UGiftMe",
        "UGiftMe.AspNetCore",
        "UGiftMe.Campaigns.Sqlite",
        "UGiftMe.Redis",
        "UGiftMe.Sandbox",
        "UGiftMe.Testing",
    ];

    public static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));
}
