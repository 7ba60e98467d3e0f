using System.Text;
using BenchmarkDotNet.Attributes;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using UGiftMe.Models;

namespace UGiftMe.Benchmarks;

/// <summary>
/// Figure 4: reading an order-history page of 100 documented orders (about 30 KB of UTF-8) the way the generated
/// client reads a response (stream → <see cref="JsonTextReader"/> → serializer), into the generated models, into a
/// hand-written model of the same members, and into a <see cref="JObject"/>.
/// </summary>
public class OrderHistoryDeserializationBenchmarks
{
    public const int Orders = 100;

    // The generated client's settings: NSwag's defaults, no transformation configured in nswag.json.
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings());

    // The baseline's settings: what a hand-written client configures so PascalCase members match camelCase JSON
    // exactly (without it Newtonsoft falls back to a slower case-insensitive lookup for every member).
    private static readonly JsonSerializer HandWrittenSerializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        ContractResolver = new Newtonsoft.Json.Serialization.CamelCasePropertyNamesContractResolver(),
    });

    private byte[] _body = [];

    [GlobalSetup]
    public void Setup()
    {
        _body = Encoding.UTF8.GetBytes(DocumentedBodies.OrderHistoryPage(Orders));
        if (GeneratedModel().Orders.Count != Orders || ((PlainOrderHistoryPage)HandWrittenModel()).Orders.Count != Orders || ((JArray)JObjectReadFrom()["orders"]!).Count != Orders)
        {
            throw new InvalidOperationException("The benchmark page did not read back as 100 orders.");
        }
    }

    [Benchmark(Baseline = true)]
    public object HandWrittenModel() => Read<PlainOrderHistoryPage>(HandWrittenSerializer);

    [Benchmark]
    public OrderHistoryPage GeneratedModel() => Read<OrderHistoryPage>(Serializer);

    [Benchmark]
    public JObject JObjectReadFrom()
    {
        using var json = Reader();
        return (JObject)JToken.ReadFrom(json);
    }

    private T Read<T>(JsonSerializer serializer)
    {
        using var json = Reader();
        return serializer.Deserialize<T>(json)!;
    }

    private JsonTextReader Reader() => new(new StreamReader(new MemoryStream(_body, writable: false), Encoding.UTF8));
}
