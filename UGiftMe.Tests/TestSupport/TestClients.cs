using RichardSzalay.MockHttp;

namespace UGiftMe.Tests.TestSupport;

/// <summary>Builds clients over a MockHttp handler and a <see cref="TestClock"/>, with timeouts off unless asked for.</summary>
public static class TestClients
{
    public const string ApiKey = "6b4e22b2-c0a5-4c7a-888a-b38eac20b454";
    public const string BaseUrl = "https://api-stage.ugift.me/api/v1/business";

    public static UGiftMeClientOptions Options(TestClock clock, Action<UGiftMeClientOptions>? configure = null)
    {
        var options = new UGiftMeClientOptions
        {
            ApiKey = ApiKey,
            TimeProvider = clock,
            AttemptTimeout = Timeout.InfiniteTimeSpan,
            TotalTimeout = Timeout.InfiniteTimeSpan,
        };
        configure?.Invoke(options);
        return options;
    }

    public static UGiftMeClient Create(MockHttpMessageHandler mock, TestClock clock, Action<UGiftMeClientOptions>? configure = null) =>
        new(Options(clock, configure), mock);
}
