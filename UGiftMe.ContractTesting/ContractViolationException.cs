namespace UGiftMe.ContractTesting;

/// <summary>Thrown by <see cref="ContractValidatingHandler.EnsureNoViolations"/> when traffic broke the contract.</summary>
public sealed class ContractViolationException : Exception
{
    /// <summary>Creates the exception for <paramref name="violations"/>.</summary>
    /// <param name="violations">What was wrong.</param>
    public ContractViolationException(IReadOnlyList<ContractViolation> violations)
        : base(
            $"{violations.Count} OpenAPI contract violation(s):{Environment.NewLine}"
            + string.Join(Environment.NewLine, violations))
    {
        Violations = violations;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ContractViolationException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ContractViolationException(string message)
        : base(message)
    {
        Violations = [];
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ContractViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Violations = [];
    }

    /// <summary>The violations found.</summary>
    public IReadOnlyList<ContractViolation> Violations { get; }
}
