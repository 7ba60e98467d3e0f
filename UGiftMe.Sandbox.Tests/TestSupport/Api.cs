using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UGiftMe.Sandbox.Tests.TestSupport;

/// <summary>Plain-HttpClient helpers: the sandbox is tested over real HTTP, not through the SDK.</summary>
public static class Api
{
    public const string Prefix = "api/v1/business/";

    public static object Order(
        string productCode = "AMAZON_UK_STD", string merchant = "Amazon UK", decimal value = 50m) =>
        new { productCode, merchant, currency = "GBP", valuePurchased = value };

    public static Task<HttpResponseMessage> PostAsync(
        HttpClient client, string path, object body, string? idempotencyKey = null) =>
        PostRawAsync(client, path, JsonSerializer.Serialize(body), idempotencyKey);

    public static async Task<HttpResponseMessage> PostRawAsync(
        HttpClient client, string path, string json, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Prefix + path);
        request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> PatchAsync(HttpClient client, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, Prefix + path);
        request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> GetAsync(HttpClient client, string path) => client.GetAsync(Prefix + path);

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : string.Empty;
}
