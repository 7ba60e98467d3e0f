#nullable enable
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using YamlDotNet.RepresentationModel;

/// <summary>
/// Copies the spec to where NSwag reads it, with every exclusive bound stamped beside it as
/// <c>x-ugiftme-exclusive-minimum</c> / <c>x-ugiftme-exclusive-maximum</c>, whose value is the bound: NJsonSchema's
/// property model, all the templates see, exposes neither <c>exclusiveMinimum</c> nor <c>exclusiveMaximum</c>.
/// Both forms count: OpenAPI 3.0's <c>exclusiveMinimum: true</c> beside <c>minimum</c>, and 3.1's
/// <c>exclusiveMinimum: 5</c>, which becomes the 3.0 form (NJsonSchema sees no range without <c>minimum</c>) unless an
/// inclusive <c>minimum</c> beside it is the stricter bound. An inline MSBuild task (UGiftMe.Generated.targets) reading the spec
/// with NSwag's own YamlDotNet.
/// </summary>
public sealed class StampExclusiveBounds : Task
{
    [Required]
    public string Spec { get; set; } = "";

    [Required]
    public string Output { get; set; } = "";

    public override bool Execute()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(Spec))
        {
            yaml.Load(reader);
        }

        foreach (var document in yaml.Documents)
        {
            Stamp(document.RootNode);
        }

        var text = new StringWriter();
        yaml.Save(text, assignAnchors: false);
        if (!File.Exists(Output) || File.ReadAllText(Output) != text.ToString())
        {
            // The inner builds of each target framework may generate at once: never let one read a half-written file.
            Directory.CreateDirectory(Path.GetDirectoryName(Output)!);
            var partial = Output + "." + Path.GetRandomFileName();
            File.WriteAllText(partial, text.ToString());
            if (File.Exists(Output))
            {
                File.Replace(partial, Output, destinationBackupFileName: null);
            }
            else
            {
                File.Move(partial, Output);
            }
        }

        return !Log.HasLoggedErrors;
    }

    private void Stamp(YamlNode node)
    {
        foreach (var child in node is YamlMappingNode map ? map.Children.Values.ToList() : node as YamlSequenceNode ?? Enumerable.Empty<YamlNode>())
        {
            Stamp(child);
        }

        if (node is YamlMappingNode schema)
        {
            Stamp(schema, "exclusiveMinimum", "minimum", "x-ugiftme-exclusive-minimum", stricter: 1);
            Stamp(schema, "exclusiveMaximum", "maximum", "x-ugiftme-exclusive-maximum", stricter: -1);
        }
    }

    // stricter: the sign of (inclusive - exclusive) when the inclusive bound beside a 3.1 exclusive one is the stricter.
    private void Stamp(YamlMappingNode schema, string keyword, string inclusive, string stamp, int stricter)
    {
        schema.Children.Remove(stamp); // the build's own, never the spec's
        if (!schema.Children.TryGetValue(keyword, out var value) || value is not YamlScalarNode { Value: { } text } || text == "false")
        {
            return;
        }

        var inclusiveBound = schema.Children.TryGetValue(inclusive, out var given) && given is YamlScalarNode { Value: { } bound } ? Number(bound, inclusive, schema) : null;
        if (text == "true")
        {
            if (inclusiveBound is { } limit)
            {
                schema.Children[stamp] = limit.ToString(CultureInfo.InvariantCulture);
            }

            return;
        }

        if (Number(text, keyword, schema) is not { } exclusiveBound || (inclusiveBound is { } other && decimal.Compare(other, exclusiveBound) == stricter))
        {
            return;
        }

        schema.Children[inclusive] = exclusiveBound.ToString(CultureInfo.InvariantCulture);
        schema.Children[keyword] = "true";
        schema.Children[stamp] = exclusiveBound.ToString(CultureInfo.InvariantCulture);
    }

    private decimal? Number(string text, string keyword, YamlMappingNode schema)
    {
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        Log.LogError($"{Spec}({schema.Start.Line},{schema.Start.Column}): {keyword} '{text}' is not a number the SDK can check.");
        return null;
    }
}
