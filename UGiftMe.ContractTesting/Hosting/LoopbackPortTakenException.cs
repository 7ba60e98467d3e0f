namespace UGiftMe.ContractTesting.Hosting;

/// <summary>A server process could not bind the port it was given: another process took it first.</summary>
public sealed class LoopbackPortTakenException : Exception
{
    /// <summary>Creates the exception with what the server printed.</summary>
    /// <param name="message">Which server, and its output.</param>
    public LoopbackPortTakenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public LoopbackPortTakenException()
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">Which server, and its output.</param>
    /// <param name="innerException">The cause.</param>
    public LoopbackPortTakenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
