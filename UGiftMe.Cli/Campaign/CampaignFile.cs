using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;

namespace UGiftMe.Cli.Campaign;

/// <summary>
/// Reads a campaign's items from CSV (a header row, then one card per row) or JSON Lines (one object per line), with
/// the columns or members <c>reference, productCode (or product), merchant, value, currency, recipientEmail,
/// recipientName, giftMessage</c>. A row that cannot be read is a <see cref="CampaignFileRow"/> with its problem.
/// </summary>
internal static class CampaignFile
{
    public static IEnumerable<CampaignFileRow> Read(string path) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase)
            ? ReadJsonLines(path)
            : ReadCsv(path);

    private static IEnumerable<CampaignFileRow> ReadJsonLines(string path)
    {
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var (row, problem) = Parse(text);
            if (row is null)
            {
                yield return new CampaignFileRow(line, null, $"not a JSON object ({problem})");
                continue;
            }

            yield return ToRow(line, name => row.Properties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Value.ToString());
        }
    }

    private static (JObject? Row, string? Problem) Parse(string text)
    {
        try
        {
            return (JObject.Parse(text), null);
        }
        catch (Newtonsoft.Json.JsonException e)
        {
            return (null, e.Message);
        }
    }

    private static IEnumerable<CampaignFileRow> ReadCsv(string path)
    {
        string[]? header = null;
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var fields = SplitCsv(text);
            if (header is null)
            {
                header = [.. fields.Select(f => f.Trim())];
                continue;
            }

            yield return ToRow(line, name =>
            {
                var at = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
                return at >= 0 && at < fields.Count ? fields[at] : null;
            });
        }
    }

    private static CampaignFileRow ToRow(int line, Func<string, string?> field)
    {
        var reference = field("reference");
        var product = field("productCode") ?? field("product");
        var valueText = field("value") ?? field("valuePurchased");
        if (string.IsNullOrWhiteSpace(reference))
        {
            return new CampaignFileRow(line, null, "no reference");
        }

        if (!decimal.TryParse(valueText, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return new CampaignFileRow(line, null, $"{reference}: value '{valueText}' is not a number");
        }

        var order = new CreateOrderRequest
        {
            ProductCode = product?.Trim() ?? "",
            Merchant = field("merchant")?.Trim() ?? "",
            Currency = field("currency")?.Trim() ?? "",
            ValuePurchased = value,
            RecipientEmail = Blank(field("recipientEmail") ?? field("email")),
            RecipientName = Blank(field("recipientName") ?? field("name")),
            GiftMessage = Blank(field("giftMessage") ?? field("message")),
        };
        return new CampaignFileRow(line, new CampaignItem(reference.Trim(), order), null);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // RFC 4180 fields: commas, and double quotes around a field that holds commas or quotes ("" is one quote).
    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
