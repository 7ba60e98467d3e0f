using System.Net;
using System.Text;
using RichardSzalay.MockHttp;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Http;

/// <summary>
/// A body is read as text as a <see cref="StreamReader"/> reads it: UTF-8 with invalid bytes replaced, a byte order
/// mark followed; small bodies are decoded at once into pooled chars, larger ones through a reader's small buffers.
/// </summary>
public sealed class ResponseTextDecodingTests
{
    private const string WalletUrl = TestClients.BaseUrl + "/wallet";

    [TestCase("utf-8 with a byte order mark")]
    [TestCase("utf-16 little-endian with a byte order mark")]
    [TestCase("utf-16 big-endian with a byte order mark")]
    [TestCase("utf-8, over a MiB")]
    public async Task Body_InAnEncodingAReaderFollows_ReadsAsTheModel(string encoding)
    {
        var padding = encoding.EndsWith("over a MiB", StringComparison.Ordinal) ? new string('x', 1024 * 1024) : "";
        var json = $$"""[{"currency":"EUR","balance":75.25,"_id":"w-2","note":"café {{padding}}"}]""";
        byte[] body = encoding switch
        {
            "utf-8 with a byte order mark" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(json)],
            "utf-16 little-endian with a byte order mark" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(json)],
            "utf-16 big-endian with a byte order mark" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(json)],
            _ => Encoding.UTF8.GetBytes(json),
        };

        var wallet = (await WalletAsync(body, configure: options => options.MaxResponseSize = 4 * 1024 * 1024)).Single();

        Assert.That(wallet.Currency, Is.EqualTo("EUR"));
        Assert.That(wallet.Balance, Is.EqualTo(75.25m));
        Assert.That(wallet.AdditionalProperties["note"].ToString(), Is.EqualTo("café " + padding));
    }

    [Test]
    public async Task Body_WithBytesThatAreNotUtf8_ReadsThemAsReplacementCharacters()
    {
        byte[] body = [.. """[{"currency":"EUR","balance":1,"_id":"w-"""u8, 0xC3, 0x28, 0xFF, .. "\"}]"u8];

        var wallet = (await WalletAsync(body)).Single();

        Assert.That(wallet.Id, Is.EqualTo("w-\uFFFD(\uFFFD"));
    }

    private static async Task<List<UGiftMe.Models.Wallet>> WalletAsync(byte[] body, Action<UGiftMeClientOptions>? configure = null)
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, WalletUrl).Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) });
        using var client = TestClients.Create(mock, new TestClock(), configure);
        return (await client.Wallet.ListAsync()).Value;
    }
}
