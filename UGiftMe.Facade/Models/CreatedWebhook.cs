using Newtonsoft.Json;

namespace UGiftMe.Models;

// The create answer names the id `id`; list and update answers say `_id`. Either spelling fills Id.
public partial class CreatedWebhook
{
    [JsonProperty("_id", NullValueHandling = NullValueHandling.Ignore)]
    private string? UnderscoreId
    {
        set => Id ??= value;
    }
}
