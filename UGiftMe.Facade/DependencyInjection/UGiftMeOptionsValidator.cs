using Microsoft.Extensions.Options;

namespace UGiftMe;

/// <summary>Fails start-up (with <c>ValidateOnStart</c>) when a registered client's options are invalid.</summary>
internal sealed class UGiftMeOptionsValidator(UGiftMeRegistrations registrations) : IValidateOptions<UGiftMeClientOptions>
{
    public ValidateOptionsResult Validate(string? name, UGiftMeClientOptions options)
    {
        name ??= Options.DefaultName;
        if (!registrations.Contains(name))
        {
            return ValidateOptionsResult.Skip;
        }

        var label = name.Length == 0 ? "the default UGiftMe client" : $"UGiftMe client '{name}'";
        var problems = options.Validate();
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(problem => $"{label}: {problem}"));
    }
}
