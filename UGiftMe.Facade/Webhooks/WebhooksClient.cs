using UGiftMe.Generated;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// Webhook subscriptions: create (the signing secret is returned once), list, update, pause/resume, delete, send a
/// test delivery and read the test sample. Arguments are checked before anything is sent.
/// </summary>
public class WebhooksClient
{
    private readonly UGiftMePipeline _pipeline = null!;

    internal WebhooksClient(UGiftMePipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking in tests.</summary>
    protected WebhooksClient()
    {
    }

    /// <summary>
    /// Subscribes <paramref name="url"/> to <paramref name="events"/>. The result's <c>Secret</c> is shown only
    /// now: store it (it verifies deliveries, see <see cref="WebhookVerifier"/>). The SDK never logs it.
    /// </summary>
    /// <param name="url">An HTTPS URL (HTTP only for a loopback address, for local development).</param>
    /// <param name="events">One or more of <see cref="WebhookEventNames.Subscribable"/>.</param>
    /// <param name="description">Optional label.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public virtual Task<UGiftMeResult<CreatedWebhook>> CreateAsync(Uri url, IEnumerable<string> events, string? description = null, CancellationToken cancellationToken = default)
    {
        RequireUrl(url, httpsOnly: true, nameof(url));
        var names = RequireEvents(events, WebhookEventNames.Subscribable, nameof(events));
        var body = new CreateWebhookRequest { Url = url.AbsoluteUri, Events = names, Description = description };
        return CreateAndLearnSecretAsync(body, cancellationToken);
    }

    /// <summary>All subscriptions, paused ones included (secrets omitted).</summary>
    public virtual Task<UGiftMeResult<List<WebhookSubscription>>> ListAsync(CancellationToken cancellationToken = default) =>
        _pipeline.SendAsync(WebhooksApi.BuildList(_pipeline.BaseUrl), WebhooksApi.ReadList, WebhooksApi.ReadListError, cancellationToken);

    /// <summary>
    /// The subscriptions that post to <paramref name="url"/> (scheme, host and port compared case-insensitively, path
    /// and query exactly). Use it after a <see cref="CreateAsync"/> that failed without an answer (a timeout, a 5xx):
    /// UGiftMe may have created the subscription anyway, and its secret was shown only in the lost answer. Delete the
    /// ones whose secret you do not hold, then create again.
    /// </summary>
    /// <param name="url">The URL given to <see cref="CreateAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public virtual async Task<IReadOnlyList<WebhookSubscription>> FindByUrlAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var all = await ListAsync(cancellationToken).ConfigureAwait(false);
        return all.Value.Where(subscription => Uri.TryCreate(subscription.Url?.ToString(), UriKind.Absolute, out var parsed)
            && Uri.Compare(parsed, url, UriComponents.HttpRequestUrl, UriFormat.UriEscaped, StringComparison.Ordinal) == 0).ToList();
    }

    /// <summary>Changes a subscription's URL, events, description or active state, keeping its secret.</summary>
    public virtual Task<UGiftMeResult<UpdatedWebhook>> UpdateAsync(string id, WebhookUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(update);
        if (update.Url is null && update.Events is null && update.Description is null && update.IsActive is null)
        {
            throw new ArgumentException("A webhook update needs at least one of Url, Events, Description or IsActive.", nameof(update));
        }

        if (update.Url is not null)
        {
            RequireUrl(update.Url, httpsOnly: false, nameof(update));
        }

        var body = new UpdateWebhookRequest
        {
            Url = update.Url?.AbsoluteUri,
            Events = update.Events is null ? null : RequireEvents(update.Events, WebhookEventNames.Updatable, nameof(update)),
            Description = update.Description,
            IsActive = update.IsActive,
        };
        return _pipeline.SendAsync(WebhooksApi.BuildUpdate(_pipeline.BaseUrl, id, body), WebhooksApi.ReadUpdate, WebhooksApi.ReadUpdateError, cancellationToken);
    }

