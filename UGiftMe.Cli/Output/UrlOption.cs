using System.CommandLine;

namespace UGiftMe.Cli.Output;

/// <summary>An option whose value is an absolute http(s) URL (System.CommandLine does not parse <see cref="Uri"/> itself).</summary>
internal static class UrlOption
{
    public static Option<Uri> Create(string name, string description) => new(name)
    {
        Description = description,
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            {
                return url;
            }

            result.AddError($"{name} must be an absolute http(s) URL, not '{text}'.");
            return null;
        },
    };
}
