namespace UGiftMe;

/// <summary>
/// Why the SDK's entry points carry [RequiresUnreferencedCode] and [RequiresDynamicCode]: a trimmed or native AOT
/// publish of an app shows these as IL2026/IL3050 warnings at build (docs/trimming.md).
/// </summary>
internal static class TrimmingMessages
{
    public const string UnreferencedCode =
        "UGiftMe reads and writes JSON with Newtonsoft.Json and binds options from configuration by reflection; trimming "
        + "can remove the members they need. Trimmed publishing is not supported: "
        + "https://github.com/ugiftme/ugiftme-dotnet/blob/main/docs/trimming.md";

    public const string DynamicCode =
        "UGiftMe reads and writes JSON with Newtonsoft.Json, which generates code at run time. Native AOT is not supported: "
        + "https://github.com/ugiftme/ugiftme-dotnet/blob/main/docs/trimming.md";
}