    /// <summary>Stops deliveries to a subscription until <see cref="ResumeAsync"/>; the secret stays the same.</summary>
    public virtual Task<UGiftMeResult<UpdatedWebhook>> PauseAsync(string id, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, new WebhookUpdate { IsActive = false }, cancellationToken);

    /// <summary>Restarts deliveries to a paused subscription.</summary>
    public virtual Task<UGiftMeResult<UpdatedWebhook>> ResumeAsync(string id, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, new WebhookUpdate { IsActive = true }, cancellationToken);

    /// <summary>Deletes a subscription (404 throws <see cref="ResourceNotFoundException"/>).</summary>
    public virtual Task<ResponseMetadata> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return _pipeline.SendAsync(WebhooksApi.BuildDelete(_pipeline.BaseUrl, id), WebhooksApi.ReadDeleteError, cancellationToken);
    }

    /// <summary>
    /// Has UGiftMe POST a signed <c>webhook.test</c> to the subscription's URL now. A failing receiver is reported in
    /// the result (<c>Ok</c> false, <c>StatusCode</c>, <c>ErrorMessage</c>), not as an exception. Not retried: it
    /// carries no idempotency key.
    /// </summary>
    public virtual Task<UGiftMeResult<TestDeliveryResult>> SendTestAsync(string webhookId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(webhookId);
        return _pipeline.SendAsync(WebhooksApi.BuildSendTest(_pipeline.BaseUrl, new SendTestDeliveryRequest { WebhookId = webhookId }), WebhooksApi.ReadSendTest, WebhooksApi.ReadSendTestError, cancellationToken);
    }

    /// <summary>The body and event name test deliveries use.</summary>
    public virtual Task<UGiftMeResult<TestDeliverySample>> GetTestSampleAsync(CancellationToken cancellationToken = default) =>
        _pipeline.SendAsync(WebhooksApi.BuildGetTestSample(_pipeline.BaseUrl), WebhooksApi.ReadGetTestSample, WebhooksApi.ReadGetTestSampleError, cancellationToken);

    private static void RequireUrl(Uri? url, bool httpsOnly, string parameter)
    {
        if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"The webhook URL must be an absolute HTTPS URL, not '{(url is null ? null : OptionsDescription.Redacted(url))}'.", parameter);
        }

        if (httpsOnly && url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback)
        {
            throw new ArgumentException($"UGiftMe delivers webhooks to HTTPS URLs only; '{OptionsDescription.Redacted(url)}' is HTTP (allowed only for loopback addresses in local development).", parameter);
        }
    }

    private static List<string> RequireEvents(IEnumerable<string>? events, IReadOnlyList<string> allowed, string parameter)
    {
        ArgumentNullException.ThrowIfNull(events, parameter);
        var names = events.ToList();
        if (names.Count == 0)
        {
            throw new ArgumentException($"At least one event is required; allowed: {string.Join(", ", allowed)}.", parameter);
        }

        var unknown = names.Where(name => !allowed.Contains(name, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            var hint = unknown.Contains(WebhookEventNames.WebhookTest) ? " webhook.test is not subscribable: use SendTestAsync." : "";
            throw new ArgumentException(
                $"Unknown or not allowed webhook event(s): {string.Join(", ", unknown.Select(n => $"'{n}'"))}. Allowed here: {string.Join(", ", allowed)}.{hint}",
                parameter);
        }

        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    // The new secret joins the API key among the texts the client masks in messages and headers from now on.
    private async Task<UGiftMeResult<CreatedWebhook>> CreateAndLearnSecretAsync(CreateWebhookRequest body, CancellationToken cancellationToken)
    {
        var created = await _pipeline.SendAsync(WebhooksApi.BuildCreate(_pipeline.BaseUrl, body), WebhooksApi.ReadCreate, WebhooksApi.ReadCreateError, cancellationToken).ConfigureAwait(false);
        _pipeline.Client.Redactor.Learn(created.Value?.Secret);
        return created;
    }
}
