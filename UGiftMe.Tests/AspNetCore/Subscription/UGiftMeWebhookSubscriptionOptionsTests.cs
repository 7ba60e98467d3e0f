using System.Diagnostics;
using System.Reflection;
using UGiftMe.AspNetCore;

namespace UGiftMe.Tests.AspNetCore.Subscription;

/// <summary>
/// The subscription's URL as its description (and so the debugger and a log line) shows it: a token in the query, a
/// password in the user-info or a value in the fragment never appears, the place the deliveries go to does.
/// </summary>
public sealed class UGiftMeWebhookSubscriptionOptionsTests
{
    private const string Token = "tok_9f8e7d6c5b4a";
    private const string Password = "pw_0a1b2c3d";

    [Test]
    public void ToString_OfAUrlWithATokenAndUserInfo_ShowsTheHostPathAndParameterNamesOnly()
    {
        var options = new UGiftMeWebhookSubscriptionOptions { Url = new($"https://hooks:{Password}@shop.example.com:8443/webhooks/ugiftme?token={Token}&v=2#sig={Token}") };

        var text = options.ToString();

        Assert.That(text, Does.Contain("Url = https://***@shop.example.com:8443/webhooks/ugiftme?token=***&v=***#sig=***"));
        Assert.That(text, Does.Not.Contain(Token).And.Not.Contain(Password).And.Not.Contain("hooks:"));
    }

    [Test]
    public void DebuggerDisplay_OfAUrlWithATokenWithoutName_ShowsTheDescriptionWithoutIt()
    {
        var options = new UGiftMeWebhookSubscriptionOptions { Url = new($"https://shop.example.com/webhooks/ugiftme?{Token}") };

        var display = typeof(UGiftMeWebhookSubscriptionOptions).GetCustomAttribute<DebuggerDisplayAttribute>()!.Value;

        Assert.That(display, Is.EqualTo("{ToString(),nq}"));
        Assert.That(options.ToString(), Does.Contain("Url = https://shop.example.com/webhooks/ugiftme?***,").And.Not.Contain(Token));
    }

    [Test]
    public void ToString_OfARelativeUrl_RedactsItsQueryToo()
    {
        var options = new UGiftMeWebhookSubscriptionOptions { Url = new($"/webhooks/ugiftme?token={Token}", UriKind.Relative) };

        Assert.That(options.ToString(), Does.Contain("Url = /webhooks/ugiftme?token=***,").And.Not.Contain(Token));
    }

    [Test]
    public void ToString_OfAPlainUrl_ShowsItAsWritten()
    {
        var options = new UGiftMeWebhookSubscriptionOptions { Url = new("http://localhost:5080/webhooks/ugiftme") };

        Assert.That(options.ToString(), Does.Contain("Url = http://localhost:5080/webhooks/ugiftme,"));
    }
}
