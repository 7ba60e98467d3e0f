using System.Reflection;
using UGiftMe.AspNetCore;

namespace UGiftMe.Tests.AspNetCore;

/// <summary>
/// Every options type that describes itself in <c>ToString()</c> (and so in the debugger and in logs) names each of its
/// plain settings, and shows no value of a secret one (a member serializers are told to ignore).
/// </summary>
public sealed class OptionsDescriptionTests
{
    private const string ApiKey = "6b4e22b2-c0a5-4c7a-888a-b38eac20b454";
    private const string WebhookSecret = "a1b2c3d4e5f678901234567890abcdef1234567890abcdef1234567890abcd";

    private static IEnumerable<TestCaseData> DescribedOptions()
    {
        yield return new TestCaseData(new UGiftMeClientOptions { ApiKey = ApiKey }).SetArgDisplayNames(nameof(UGiftMeClientOptions));
        var webhooks = new UGiftMeWebhookOptions();
        webhooks.Secrets.Add(WebhookSecret);
        yield return new TestCaseData(webhooks).SetArgDisplayNames(nameof(UGiftMeWebhookOptions));
    }

    [TestCaseSource(nameof(DescribedOptions))]
    public void ToString_NamesEveryPlainSettingAndNoSecret(object options)
    {
        var text = options.ToString()!;
        var properties = options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var secret = properties.Where(IsSecret).ToList();
        var plain = properties.Where(p => p.CanWrite && !IsSecret(p) && IsPlainSetting(p.PropertyType)).Select(p => p.Name).ToList();

        Assert.That(secret, Is.Not.Empty, "the case sets a secret to look for");
        Assert.That(plain.Where(name => !text.Contains(name, StringComparison.Ordinal)), Is.Empty, text);
        Assert.That(text, Does.Not.Contain(ApiKey).And.Not.Contain(WebhookSecret));
    }

    private static bool IsSecret(PropertyInfo property) =>
        property.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute));

    private static bool IsPlainSetting(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(Uri);
    }
}
