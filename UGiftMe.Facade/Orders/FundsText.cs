using System.Globalization;
using System.Text.RegularExpressions;

namespace UGiftMe;

/// <summary>
/// An asynchronous order's failure text when the wallet could not pay ("Insufficient balance. Required: 50, Available:
/// 10 GBP"): the queued order fails with text, not with the 402 a synchronous create gets.
/// </summary>
internal static partial class FundsText
{
    public static bool IsInsufficientFunds(string? text) =>
        text is not null && text.Contains("insufficient", StringComparison.OrdinalIgnoreCase)
        && (text.Contains("balance", StringComparison.OrdinalIgnoreCase) || text.Contains("fund", StringComparison.OrdinalIgnoreCase));

    /// <summary>The amounts and currency the text names, each null when it does not.</summary>
    public static (decimal? Required, decimal? Available, string? Currency) Parse(string? text)
    {
        var match = text is null ? Match.Empty : FundsPattern().Match(text);
        if (!match.Success)
        {
            return default;
        }

        return (Amount(match.Groups["required"].Value), Amount(match.Groups["available"].Value),
            match.Groups["currency"].Success ? match.Groups["currency"].Value : null);
    }

    private static decimal? Amount(string text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;

    private const string FundsPatternText = @"Required:\s*(?<required>[0-9]+(?:\.[0-9]+)?)[^0-9]+Available:\s*(?<available>-?[0-9]+(?:\.[0-9]+)?)(?:\s*(?<currency>[A-Z]{3}))?";

#if NET
    [GeneratedRegex(FundsPatternText, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FundsPattern();
#else
    private static readonly Regex FundsRegex = new(FundsPatternText, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static Regex FundsPattern() => FundsRegex;
#endif
}
