namespace UGiftMe.Tests.Regeneration;

/// <summary>Deletes the shared <see cref="RegenerationCopy"/> once every regeneration test has run.</summary>
[SetUpFixture]
public sealed class RegenerationCopyCleanup
{
    [OneTimeTearDown]
    public void DeleteCopy()
    {
        if (RegenerationCopy.IsCreated)
        {
            RegenerationCopy.Shared.Delete();
        }
    }
}
