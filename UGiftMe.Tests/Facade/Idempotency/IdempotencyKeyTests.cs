
namespace UGiftMe.Tests.Facade.Idempotency;

public sealed class IdempotencyKeyTests
{
    [Test]
    public void FromReference_SameReferenceAndScope_GivesTheSameHeaderSafeKey()
    {
        var first = IdempotencyKey.FromReference("PO-1001", "tenant-a");
        var second = IdempotencyKey.FromReference("PO-1001", "tenant-a");

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Does.Match("^ugm_ref_[0-9a-f]{40}$"));
    }

    [Test]
    public void FromReference_DifferentScope_GivesADifferentKey()
    {
        Assert.That(IdempotencyKey.FromReference("PO-1001", "tenant-a"), Is.Not.EqualTo(IdempotencyKey.FromReference("PO-1001", "tenant-b")));
        Assert.That(IdempotencyKey.FromReference("PO-1001"), Is.Not.EqualTo(IdempotencyKey.FromReference("PO-1002")));
    }

    [TestCase("")]
    [TestCase("   ")]
    public void FromReference_BlankReference_Throws(string reference)
    {
        Assert.That(() => IdempotencyKey.FromReference(reference), Throws.ArgumentException);
    }

    [Test]
    public void Create_TwoCalls_GiveDifferentPrefixedKeys()
    {
        var first = IdempotencyKey.Create();

        Assert.That(first, Does.Match("^ugm_[0-9a-f]{32}$"));
        Assert.That(IdempotencyKey.Create(), Is.Not.EqualTo(first));
    }

    [Test]
    public void FromReference_Attempts_AreTheFirstKeyWalkedByNextAttempt()
    {
        var first = IdempotencyKey.FromReference("PO-1001", 1, "tenant-a");
        var third = IdempotencyKey.FromReference("PO-1001", 3, "tenant-a");

        Assert.That(first, Is.EqualTo(IdempotencyKey.FromReference("PO-1001", "tenant-a")), "attempt 1 is the key every earlier release sent");
        Assert.That(third, Is.EqualTo(IdempotencyKey.NextAttempt(IdempotencyKey.NextAttempt(first))));
        Assert.That(third, Is.EqualTo(first + ".a3"));
        Assert.That(IdempotencyKey.AttemptOf(third), Is.EqualTo(3));
        Assert.That(IdempotencyKey.AttemptOf(first), Is.EqualTo(1));
    }

    [TestCase("my-key", "my-key.a2")]
    [TestCase("my-key.a2", "my-key.a3")]
    [TestCase("my-key.a9", "my-key.a10")]
    [TestCase("my-key.a1", "my-key.a1.a2")]
    [TestCase("my-key.a02", "my-key.a02.a2")]
    [TestCase("my-key.ax", "my-key.ax.a2")]
    public void NextAttempt_AnyKey_IsAPureFunctionThatNeverMapsTwoKeysToOne(string key, string next)
    {
        var first = IdempotencyKey.NextAttempt(key);
        var again = IdempotencyKey.NextAttempt(key);
        Assert.That(first, Is.EqualTo(next));
        Assert.That(again, Is.EqualTo(first));
    }

    [TestCase(0)]
    [TestCase(1001)]
    public void FromReference_AttemptOutOfRange_Throws(int attempt)
    {
        Assert.That(() => IdempotencyKey.FromReference("PO-1", attempt), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void OrderCreateOptions_Attempt_SendsThatAttemptsKey_AndNeedsAReference()
    {
        var second = new OrderCreateOptions { BusinessReference = "PO-1", Attempt = 2 };

        Assert.That(second.ResolveKey(), Is.EqualTo(IdempotencyKey.FromReference("PO-1", 2)));
        Assert.That(() => new OrderCreateOptions { IdempotencyKey = "k", Attempt = 2 }.ResolveKey(),
            Throws.ArgumentException.With.Message.Contains("IdempotencyKey.NextAttempt"));
        Assert.That(() => new OrderCreateOptions { BusinessReference = "PO-1", Attempt = 0 }.ResolveKey(),
            Throws.ArgumentException.With.Message.Contains("Attempt must be between 1 and 1000"));
    }

    [Test]
    public void AsyncFailure_Message_SaysTheKeyIsSpentAndHandsOutTheNextOne()
    {
        var key = IdempotencyKey.FromReference("PO-1");
        var request = new UGiftMe.Models.OrderRequest { Error = "Insufficient available balance. Required: 50, Available: 10 GBP" };

        var failure = OrderFailure.From("65e4f5b6c7d8e90123456789", request, key, new SecretRedactor(apiKey: null));

        Assert.That(failure, Is.InstanceOf<UGiftMe.InsufficientFundsException>());
        Assert.That(failure.Message, Does.Contain($"No order exists for Idempotency-Key '{key}'"));
        Assert.That(failure.Message, Does.Contain("replays this failure"));
        Assert.That(failure.Message, Does.Contain($"'{IdempotencyKey.NextAttempt(key)}'"));
    }
}
