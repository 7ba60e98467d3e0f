using Newtonsoft.Json;

namespace UGiftMe.Models;

// List and update answers name the id `_id`; the create answer says `id`. Either spelling fills Id.
public partial class WebhookSubscription
{
    [JsonProperty("id", NullValueHandling = NullValueHandling.Ignore)]
    private string? PlainId
    {
        set => Id ??= value;
    }
}
