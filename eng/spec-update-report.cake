// The report of `dotnet cake --target=UpdateSpec` (loaded by build.cake): what the provider's new description means
// for SDK users, in C# terms, with each change's classification, the rule that decided it and the next step, the
// CHANGELOG lines and the version bump it implies. Inputs are what the layers wrote under artifacts/spec-update/:
// changes.json (eng/spec-diff.mjs --json, our previous spec to the new one), notes.json (eng/update-spec.mjs), the
// snapshot mismatches Snapshooter wrote, the coverage checks' TRX, facade-calls.json (UGiftMe.ApiSurface.Tests: for
// each operation, the public facade members that reach it and the components it uses) and ApiCompat's output.
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

sealed record SpecUpdateChange(string Impact, string Where, string Location, bool Deprecated, IReadOnlyList<(string Rule, string Message, bool Accepted)> Rules);

// An operation of the new spec: its JSON pointer, the components its definition reaches and the public facade members
// that call it.
sealed record SpecUpdateOperation(string Pointer, IReadOnlyList<string> Components, IReadOnlyList<string> Calls);

sealed record SpecUpdateInputs(
    string From,
    IReadOnlyList<SpecUpdateChange> Changes,
    IReadOnlyList<SpecUpdateOperation> Operations,
    JsonNode Notes,
    IReadOnlyDictionary<string, (IReadOnlyList<string> Removed, IReadOnlyList<string> Added)> Surface,
    IReadOnlyList<string> CoverageFailures,
    IReadOnlyList<string> ApiCompatErrors,
    IReadOnlyList<string> FailedLayers);

static class SpecUpdateReport
{
    public static IReadOnlyList<SpecUpdateChange> ReadChanges(string file)
    {
        var changes = JsonNode.Parse(System.IO.File.ReadAllText(file))!["changes"]!.AsArray();
        return changes.Select(change => new SpecUpdateChange(
            (string)change!["impact"]!,
            (string)change["where"]!,
            (string)change["location"]!,
            (bool)change["deprecated"]!,
            change["rules"]!.AsArray().Select(rule => ((string)rule!["rule"]!, (string)rule["message"]!, (bool)rule["accepted"]!)).ToList())).ToList();
    }

    // null when the surface checks did not run (the shipping build failed), so no call map was written.
    public static IReadOnlyList<SpecUpdateOperation> ReadOperations(string file) =>
        !System.IO.File.Exists(file)
            ? null
            : JsonNode.Parse(System.IO.File.ReadAllText(file))!["operations"]!.AsArray().Select(operation => new SpecUpdateOperation(
                (string)operation!["pointer"]!,
                operation["components"]!.AsArray().Select(component => (string)component!).ToList(),
                operation["calls"]!.AsArray().Select(call => (string)call!).ToList())).ToList();

    // The public facade calls a change at this location makes behave differently: those that reach an operation defined
    // there (or under a path added or removed there), or one using a component (parameter, schema, response, header) at
    // or above it.
    public static string FacadeCalls(IReadOnlyList<SpecUpdateOperation> operations, string location)
    {
        if (operations is null)
        {
            return "(not known: the surface checks did not run)";
        }
        if (location.StartsWith("#/servers", StringComparison.Ordinal) || location.StartsWith("#/components/securitySchemes", StringComparison.Ordinal)
            || location.StartsWith("#/security", StringComparison.Ordinal))
        {
            return "every call (where requests go, or how they authenticate)";
        }
        var calls = CallsAt(operations, location);
        if (calls is null)
        {
            return "";
        }
        return calls.Count == 0 ? "none: no public member reaches it" : string.Join(", ", calls.Select(call => $"`{call}`"));
    }

    // The public facade members that reach the operations a change at this location concerns; null when it concerns none.
    public static IReadOnlyList<string> CallsAt(IReadOnlyList<SpecUpdateOperation> operations, string location)
    {
        static bool AtOrUnder(string location, string pointer) => location == pointer || location.StartsWith(pointer + "/", StringComparison.Ordinal);
        var concerned = (operations ?? Array.Empty<SpecUpdateOperation>()).Where(operation =>
            AtOrUnder(location, operation.Pointer)
            || (location.StartsWith("#/paths/", StringComparison.Ordinal) && AtOrUnder(operation.Pointer, location))
            || AtOrUnder(location, operation.Pointer[..operation.Pointer.LastIndexOf('/')] + "/parameters")
            || operation.Components.Any(component => AtOrUnder(location, component))).ToList();
        return concerned.Count == 0
            ? null
            : concerned.SelectMany(operation => operation.Calls).Distinct().OrderBy(call => call, StringComparer.Ordinal).ToList();
    }

