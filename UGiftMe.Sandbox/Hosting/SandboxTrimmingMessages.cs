namespace UGiftMe.Sandbox.Hosting;

/// <summary>The messages of the sandbox's <c>[RequiresUnreferencedCode]</c> / <c>[RequiresDynamicCode]</c>.</summary>
internal static class SandboxTrimmingMessages
{
    public const string UnreferencedCode =
        "The UGiftMe sandbox reads and writes JSON with System.Text.Json by reflection and binds options from configuration; "
        + "trimming can remove the members they need. Trimmed publishing is not supported: https://github.com/ugiftme/ugiftme-dotnet/blob/main/docs/trimming.md";

    public const string DynamicCode =
        "The UGiftMe sandbox serializes JSON by reflection, which generates code at run time. "
        + "Native AOT is not supported: https://github.com/ugiftme/ugiftme-dotnet/blob/main/docs/trimming.md";
}
