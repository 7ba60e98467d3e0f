namespace UGiftMe.Testing;

/// <summary>The messages of the testing kit's <c>[RequiresUnreferencedCode]</c> / <c>[RequiresDynamicCode]</c>.</summary>
internal static class TestingTrimmingMessages
{
    public const string UnreferencedCode =
        "UGiftMe.Testing creates UGiftMe clients and reads webhook payloads with Newtonsoft.Json, and its sandbox serves JSON by reflection; "
        + "trimming can remove the members they need. Test projects are not trimmed: https://github.com/ugiftme/ugiftme-dotnet/blob/main/docs/trimming.md";

    public const string DynamicCode =
        "UGiftMe.Testing uses Newtonsoft.Json and System.Text.Json by reflection, which generate code at run time. "
        + "Native AOT is not supported: https://github.com/ugiftme/ugiftme-dotnet/blob/main/docs/trimming.md";
}
