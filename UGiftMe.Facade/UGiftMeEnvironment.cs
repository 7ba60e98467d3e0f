namespace UGiftMe;

/// <summary>Which UGiftMe deployment a client talks to.</summary>
public enum UGiftMeEnvironment
{
    /// <summary>
    /// UGiftMe's hosted sandbox (staging) API, <c>https://api-stage.ugift.me</c>, with sandbox keys: for development and
    /// tests against the real service. Not the <em>local sandbox</em> (<c>UGiftMe.Sandbox</c>, <c>ugiftme sandbox</c>),
    /// a fake server on your machine that you reach with <see cref="UGiftMeClientOptions.BaseAddress"/>.
    /// </summary>
    Sandbox = 0,

    /// <summary>Production, <c>https://api.ugift.me</c>: real gift cards, real money.</summary>
    Production = 1,
}