    // For the console: the public calls that the unaccepted breaking changes make behave differently.
    public static IReadOnlyList<string> CallsBrokenWithoutAcceptance(SpecUpdateInputs inputs) =>
        inputs.Changes.Where(change => change.Impact == "major" && change.Rules.Any(rule => !rule.Accepted))
            .SelectMany(change => CallsAt(inputs.Operations, change.Location) ?? Array.Empty<string>())
            .Distinct().OrderBy(call => call, StringComparer.Ordinal).ToList();

    // The C# member a location names: #/components/schemas/Wallet/properties/balance is Wallet.Balance.
    public static string CSharpName(string location)
    {
        var match = Regex.Match(location, @"^#/components/schemas/([^/]+)(?:/properties/([^/]+))?");
        if (!match.Success)
        {
            return null;
        }
        var type = match.Groups[1].Value;
        return match.Groups[2].Success ? $"{type}.{Pascal(match.Groups[2].Value)}" : type;
    }

    private static string Pascal(string name)
    {
        var trimmed = name.TrimStart('_');
        return trimmed.Length == 0 ? name : char.ToUpperInvariant(trimmed[0]) + trimmed[1..];
    }

    public static string NextStep(SpecUpdateChange change, (string Rule, string Message, bool Accepted) rule)
    {
        if (change.Deprecated)
        {
            return "release note; move the facade to the successor";
        }
        if (change.Impact == "minor" && Regex.IsMatch(change.Location, @"/responses/[45]\d\d$"))
        {
            return "map: give the status its exception in ErrorMapper, or list it as generic on purpose (the coverage check names it)";
        }
        if (change.Impact == "minor" && Regex.IsMatch(change.Location, @"^#/paths/[^/]+(/(get|put|post|delete|patch))?$"))
        {
            return "map: add a facade member, or list it as internal on purpose (the coverage check names it)";
        }
        return rule.Rule switch
        {
            "default-changed" => rule.Accepted ? "release note; major version" : "wrap: send the old default from the facade, or accept with a reason and release a major version",
            "union-of-known-shapes" => "accept: kept as an open object (raw JSON), nothing moves",
            "operation-id-renamed" => "accept: keep our operationId (the overlay pins it)",
            "parameter-moved" => rule.Accepted ? "release note; major version" : "map: the regenerated factory sends it in the new place; check the facade's call, then accept with a reason and release a major version",
            "error-response-removed" => "accept: errors are mapped by status anyway",
            "response-member-nullable" or "response-member-optional" => "accept: every response member already reads null (or a missing member) as null",
            "type-documented" or "integer-format-documented" => "accept: the generated client already sends and reads the same",
            _ when change.Impact == "major" => rule.Accepted ? "release note; major version" : "wrap it in the facade, or accept with a reason (AcceptBreakingChanges) and release a major version",
            _ when change.Impact == "minor" => "accept the snapshot (AcceptApi); release note",
            _ => "nothing",
        };
    }

    public static string Bump(SpecUpdateInputs inputs)
    {
        var unwrapped = inputs.Changes.Any(change => change.Impact == "major") || inputs.ApiCompatErrors.Count > 0
            || inputs.Surface.Values.Any(diff => diff.Removed.Count > 0);
        if (unwrapped)
        {
            return "major";
        }
        return inputs.Surface.Values.Any(diff => diff.Added.Count > 0) || inputs.Changes.Any(change => change.Impact == "minor" || change.Deprecated)
            ? "minor"
            : "patch";
    }

    public static IReadOnlyList<string> ChangelogLines(SpecUpdateInputs inputs)
    {
        var lines = new List<string>();
        foreach (var change in inputs.Changes)
        {
            var name = CSharpName(change.Location);
            var rules = change.Rules.Select(rule => rule.Rule).ToList();
            if (change.Deprecated && name is not null)
            {
                lines.Add($"- `{name}` is deprecated by the UGiftMe API (still sent); its XML docs say so.");
            }
            else if (rules.Contains("property-removed") && name is not null)
            {
                lines.Add($"- **Breaking:** `{name}` is removed: the UGiftMe API no longer sends it.");
            }
            else if (rules.Contains("default-changed"))
            {
                lines.Add($"- **Breaking:** {change.Rules.First(rule => rule.Rule == "default-changed").Message.Split(':')[0]}: a call that omits it now gets other results.");
            }
        }
        foreach (var (assembly, diff) in inputs.Surface)
        {
            foreach (var type in diff.Added.Select(line => Regex.Match(line, @"^public (?:sealed |static |abstract )*(?:partial )?(?:class|enum|record|struct|interface) (\w+)")).Where(m => m.Success))
            {
                lines.Add($"- `{assembly}`: new `{type.Groups[1].Value}`.");
            }
        }
        return lines.Distinct().ToList();
    }

