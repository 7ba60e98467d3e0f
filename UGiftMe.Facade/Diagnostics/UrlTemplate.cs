namespace UGiftMe;

/// <summary>
/// The path template of the operation a request was built for (<c>/orders/{orderId}</c>), set by the generated request
/// factories: it names the request's span and tags its measurements, so ids never make new span names.
/// </summary>
internal static class UrlTemplate
{
#if NET
    private static readonly HttpRequestOptionsKey<string> Key = new("UGiftMe.UrlTemplate");

    public static void Set(HttpRequestMessage request, string template) => request.Options.Set(Key, template);

    public static string? Of(HttpRequestMessage request) => request.Options.TryGetValue(Key, out var template) ? template : null;
#else
    private const string Key = "UGiftMe.UrlTemplate";

    public static void Set(HttpRequestMessage request, string template) => request.Properties[Key] = template;

    public static string? Of(HttpRequestMessage request) => request.Properties.TryGetValue(Key, out var template) ? template as string : null;
#endif
}
