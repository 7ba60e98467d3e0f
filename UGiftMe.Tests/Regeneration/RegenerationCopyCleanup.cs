namespace UGiftMe.Tests.Regeneration;

/// <summary>Deletes this assembly's shared <see cref="RegenerationCopy"/> once every regeneration test has run.</summary>
[SetUpFixture]
public sealed class RegenerationCopyCleanup
{
    [OneTimeTearDown]
    public void DeleteCopy() => RegenerationCopy.DeleteShared();
}
