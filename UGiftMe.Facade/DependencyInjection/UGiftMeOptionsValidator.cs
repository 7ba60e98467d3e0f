using Microsoft.Extensions.Options;

namespace UGiftMe;

/// <summary>
/// Fails start-up (with <c>ValidateOnStart</c>) when the options of the client registered as <see cref="Name"/> are
/// invalid. <c>AddUGiftMe</c> adds one per client, so these are also the record of which clients exist.
/// </summary>
internal sealed class UGiftMeOptionsValidator(string name) : IValidateOptions<UGiftMeClientOptions>
{
    public string Name { get; } = name;

    public ValidateOptionsResult Validate(string? name, UGiftMeClientOptions options)
    {
        if ((name ?? Options.DefaultName) != Name)
        {
            return ValidateOptionsResult.Skip;
        }

        var label = Name.Length == 0 ? "the default UGiftMe client" : $"UGiftMe client '{Name}'";
        var problems = options.Validate();
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(problem => $"{label}: {problem}"));
    }
}
