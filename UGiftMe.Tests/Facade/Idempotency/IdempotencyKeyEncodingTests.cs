using System.Security.Cryptography;
using System.Text;
using CsCheck;
using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Idempotency;

/// <summary>
/// <see cref="IdempotencyKey.FromReference(string, int, string?)"/> as users store it: the keys of references already
/// in use never change, and no two different (scope, reference) pairs give the same key. Seeded (CSCHECK_SEED
/// overrides the seed); the seed is printed.
/// </summary>
public sealed class IdempotencyKeyEncodingTests
{
    private static readonly string Seed = Environment.GetEnvironmentVariable("CSCHECK_SEED") is { Length: > 0 } seed ? seed : new PCG(23, 20261211).ToString();

    // Few characters, so that separators, control characters and lone surrogates meet often.
    private static readonly Gen<string> Tricky = Gen.String[Gen.Char["ab\n\r\t\0\u0085\u007f\ud800\udc00\ufffdÄ "], 0, 6];

    private static readonly Gen<string> Printable = Gen.OneOf(
        Gen.String[Gen.Char[' ', '~'], 1, 40],
        Gen.String[Gen.Char["PO-0123456789äÄß✓€ /#"], 1, 20],
        Gen.String.Where(s => !s.Any(char.IsControl) && !HasLoneSurrogate(s)))
        .Where(s => !string.IsNullOrWhiteSpace(s));

    [SetUp]
    public void PrintSeed() => TestContext.Out.WriteLine($"CsCheck seed: {Seed} (set CSCHECK_SEED to replay another)");

    // Computed with the code before the encoding rule (SHA-256 of scope + "\n" + reference), in the shape users store.
    [TestCase(null, "PO-1001", 1, "ugm_ref_7783871db3695c49cbdf9a93214e46bacf0f93f4")]
    [TestCase("", "PO-1001", 1, "ugm_ref_7783871db3695c49cbdf9a93214e46bacf0f93f4")]
    [TestCase("tenant-a", "PO-1001", 1, "ugm_ref_bf4c5509817799369c948e508757359878a60a48")]
    [TestCase("tenant-b", "PO-1001", 1, "ugm_ref_ada66ec9c86080d4f1606139d96db3ad3efafbd5")]
    [TestCase(null, "PO-2026-0042", 1, "ugm_ref_ba3a466c58614ad7815a50dc72ad6658f4689871")]
    [TestCase("acme/eu", "Bestellung Ä-42 ✓", 1, "ugm_ref_6d40ecc289112057f8a2265478a98a917bd69de9")]
    [TestCase(null, "😀 order #7", 1, "ugm_ref_a0b1472c20ce548a08b13243e5e822b573c18788")]
    [TestCase("tenant a", "ref with spaces  ", 1, "ugm_ref_7dc91ec6333f65e0bba45a82a5edaec7ac8a0af6")]
    [TestCase(null, "x", 1, "ugm_ref_bbe56d7c2d0f1f7271eb6f829800598a0a1c5a54")]
    [TestCase("tenant-a", "PO-1001", 3, "ugm_ref_bf4c5509817799369c948e508757359878a60a48.a3")]
    public void FromReference_ReferencesAlreadyInUse_KeepTheirKeys(string? scope, string reference, int attempt, string key)
    {
        Assert.That(IdempotencyKey.FromReference(reference, attempt, scope), Is.EqualTo(key));
        Assert.That(new OrderCreateOptions { BusinessReference = reference, Attempt = attempt }.ResolveKey(),
            Is.EqualTo(IdempotencyKey.FromReference(reference, attempt)), "OrderCreateOptions.BusinessReference derives the same key (no scope)");
    }

    [Test]
    public void FromReference_AnyReferenceWithoutControlCharacters_KeepsTheKeyItHadBefore()
    {
        Gen.Select(Gen.OneOf(Gen.Const((string?)null), Printable.Select(s => (string?)s)), Printable).Sample((scope, reference) =>
            IdempotencyKey.FromReference(reference, scope) == KeyBeforeTheEncodingRule(scope, reference), seed: Seed, iter: 2_000, threads: 1);
    }

