namespace UGiftMe.NetStandard.Tests;

/// <summary>What the netstandard2.0 build does differently to stand in for members netstandard2.0 lacks.</summary>
public sealed class NetStandardShimTests
{
    [Test]
    public void HttpRequestError_StandIn_HasTheRuntimesNamesAndValues()
    {
        var standIn = typeof(UGiftMeClient).Assembly.GetType("UGiftMe.HttpRequestError", throwOnError: true)!;

        Assert.That(
            Enum.GetNames(standIn).Select(name => (name, Convert.ToInt32(Enum.Parse(standIn, name), System.Globalization.CultureInfo.InvariantCulture))),
            Is.EqualTo(Enum.GetValues<HttpRequestError>().Select(value => (value.ToString(), (int)value))));
    }
}
