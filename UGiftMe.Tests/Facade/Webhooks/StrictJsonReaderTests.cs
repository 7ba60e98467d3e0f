using System.Text;

namespace UGiftMe.Tests.Facade.Webhooks;

/// <summary>
/// Which top-level members a body has, as the strict reader records them for the required-member check, with a table
/// of more tracked names than fit in one 64-bit word (the payloads track 13 today); and a reader read again.
/// </summary>
public sealed class StrictJsonReaderTests
{
    private const int TrackedNames = 150;

    private static readonly KnownJsonNames Names = new(
        ["status"], Enumerable.Range(0, TrackedNames).Select(Name), ["nested"]);

    private static string Name(int index) => $"member{index}";

    [Test]
    public void ATableOfMoreThan64TrackedNames_IsBuilt_AndTracksThemAll()
    {
        Assert.That(Names.TrackedCount, Is.EqualTo(TrackedNames + 1));
    }

    [TestCase(0)]
    [TestCase(62)]
    [TestCase(63)]
    [TestCase(64)]
    [TestCase(127)]
    [TestCase(128)]
    [TestCase(149)]
    public void TrackedMember_AnywhereInTheTable_IsRecordedOnlyWhenAtTopLevelAndNotNull(int index)
    {
        var nested = Name(index + 1 < TrackedNames ? index + 1 : 0);
        var present = Read($$$"""{"status":"ok","{{{Name(index)}}}":1,"nested":{"{{{nested}}}":1}}""");
        var nullValued = Read($$"""{"{{Name(index)}}":null}""");

        Assert.That(present.HasTopLevel(Name(index)), Is.True);
        Assert.That(present.HasTopLevel("status"), Is.True);
        Assert.That(present.TopLevelText("status"), Is.EqualTo("ok"));
        Assert.That(Enumerable.Range(0, TrackedNames).Where(other => present.HasTopLevel(Name(other))), Is.EqualTo(new[] { index }),
            "only the top-level member is recorded, not the nested one, nor a member whose bit it shares modulo 64");
        Assert.That(nullValued.HasTopLevel(Name(index)), Is.False);
    }

    [Test]
    public void EveryTrackedMember_AtTopLevel_IsRecorded()
    {
        var body = "{" + string.Join(",", Enumerable.Range(0, TrackedNames).Select(index => $"\"{Name(index)}\":{index}")) + "}";

        var reader = Read(body);

        Assert.That(Enumerable.Range(0, TrackedNames).Where(index => !reader.HasTopLevel(Name(index))), Is.Empty);
        Assert.That(reader.HasTopLevel("status"), Is.False);
    }

    [Test]
    public void AReaderThatReadItsBodyToTheEnd_IsReadAgainOnThisThread_AndRemembersNothingOfTheFirstBody()
    {
        var first = Read("""{"status":"first","member0":1,"member100":2,"nested":{"member1":[1,{"member2":3}]}}""");
        first.Close();

        var second = Read("""{"member3":4}""");

        Assert.That(second, Is.SameAs(first));
        Assert.That(second.HasTopLevel("member3"), Is.True);
        Assert.That(new[] { "status", "member0", "member100", "member1", "member2" }.Where(second.HasTopLevel), Is.Empty);
        Assert.That(second.TopLevelText("status"), Is.Null);
        Assert.That(second.Root, Is.EqualTo(System.Text.Json.JsonTokenType.StartObject));
        Assert.That(second.TokenType, Is.EqualTo(Newtonsoft.Json.JsonToken.EndObject));
        Assert.That(second.Depth, Is.Zero);
    }

    [Test]
    public void AReaderThatStoppedInsideItsBody_IsNotReadAgain()
    {
        var broken = StrictJsonReader.Over(Encoding.UTF8.GetBytes("""{"member0":{"member1":[1,2"""), Names);
        Assert.That(broken.ReadToEnd, Throws.InstanceOf<System.Text.Json.JsonException>());
        broken.Close();

        var next = Read("""{"member0":[{"member1":true}]}""");

        Assert.That(next, Is.Not.SameAs(broken));
        Assert.That(next.HasTopLevel("member0"), Is.True);
        Assert.That(next.Depth, Is.Zero);
    }

    private static StrictJsonReader Read(string body)
    {
        var reader = StrictJsonReader.Over(Encoding.UTF8.GetBytes(body), Names);
        reader.ReadToEnd();
        return reader;
    }
}