    [Test]
    public void FromReference_TwoDifferentScopeAndReferencePairs_NeverGiveTheSameKey()
    {
        // Every other way to read the same bytes: a separator moved between scope and reference, or a lone surrogate
        // that UTF-8 would have replaced by U+FFFD. Either both are refused or their keys differ.
        var accepted = 0;
        var refused = 0;
        Gen.Select(Tricky, Tricky.Where(s => !string.IsNullOrWhiteSpace(s))).Sample((scope, reference) =>
        {
            var key = KeyOrNull(scope, reference, ref accepted, ref refused);
            foreach (var (otherScope, otherReference) in OtherReadings(scope, reference))
            {
                if (key is not null && KeyOrNull(otherScope, otherReference, ref accepted, ref refused) == key)
                {
                    return false;
                }
            }

            return true;
        }, seed: Seed, iter: 5_000, threads: 1);

        TestContext.Out.WriteLine($"{accepted} pairs accepted, {refused} refused");
        Assert.That(accepted, Is.Positive, "the property saw accepted pairs, not only refusals");
        Assert.That(refused, Is.Positive);
    }

    // A source, not [TestCase]: attribute strings are stored as UTF-8, which would turn the lone surrogates into U+FFFD.
    private static IEnumerable<TestCaseData> RefusedPairs()
    {
        yield return new TestCaseData("PO-1\n", null).SetArgDisplayNames("line feed in the reference");
        yield return new TestCaseData("PO-1", "tenant\n").SetArgDisplayNames("line feed in the scope");
        yield return new TestCaseData("PO\t1", null).SetArgDisplayNames("tab");
        yield return new TestCaseData("PO-1\0", null).SetArgDisplayNames("NUL");
        yield return new TestCaseData("PO-1\u0085", null).SetArgDisplayNames("NEL (C1)");
        yield return new TestCaseData("PO-1\u007f", "tenant").SetArgDisplayNames("DEL");
        yield return new TestCaseData("PO-1\ud800", null).SetArgDisplayNames("lone high surrogate in the reference");
        yield return new TestCaseData("PO-1", "tenant\udc00").SetArgDisplayNames("lone low surrogate in the scope");
        yield return new TestCaseData("\udc00\ud800", null).SetArgDisplayNames("surrogates in the wrong order");
    }

    [TestCaseSource(nameof(RefusedPairs))]
    public void FromReference_ControlCharacterOrLoneSurrogate_IsRefusedNamingWhichArgument(string reference, string? scope)
    {
        var failure = Assert.Throws<ArgumentException>(() => IdempotencyKey.FromReference(reference, scope));

        Assert.That(failure!.ParamName, Is.EqualTo(reference.Any(c => char.IsControl(c) || char.IsSurrogate(c)) ? "businessReference" : "scope"));
        Assert.That(failure.Message, Does.Contain("position"));
    }

    [Test]
    public void StartAsync_BusinessReferenceWithAControlCharacter_IsRefusedBeforeAnythingIsSent()
    {
        var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond(_ => Responses.Fixture(201, "responses/create-order-201.json"));
        using var client = TestClients.Create(mock, new TestClock());
        var order = new CreateOrderRequest { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 };

        Assert.That(async () => await client.Orders.StartAsync(order, new OrderCreateOptions { BusinessReference = "PO-1\n" }), Throws.ArgumentException);
        Assert.That(mock.GetMatchCount(any), Is.Zero);
        Assert.That(async () => await client.Orders.StartAsync(order, new OrderCreateOptions { BusinessReference = "PO-1" }), Throws.Nothing);
        Assert.That(mock.GetMatchCount(any), Is.EqualTo(1), "the same order with a clean reference is sent");
    }

    private static string? KeyOrNull(string? scope, string reference, ref int accepted, ref int refused)
    {
        try
        {
            var key = IdempotencyKey.FromReference(reference, scope);
            accepted++;
            return key;
        }
        catch (ArgumentException)
        {
            refused++;
            return null;
        }
    }

    private static IEnumerable<(string? Scope, string Reference)> OtherReadings(string? scope, string reference)
    {
        var joined = $"{scope}\n{reference}";
        for (var i = joined.IndexOf('\n', StringComparison.Ordinal); i >= 0; i = joined.IndexOf('\n', i + 1))
        {
            var (otherScope, otherReference) = (joined[..i], joined[(i + 1)..]);
            if ((otherScope != (scope ?? "") || otherReference != reference) && !string.IsNullOrWhiteSpace(otherReference))
            {
                yield return (otherScope, otherReference);
            }
        }

        if (HasLoneSurrogate(reference))
        {
            yield return (scope, ReplaceLoneSurrogates(reference));
        }

        if (scope is not null && HasLoneSurrogate(scope))
        {
            yield return (ReplaceLoneSurrogates(scope), reference);
        }
    }

    private static string KeyBeforeTheEncodingRule(string? scope, string reference) =>
        "ugm_ref_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\n{reference}")).AsSpan(0, 20));

    private static bool HasLoneSurrogate(string value) => ReplaceLoneSurrogates(value) != value;

    private static string ReplaceLoneSurrogates(string value) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value));
}
