using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using UGiftMe.AspNetCore;
using UGiftMe.Campaigns.Sqlite;
using UGiftMe.Redis;
using UGiftMe.Sandbox;
using UGiftMe.Testing;

namespace UGiftMe.Tests.AspNetCore;

/// <summary>
/// Every public options type of the SDK's packages (found by reflection: a new one is checked without a change here)
/// describes itself in <c>ToString()</c>, and so in the debugger and in logs: it names each of its plain settings,
/// those of its nested options too, and shows no value of a secret one (a member serializers are told to ignore).
/// </summary>
public sealed class OptionsDescriptionTests
{
    private const string Secret = "a1b2c3d4e5f678901234567890abcdef1234567890abcdef1234567890abcd";

    private static readonly Assembly[] Packages =
    [
        typeof(UGiftMeClient).Assembly,
        typeof(UGiftMeWebhookOptions).Assembly,
        typeof(RedisBackplaneOptions).Assembly,
        typeof(SqliteCampaignJournal).Assembly,
        typeof(SandboxOptions).Assembly,
        typeof(UGiftMeSandboxAppOptions).Assembly,
    ];

    public static IEnumerable<Type> OptionsTypes() =>
        Packages.SelectMany(assembly => assembly.GetExportedTypes()).Where(IsOptionsType).OrderBy(type => type.Name);

    [Test]
    public void OptionsTypes_OfThePackages_AreFoundByReflection()
    {
        Assert.That(OptionsTypes().Select(type => type.Name), Is.SupersetOf(new[]
        {
            nameof(UGiftMeClientOptions), nameof(UGiftMeRetryOptions), nameof(OrderPollingOptions), nameof(OrderCreateOptions), nameof(CampaignOptions),
            nameof(UGiftMeWebhookOptions), nameof(UGiftMeWebhookSubscriptionOptions), nameof(RedisBackplaneOptions), nameof(SandboxOptions),
            nameof(SandboxFaultOptions), nameof(UGiftMeSandboxAppOptions),
        }));
    }

    [TestCaseSource(nameof(OptionsTypes))]
    public void OptionsType_InTheDebugger_ShowsItsOwnDescription(Type type)
    {
        Assert.That(type.GetMethod(nameof(ToString), Type.EmptyTypes)!.DeclaringType, Is.EqualTo(type), "overrides ToString");
        Assert.That(type.GetCustomAttribute<DebuggerDisplayAttribute>()?.Value, Is.EqualTo("{ToString(),nq}"));
    }

    [TestCaseSource(nameof(OptionsTypes))]
    public void ToString_NamesEveryPlainSettingAndNoSecret(Type type)
    {
        var options = WithEverySecretSet(Activator.CreateInstance(type)!);

        var text = options.ToString()!;

        Assert.That(Settings(type).Where(name => !text.Contains(name + " = ", StringComparison.Ordinal)), Is.Empty, text);
        Assert.That(text, Does.Not.Contain(Secret));
    }

    [Test]
    [SetCulture("de-DE")]
    public void ToString_OfAClientWithAKey_ShowsTheKeySetAndTheNestedOptionsInvariantly()
    {
        var text = new UGiftMeClientOptions { ApiKey = Secret, Retry = { MaxRetries = 7 }, OrderPolling = { IntervalRatio = 0.25 } }.ToString();

        Assert.That(text, Does.StartWith("UGiftMeClientOptions { ApiKey = <set>, "));
        Assert.That(text, Does.Contain("Retry = UGiftMeRetryOptions { MaxRetries = 7, ").And.Contain("IntervalRatio = 0.25").And.Not.Contain(Secret));
        Assert.That(new UGiftMeClientOptions().ToString(), Does.Contain("ApiKey = <not set>"));
    }