    public static string Markdown(SpecUpdateInputs inputs)
    {
        var text = new StringBuilder();
        text.AppendLine("# Spec update report").AppendLine();
        text.AppendLine($"From `{inputs.From}`, with our overlay (`openapi/ugiftme.overlay.yaml`), compared with the spec it replaces.").AppendLine();
        text.AppendLine(inputs.FailedLayers.Count == 0
            ? "Every layer passed."
            : $"**Failed layers:** {string.Join(", ", inputs.FailedLayers)}.").AppendLine();
        text.AppendLine($"Version bump these changes imply: **{Bump(inputs)}**.").AppendLine();

        text.AppendLine("## Changes").AppendLine();
        text.AppendLine("| where | C# | classification (rule) | next step | facade calls that behave differently |").AppendLine("|---|---|---|---|---|");
        foreach (var change in inputs.Changes.Where(change => change.Impact != "patch" || change.Deprecated))
        {
            var rules = change.Rules.Count > 0 ? change.Rules : new List<(string Rule, string Message, bool Accepted)> { ("(redocly's default)", "", false) };
            foreach (var rule in rules)
            {
                var classification = change.Deprecated ? "deprecated" : change.Impact == "major" ? (rule.Accepted ? "breaking, accepted" : "**breaking**") : change.Impact;
                var message = rule.Message.Length > 0 ? $": {Escape(rule.Message)}" : "";
                text.AppendLine($"| `{change.Location}` | {(CSharpName(change.Location) is { } name ? $"`{name}`" : "")} | {classification} ({rule.Rule}{message}) | {NextStep(change, rule)} | {FacadeCalls(inputs.Operations, change.Location)} |");
            }
        }
        text.AppendLine().AppendLine($"{inputs.Changes.Count(change => change.Impact == "patch" && !change.Deprecated)} patch change(s) (descriptions, examples) need nothing.").AppendLine();

        text.AppendLine("## What SDK users see (public API snapshots)").AppendLine();
        if (inputs.Surface.Count == 0)
        {
            text.AppendLine("No public type or member appears, changes or disappears.").AppendLine();
        }
        foreach (var (assembly, diff) in inputs.Surface)
        {
            text.AppendLine($"`{assembly}`:").AppendLine().AppendLine("```diff");
            foreach (var line in diff.Removed)
            {
                text.AppendLine("- " + line);
            }
            foreach (var line in diff.Added)
            {
                text.AppendLine("+ " + line);
            }
            text.AppendLine("```").AppendLine();
        }

        text.AppendLine("## What is left to do (coverage checks, ApiCompat)").AppendLine();
        foreach (var line in inputs.CoverageFailures.Concat(inputs.ApiCompatErrors).DefaultIfEmpty("Nothing: every operation is reachable, every model used, every copied value matches, no binary break."))
        {
            text.AppendLine("* " + Escape(line));
        }
        text.AppendLine();

        if (inputs.Notes is { } notes)
        {
            text.AppendLine("## What the overlay did").AppendLine();
            foreach (var pin in notes["pinned"]!.AsArray())
            {
                text.AppendLine($"* pinned `{pin!["location"]}`: the provider says {pin["provider"]!.ToJsonString()}, ours stays {pin["ours"]!.ToJsonString()}");
            }
            foreach (var target in notes["missingTargets"]!.AsArray())
            {
                text.AppendLine($"* `{target}`: gone from the provider's document, so our addition there is dropped: check the overlay");
            }
            foreach (var union in notes["unionsKeptOpen"]!.AsArray())
            {
                text.AppendLine($"* `{union!["location"]}`: a union of {string.Join(", ", union["variants"]!.AsArray().Select(v => (string)v!))}, kept as an open object (raw JSON) so the facade's reading compiles and nothing reads as the wrong shape");
            }
            text.AppendLine();
        }

        text.AppendLine("## Proposed CHANGELOG lines").AppendLine();
        text.AppendLine("Edit, then add under \"Unreleased\" in `CHANGELOG.md`:").AppendLine().AppendLine("```markdown");
        foreach (var line in ChangelogLines(inputs).DefaultIfEmpty("(no user-facing change)"))
        {
            text.AppendLine(line);
        }
        text.AppendLine("```");
        return text.ToString();
    }

    // Lines only in the committed snapshot, and lines only in the new rendering (as multisets: braces repeat).
    public static (IReadOnlyList<string> Removed, IReadOnlyList<string> Added) LineDiff(string committed, string rendered)
    {
        static Dictionary<string, int> Count(string text) => text.TrimStart('\uFEFF').Split('\n')
            .Select(line => line.TrimEnd('\r').Trim()).Where(line => line.Length > 1)
            .GroupBy(line => line, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var before = Count(committed);
        var after = Count(rendered);
        static List<string> Minus(Dictionary<string, int> left, Dictionary<string, int> right) =>
            left.SelectMany(pair => Enumerable.Repeat(pair.Key, Math.Max(0, pair.Value - right.GetValueOrDefault(pair.Key)))).ToList();
        return (Minus(before, after), Minus(after, before));
    }

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
