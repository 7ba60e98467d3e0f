namespace UGiftMe;

/// <summary>Which UGiftMe deployment a client talks to.</summary>
public enum UGiftMeEnvironment
{
    /// <summary>The sandbox, <c>https://api-stage.ugift.me</c>: for development and tests.</summary>
    Sandbox = 0,

    /// <summary>Production, <c>https://api.ugift.me</c>: real gift cards, real money.</summary>
    Production = 1,
}
