using Newtonsoft.Json;

namespace UGiftMe.Cli.Output;

/// <summary><c>--json</c>: the SDK's models as UGiftMe names their fields, indented, for <c>jq</c> and scripts.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        Formatting = Formatting.Indented,
        NullValueHandling = NullValueHandling.Ignore,
        DateFormatString = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffK",
    };

    private static readonly JsonSerializerSettings LineSettings = new()
    {
        Formatting = Formatting.None,
        NullValueHandling = NullValueHandling.Ignore,
        DateFormatString = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffK",
    };

    public static void Write(TextWriter output, object? value) => output.WriteLine(JsonConvert.SerializeObject(value, Settings));

    /// <summary>One compact object per line (newline-delimited JSON), for streams such as <c>orders watch</c>.</summary>
    public static void WriteLine(TextWriter output, object? value) => output.WriteLine(JsonConvert.SerializeObject(value, LineSettings));
}
