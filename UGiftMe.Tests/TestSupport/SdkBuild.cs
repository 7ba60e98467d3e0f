using System.Reflection;
using System.Runtime.Versioning;

namespace UGiftMe.Tests.TestSupport;

/// <summary>Which build of UGiftMe the tests run against: net10.0 here, netstandard2.0 in UGiftMe.NetStandard.Tests.</summary>
internal static class SdkBuild
{
    public static bool IsNetStandard =>
        typeof(UGiftMeClient).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName.StartsWith(".NETStandard", StringComparison.Ordinal) == true;
}
