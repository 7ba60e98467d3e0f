using UGiftMe.Models;

namespace UGiftMe
{
    /// <summary>
    /// A generated API that can be bound to one call: <see cref="ApiInvoker"/> asks for a copy bound to the call's
    /// <see cref="CallContext"/>, and every request that copy builds carries the context (set in the generated
    /// <c>PrepareRequest</c> hook), so the handler finds it on the request: nothing ambient, nothing shared between calls.
    /// A copy is four fields, set directly; the serializer settings are static.
    /// </summary>
    internal interface ICallScoped<out TApi>
    {
        TApi For(CallContext call);
    }
}

namespace UGiftMe.Models
{
    internal partial interface IAuthApi : ICallScoped<IAuthApi>;

    internal partial interface IProductsApi : ICallScoped<IProductsApi>;

    internal partial interface IOrdersApi : ICallScoped<IOrdersApi>;

    internal partial interface IWalletApi : ICallScoped<IWalletApi>;

    internal partial interface IWebhooksApi : ICallScoped<IWebhooksApi>;
}

namespace UGiftMe.Generated
{
    internal partial class AuthApi
    {
        private CallContext? _call;

        // A copy made per call: the fields as they are, without the public constructor's BaseUrl normalisation.
        private AuthApi(AuthApi template, CallContext call)
        {
            _httpClient = template._httpClient;
            _baseUrl = template._baseUrl;
            _instanceSettings = template._instanceSettings;
            _call = call;
        }

        public IAuthApi For(CallContext call) => new AuthApi(this, call);

        partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url) => CallContext.Attach(request, _call);
    }

    internal partial class ProductsApi
    {
        private CallContext? _call;

        // A copy made per call: the fields as they are, without the public constructor's BaseUrl normalisation.
        private ProductsApi(ProductsApi template, CallContext call)
        {
            _httpClient = template._httpClient;
            _baseUrl = template._baseUrl;
            _instanceSettings = template._instanceSettings;
            _call = call;
        }

        public IProductsApi For(CallContext call) => new ProductsApi(this, call);

        partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url) => CallContext.Attach(request, _call);
    }

    internal partial class OrdersApi
    {
        private CallContext? _call;

        // A copy made per call: the fields as they are, without the public constructor's BaseUrl normalisation.
        private OrdersApi(OrdersApi template, CallContext call)
        {
            _httpClient = template._httpClient;
            _baseUrl = template._baseUrl;
            _instanceSettings = template._instanceSettings;
            _call = call;
        }

        public IOrdersApi For(CallContext call) => new OrdersApi(this, call);

        partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url) => CallContext.Attach(request, _call);
    }

    internal partial class WalletApi
    {
        private CallContext? _call;

        // A copy made per call: the fields as they are, without the public constructor's BaseUrl normalisation.
        private WalletApi(WalletApi template, CallContext call)
        {
            _httpClient = template._httpClient;
            _baseUrl = template._baseUrl;
            _instanceSettings = template._instanceSettings;
            _call = call;
        }

        public IWalletApi For(CallContext call) => new WalletApi(this, call);

        partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url) => CallContext.Attach(request, _call);
    }

    internal partial class WebhooksApi
    {
        private CallContext? _call;

        // A copy made per call: the fields as they are, without the public constructor's BaseUrl normalisation.
        private WebhooksApi(WebhooksApi template, CallContext call)
        {
            _httpClient = template._httpClient;
            _baseUrl = template._baseUrl;
            _instanceSettings = template._instanceSettings;
            _call = call;
        }

        public IWebhooksApi For(CallContext call) => new WebhooksApi(this, call);

        partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url) => CallContext.Attach(request, _call);
    }
}
