namespace UGiftMe.Sandbox;

/// <summary>A failure the sandbox can inject into one request.</summary>
public enum SandboxFault
{
    /// <summary>Serve the request normally.</summary>
    None,

    /// <summary>Answer 503 (or the configured code) before doing anything: a retry is always safe.</summary>
    ServerError,

    /// <summary>Do the work (e.g. create the order), then throw the answer away and send 503 instead.</summary>
    ServerErrorAfterWork,

    /// <summary>Answer 429 with rate-limit headers before doing anything.</summary>
    TooManyRequests,

    /// <summary>Do the work (e.g. create the order), then close the connection without an answer.</summary>
    DropAnswerAfterWork,
}