    [Test]
    public void ToString_OfWebhookSecrets_ShowsHowManyAreSetOnly()
    {
        var options = new UGiftMeWebhookOptions { Secrets = { Secret, "new-" + Secret } };

        Assert.That(options.ToString(), Does.StartWith("UGiftMeWebhookOptions { Secrets = <2 set>, ").And.Not.Contain(Secret));
        Assert.That(new UGiftMeWebhookOptions().ToString(), Does.Contain("Secrets = <not set>"));
    }

    [Test]
    public void RedisBackplane_RegisteredWithAPassword_ShowsItInNoDescriptionNorError()
    {
        var services = new ServiceCollection();
        var builder = services.AddUGiftMe(options => options.ApiKey = "key");
        RedisBackplaneOptions? described = null;

        builder.AddRedisBackplane($"127.0.0.1:1,password={Secret},abortConnect=false", options => described = options);
        var unparsable = Assert.Throws<ArgumentException>(() => builder.AddRedisBackplane($"127.0.0.1:1,password={Secret},connectTimeout=never"));

        using var provider = services.BuildServiceProvider();
        var registered = new object[] { provider.GetRequiredService<IWebhookDeduplicationStore>(), provider.GetRequiredService<OrderCompletionChannel>(), described! };
        Assert.That(registered.Select(service => service.ToString()), Has.None.Contain(Secret).And.None.Contain("password"));
        Assert.That(unparsable!.Message, Does.Not.Contain(Secret));
    }

    private static bool IsOptionsType(Type type) => type is { IsClass: true, IsAbstract: false, IsPublic: true } && type.Name.EndsWith("Options", StringComparison.Ordinal);

    private static bool IsSecret(PropertyInfo property) =>
        property.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute));

    /// <summary>The names a description must show: plain settings and lists of them, and those of nested options.</summary>
    private static IEnumerable<string> Settings(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).SelectMany(property =>
            IsSecret(property) || IsOptionsType(property.PropertyType) || (property.CanWrite ? IsPlain(property.PropertyType) : ListedType(property.PropertyType) is { } item && IsPlain(item))
                ? [property.Name, .. IsOptionsType(property.PropertyType) ? Settings(property.PropertyType) : []]
                : Array.Empty<string>());

    /// <summary>
    /// Sets every secret, of the options and of their nested options, to <see cref="Secret"/>, and every URL to one that
    /// carries it in its user-info, its query and its fragment.
    /// </summary>
    private static object WithEverySecretSet(object options)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (IsSecret(property) && property.PropertyType == typeof(string))
            {
                property.SetValue(options, Secret);
            }
            else if (IsSecret(property) && property.GetValue(options) is System.Collections.IList secrets && ListedType(property.PropertyType) is { } item)
            {
                // A list of secrets (webhook secrets), or of settings that hold one (the sandbox's API keys).
                secrets.Add(item == typeof(string) ? Secret : WithEveryStringSet(Activator.CreateInstance(item)!));
            }
            else if (property.PropertyType == typeof(Uri) && property.CanWrite)
            {
                property.SetValue(options, new Uri($"https://user:{Secret}@host.example.com/path?token={Secret}#{Secret}"));
            }
            else if (IsSecret(property))
            {
                Assert.Fail($"{options.GetType().Name}.{property.Name}: a secret of a shape this test cannot set");
            }
            else if (IsOptionsType(property.PropertyType))
            {
                var nested = property.GetValue(options) ?? Activator.CreateInstance(property.PropertyType)!;
                WithEverySecretSet(nested);
                if (property.CanWrite)
                {
                    property.SetValue(options, nested);
                }
            }
        }

        return options;
    }

    private static object WithEveryStringSet(object item)
    {
        foreach (var property in item.GetType().GetProperties().Where(p => p.CanWrite && p.PropertyType == typeof(string)))
        {
            property.SetValue(item, Secret);
        }

        return item;
    }

    private static Type? ListedType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition && (definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>))
            ? type.GetGenericArguments()[0]
            : null;

    private static bool IsPlain(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(Uri) || type == typeof(decimal);
    }
}
