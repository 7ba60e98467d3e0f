namespace UGiftMe.Sandbox.Json;

/// <summary>The documented failure shape: at least <c>error</c>, often <c>message</c>.</summary>
internal sealed record ErrorBody(
    string Error,
    string? Message = null,
    string? Reason = null,
    object? Details = null,
    IReadOnlyList<string>? ValidEvents = null);
