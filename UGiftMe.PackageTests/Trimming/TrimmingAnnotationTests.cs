using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using UGiftMe.Testing;

namespace UGiftMe.PackageTests.Trimming;

/// <summary>
/// The SDK is not trimmable (Newtonsoft.Json, configuration binding and minimal APIs use reflection), and says so where
/// a user enters it: every way to create a client, register it, register or map the webhook receiver, or parse a
/// webhook carries [RequiresUnreferencedCode] and [RequiresDynamicCode], so an app's trimmed or AOT publish warns at
/// build (UGiftMe.EvolutionTests' ConsumerAppTests checks the warning in a real publish). New DI or endpoint
/// overloads are covered by name.
/// </summary>
public sealed class TrimmingAnnotationTests
{
    private static readonly Assembly[] Shipping =
    [
        typeof(UGiftMeClient).Assembly,
        typeof(UGiftMe.AspNetCore.UGiftMeWebhookOptions).Assembly,
        typeof(UGiftMe.Redis.RedisBackplaneOptions).Assembly,
        typeof(UGiftMe.Sandbox.SandboxServer).Assembly,
        typeof(UGiftMe.Testing.UGiftMeSandbox).Assembly,
    ];

    /// <summary>
    /// Registrations that need no reflection, so they must not warn: <c>AddUGiftMeOrderCompletion</c> registers one
    /// singleton through a factory lambda (it is called by <c>AddUGiftMeWebhooks</c>, which warns), and
    /// <c>AddRedisBackplane</c> registers the backplane through lambdas and carries order completions as JSON written by
    /// source-generated code. Both extend what <c>AddUGiftMe</c> (which warns) registered.
    /// </summary>
    private static readonly HashSet<string> TrimSafeRegistrations = ["AddUGiftMeOrderCompletion", "AddRedisBackplane"];

    public static IEnumerable<TestCaseData> EntryPoints()
    {
        IEnumerable<MethodBase> entryPoints =
        [
            .. typeof(UGiftMeClient).GetConstructors(),
            // The DI and endpoint extension classes (AddUGiftMe, AddUGiftMeWebhooks, MapUGiftMeWebhooks, ...).
            .. Shipping.SelectMany(assembly => assembly.GetExportedTypes())
                .Where(type => type is { IsAbstract: true, IsSealed: true } && type.Namespace?.StartsWith("Microsoft.", StringComparison.Ordinal) == true)
                .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static))
                .Where(method => !TrimSafeRegistrations.Contains(method.Name)),
            .. typeof(WebhookVerifier).GetMethods().Where(method => method.Name is nameof(WebhookVerifier.Verify) or nameof(WebhookVerifier.TryVerify)),
            .. typeof(WebhookSigner).GetMethods().Where(method => method.Name == nameof(WebhookSigner.CreateDelivery) && method.GetParameters().Any(p => p.ParameterType == typeof(object))),
            // The testing kit and the sandbox: every way to start a sandbox or make a client for it.
            .. typeof(UGiftMe.Sandbox.SandboxServer).GetMethods().Where(method => method.Name == nameof(UGiftMe.Sandbox.SandboxServer.StartAsync)),
            .. typeof(UGiftMe.Testing.UGiftMeSandbox).GetMethods().Where(method => method.Name is nameof(UGiftMe.Testing.UGiftMeSandbox.StartAsync) or nameof(UGiftMe.Testing.UGiftMeSandbox.CreateClient)),
        ];
        return entryPoints.Select(method => new TestCaseData(method).SetArgDisplayNames($"{method.DeclaringType!.Name}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})"));
    }

    [Test]
    public void EntryPoints_OfTheShippingAssemblies_IncludeEveryRegistrationMethod()
    {
        var names = EntryPoints().Select(data => ((MethodBase)data.Arguments[0]!).Name).ToHashSet();

        Assert.That(names, Is.SupersetOf(new[] { ".ctor", "AddUGiftMe", "AddUGiftMeWebhooks", "MapUGiftMeWebhooks", "Verify", "TryVerify", "CreateDelivery", "StartAsync", "CreateClient", "AddUGiftMeSandbox", "UseSandbox" }));
    }

    [TestCaseSource(nameof(EntryPoints))]
    public void EntryPoint_NeedingReflection_SaysSoForTrimmingAndAot(MethodBase entryPoint)
    {
        var unreferenced = entryPoint.GetCustomAttribute<RequiresUnreferencedCodeAttribute>();
        var dynamicCode = entryPoint.GetCustomAttribute<RequiresDynamicCodeAttribute>();

        Assert.That(unreferenced?.Message, Does.Contain("docs/trimming.md"), "[RequiresUnreferencedCode] with a message that says where to read more");
        Assert.That(dynamicCode?.Message, Does.Contain("docs/trimming.md"), "[RequiresDynamicCode] with a message that says where to read more");
    }

    [Test]
    public void TrimSafeRegistrations_NeedingNoReflection_DoNotWarn()
    {
        MethodInfo[] registrations =
        [
            typeof(Microsoft.Extensions.DependencyInjection.OrderCompletionServiceCollectionExtensions)
                .GetMethod(nameof(Microsoft.Extensions.DependencyInjection.OrderCompletionServiceCollectionExtensions.AddUGiftMeOrderCompletion))!,
            .. typeof(Microsoft.Extensions.DependencyInjection.RedisBackplaneServiceCollectionExtensions).GetMethods(BindingFlags.Public | BindingFlags.Static),
        ];

        Assert.That(registrations.Select(method => method.Name).Distinct(), Is.EquivalentTo(TrimSafeRegistrations));
        Assert.That(registrations.Where(method => method.IsDefined(typeof(RequiresUnreferencedCodeAttribute)) || method.IsDefined(typeof(RequiresDynamicCodeAttribute))), Is.Empty);
    }

    [Test]
    public void SignatureOnlyCheck_WithoutParsing_StaysUsableWhenTrimmed()
    {
        var verifySignature = typeof(WebhookVerifier).GetMethod(nameof(WebhookVerifier.VerifySignature))!;

        Assert.That(verifySignature.GetCustomAttribute<RequiresUnreferencedCodeAttribute>(), Is.Null, "VerifySignature only computes an HMAC");
    }

    [TestCaseSource(nameof(ShippingAssemblies))]
    public void ShippingAssembly_WhenBuilt_DoesNotClaimToBeTrimmable(Assembly assembly)
    {
        var claims = assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(a => a.Key is "IsTrimmable" or "IsAotCompatible" && string.Equals(a.Value, "True", StringComparison.OrdinalIgnoreCase));

        Assert.That(claims, Is.Empty);
        Assert.That(File.Exists(RepositoryRoot.Combine("docs", "trimming.md")), Is.True, "the messages point at docs/trimming.md");
    }

    public static IEnumerable<Assembly> ShippingAssemblies() => Shipping;
}
