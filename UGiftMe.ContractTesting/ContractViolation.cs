namespace UGiftMe.ContractTesting;

/// <summary>One way an HTTP exchange departed from the OpenAPI description.</summary>
/// <param name="Method">The request method.</param>
/// <param name="Path">The request path as sent.</param>
/// <param name="Operation">The matched operation (<c>POST /api/v1/business/orders</c>), if one matched.</param>
/// <param name="StatusCode">The response status, for response violations.</param>
/// <param name="Message">What was wrong, with the JSON path where there is one.</param>
public sealed record ContractViolation(string Method, string Path, string? Operation, int? StatusCode, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Method} {Path}{(StatusCode is { } status ? $" → {status}" : string.Empty)}: {Message}";
}
