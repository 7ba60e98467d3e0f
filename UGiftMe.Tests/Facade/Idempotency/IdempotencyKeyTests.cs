
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
}
