using System.Reflection;

namespace UGiftMe.Tests.PublicApi.Coverage;

/// <summary>
/// Every public generated model (<c>UGiftMe.Models</c>) is reachable from a public member of a shipping assembly: a
/// method takes or returns it, a property, field or event has it, or a reachable model contains it. Regeneration makes
/// every schema of the spec a public type; one that no member reaches (a new endpoint's models, a new error model)
/// would enter the surface, and be locked in by accepting the snapshot, without a user being able to get one. Fails
/// with the unreached models: use them in the facade, or list them here with why.
/// </summary>
public sealed class ModelReachabilityTests
{
    private const BindingFlags Visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Models public on purpose although no member hands them out, each with why.</summary>
    private static readonly IReadOnlyDictionary<string, string> PublicOnPurpose = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Request bodies the facade builds from its own parameters (OrdersClient.CreateBulkAsync, WebhooksClient).
        ["CreateBulkOrderRequest"] = "OrdersClient builds it from the CreateOrderRequest items it takes",
        ["CreateWebhookRequest"] = "WebhooksClient.CreateAsync builds it from its url, events and description",
        ["UpdateWebhookRequest"] = "WebhooksClient.UpdateAsync builds it from its parameters",
        ["SendTestDeliveryRequest"] = "WebhooksClient.SendTestAsync builds it from the webhook id",
        // Error bodies: ErrorMapper reads them into the exception's Error, ServerMessage, Reason and Details.
        ["Error"] = "read into UGiftMeException's members, never handed out",
        ["InsufficientFundsError"] = "read into InsufficientFundsException's Required, Available and Currency",
    };

    [Test]
    public void EveryPublicModel_IsReachableFromAPublicMember_OrListed()
    {
        var models = typeof(UGiftMeClient).Assembly.GetExportedTypes().Where(IsModel).ToList();
        var reached = Reached(ShippingAssemblies.Names.Select(ShippingAssemblies.Load)
            .SelectMany(assembly => assembly.GetExportedTypes())
            .Where(type => !IsModel(type)));

        var unreached = models
            .Where(model => !reached.Contains(model) && !PublicOnPurpose.ContainsKey(model.Name))
            .Select(model => model.Name)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.That(models, Is.Not.Empty);
        Assert.That(unreached, Is.Empty,
            "public models no public member takes, returns or contains: use them in the facade, or list them in ModelReachabilityTests.PublicOnPurpose with why");
    }

    [Test]
    public void PublicOnPurposeList_NamesOnlyModelsThatExist()
    {
        var models = typeof(UGiftMeClient).Assembly.GetExportedTypes().Where(IsModel).Select(model => model.Name).ToHashSet(StringComparer.Ordinal);

        Assert.That(PublicOnPurpose.Keys.Where(name => !models.Contains(name)), Is.Empty, "stale entries");
    }

    private static bool IsModel(Type type) => type.Namespace == "UGiftMe.Models";

    // The types the public members of `roots` mention, closed over the members of every model reached.
    private static HashSet<Type> Reached(IEnumerable<Type> roots)
    {
        var reached = new HashSet<Type>();
        var pending = new Queue<Type>();
        void Mention(Type? type)
        {
            if (type is null)
            {
                return;
            }
            if (type.HasElementType)
            {
                Mention(type.GetElementType());
                return;
            }
            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
            {
                Mention(argument);
            }
            if (IsModel(type) && reached.Add(type))
            {
                pending.Enqueue(type);
            }
        }

        foreach (var root in roots)
        {
            Members(root, Mention);
        }
        while (pending.Count > 0)
        {
            Members(pending.Dequeue(), Mention);
        }
        return reached;
    }

    private static void Members(Type type, Action<Type?> mention)
    {
        mention(type.BaseType);
        foreach (var implemented in type.GetInterfaces())
        {
            mention(implemented);
        }
        foreach (var member in type.GetMembers(Visible))
        {
            switch (member)
            {
                case MethodBase method:
                    mention((method as MethodInfo)?.ReturnType);
                    foreach (var parameter in method.GetParameters())
                    {
                        mention(parameter.ParameterType);
                    }
                    break;
                case PropertyInfo property:
                    mention(property.PropertyType);
                    break;
                case FieldInfo field:
                    mention(field.FieldType);
                    break;
                case EventInfo @event:
                    mention(@event.EventHandlerType);
                    break;
            }
        }
    }
}
