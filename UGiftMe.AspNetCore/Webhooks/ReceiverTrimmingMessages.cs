namespace UGiftMe.AspNetCore;

/// <summary>
/// Why the receiver's registration and endpoint carry [RequiresUnreferencedCode] and [RequiresDynamicCode]: a trimmed
/// or native AOT publish of an app shows these as IL2026/IL3050 warnings at build (docs/trimming.md).
/// </summary>
internal static class ReceiverTrimmingMessages
{
    public const string UnreferencedCode =
        "The UGiftMe webhook receiver binds options from configuration, maps a minimal API endpoint over your handler "
        + "delegate and parses events with Newtonsoft.Json, all by reflection; trimming can remove the members they "
        + "need. Trimmed publishing is not supported: https://github.com/ugiftme/ugiftme-dotnet/blob/main/docs/trimming.md";

    public const string DynamicCode =
        "The UGiftMe webhook receiver maps a minimal API endpoint and parses events with Newtonsoft.Json, which generate "
        + "code at run time. Native AOT is not supported: https://github.com/ugiftme/ugiftme-dotnet/blob/main/docs/trimming.md";
}
