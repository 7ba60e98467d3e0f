using System.Globalization;
using System.Text;
using RichardSzalay.MockHttp;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Http;

/// <summary>
/// A server that echoes the API key JSON-escaped or in another case still never shows it: the masking applies to
/// what parsing produces (error, message, reason, details, failure text) and to the raw body, not only to its bytes.
/// </summary>
public sealed class EscapedSecretRedactionTests
{
    private const string Key = "sk_live_Echo/Key-4242";
    private const string WalletUrl = TestClients.BaseUrl + "/wallet";

    private static string UnicodeEscaped(string text) => string.Concat(text.Select(c => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture)));

    private static IEnumerable<TestCaseData> Echoes()
    {
        yield return new TestCaseData(UnicodeEscaped(Key)).SetArgDisplayNames("unicode-escaped");
        yield return new TestCaseData(Key.Replace("/", "\\/", StringComparison.Ordinal)).SetArgDisplayNames("solidus-escaped");
        yield return new TestCaseData(Key.ToUpperInvariant()).SetArgDisplayNames("upper case");
        yield return new TestCaseData(Key).SetArgDisplayNames("as is");
    }

    [TestCaseSource(nameof(Echoes))]
    public void ErrorBody_EchoingTheKeyEscapedOrReCased_NeverShowsIt(string echoed)
    {
        using var mock = new MockHttpMessageHandler();
        var body = $$$"""{"error":"Invalid API key {{{echoed}}}","message":"key {{{echoed}}} revoked","reason":"{{{echoed}}}","details":{"key":"{{{echoed}}}"}}""";
        mock.When(HttpMethod.Get, WalletUrl).Respond(_ => Responses.Json(401, body));
        using var client = TestClients.Create(mock, new TestClock(), options => options.ApiKey = Key);

        var thrown = Assert.ThrowsAsync<AuthenticationFailedException>(() => client.Wallet.ListAsync());

        var shown = string.Join("\n", thrown!.Message, thrown.Error, thrown.ServerMessage, thrown.Reason, thrown.Details?.ToString(), thrown.RawBody, thrown.ToString());
        Assert.That(shown, Does.Not.Contain(Key).IgnoreCase, "nothing shows the key");
        Assert.That(thrown.Error, Is.EqualTo("Invalid API key [REDACTED]"), "positive control: the echo was there and was masked");
        Assert.That(thrown.Reason, Is.EqualTo("[REDACTED]"));
        Assert.That((string?)thrown.Details?["key"], Is.EqualTo("[REDACTED]"));
        Assert.That(thrown.RawBody, Does.Contain("[REDACTED]"));
    }

    [Test]
    public void ErrorDetails_EchoingAKeyThatJsonMustEscape_NeverShowIt()
    {
        const string QuotedKey = "sk_live_Quote\"Key\\4242";
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, WalletUrl).Respond(_ => Responses.Json(401, """{"error":"Invalid API key","details":{"key":"sk_live_Quote\"Key\\4242"}}"""));
        using var client = TestClients.Create(mock, new TestClock(), options => options.ApiKey = QuotedKey);

        var thrown = Assert.ThrowsAsync<AuthenticationFailedException>(() => client.Wallet.ListAsync());

        Assert.That((string?)thrown!.Details?["key"], Is.EqualTo("[REDACTED]"));
        Assert.That(thrown.RawBody, Does.Not.Contain("Quote"));
    }

    [Test]
    public void QueuedOrderFailureText_EchoingTheKeyEscaped_NeverShowsIt()
    {
        var clock = new TestClock();
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(_ => Responses.Json(202, """{"orderRequestId":"65e4f5b6c7d8e90123456789","status":"queued"}"""));
        mock.When(HttpMethod.Get, TestClients.BaseUrl + "/orders/order-requests/65e4f5b6c7d8e90123456789").Respond(_ => Responses.Json(200,
            $$"""{"orderRequestId":"65e4f5b6c7d8e90123456789","status":"failed","error":"Key {{UnicodeEscaped(Key)}} may not order this product"}"""));
        using var client = TestClients.Create(mock, clock, options => options.ApiKey = Key);

        var thrown = Assert.ThrowsAsync<OrderFailedException>(() => clock.RunAsync(client.Orders.CreateAndWaitAsync(
            new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 })));

        Assert.That(thrown!.FailureReason, Is.EqualTo("Key [REDACTED] may not order this product"), "positive control");
        Assert.That(string.Join("\n", thrown.Message, thrown.Error, thrown.FailureReason, thrown.ToString()), Does.Not.Contain(Key).IgnoreCase);
    }

    [Test]
    public void Redactor_MasksEveryEscapedFormInJson_AndLeavesOtherJsonAlone()
    {
        var redactor = new SecretRedactor(Key);
        var json = $$"""{"a":"{{UnicodeEscaped(Key)}}","b":["x {{Key.ToLowerInvariant()}} y"],"c":"plain \u00e9"}""";

        var masked = redactor.RedactJson(json)!;

        Assert.That(masked, Does.Not.Contain(Key).IgnoreCase.And.Not.Contain(UnicodeEscaped(Key)));
        Assert.That(Newtonsoft.Json.Linq.JToken.Parse(masked)["a"]!.ToString(), Is.EqualTo("[REDACTED]"));
        Assert.That(redactor.RedactJson("""{"c":"plain \u00e9"}"""), Is.EqualTo("""{"c":"plain \u00e9"}"""), "JSON without a secret is left as received");
        Assert.That(Encoding.UTF8.GetString(redactor.RedactApiKey(Encoding.UTF8.GetBytes("no key here")).Span), Is.EqualTo("no key here"));
    }
}
