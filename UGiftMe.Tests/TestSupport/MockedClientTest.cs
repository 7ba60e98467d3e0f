using RichardSzalay.MockHttp;

namespace UGiftMe.Tests.TestSupport;

/// <summary>A fixture base with a fresh <see cref="TestClock"/>, MockHttp handler and client per test.</summary>
public abstract class MockedClientTest
{
    protected TestClock Clock { get; private set; } = null!;

    protected MockHttpMessageHandler Mock { get; private set; } = null!;

    protected UGiftMeClient Client { get; private set; } = null!;

    [SetUp]
    public void CreateClient()
    {
        Clock = new TestClock();
        Mock = new MockHttpMessageHandler();
        Client = TestClients.Create(Mock, Clock);
    }

    [TearDown]
    public void DisposeClient()
    {
        Client.Dispose();
        Mock.Dispose();
    }
}
