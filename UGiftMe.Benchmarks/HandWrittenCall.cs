using Newtonsoft.Json;

namespace UGiftMe.Benchmarks;

/// <summary>The parts of a hand-written UGiftMe call that the baselines share.</summary>
internal static class HandWrittenCall
{
    public const string ApiKey = "6b4e22b2-c0a5-4c7a-888a-b38eac20b454";

    public static readonly Uri BaseAddress = UGiftMeClientOptions.SandboxBaseAddress;

    public static void AddHeaders(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("X-API-Key", ApiKey);
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonSerializer serializer)
    {
        using var stream = await response.Content.ReadAsStreamAsync();
        using var text = new StreamReader(stream);
        using var json = new JsonTextReader(text);
        return serializer.Deserialize<T>(json) ?? throw new JsonSerializationException($"The body was not a {typeof(T).Name}.");
    }
}
