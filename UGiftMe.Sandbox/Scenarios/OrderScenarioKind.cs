namespace UGiftMe.Sandbox.Scenarios;

/// <summary>What a scripted order scenario does to the order create it matches.</summary>
internal enum OrderScenarioKind
{
    /// <summary>402 at once, nothing created.</summary>
    InsufficientFunds,

    /// <summary>Queued (202), then <c>failed</c> with the scenario's reason.</summary>
    FailAsynchronously,

    /// <summary>Queued (202), and left <c>queued</c> until the test releases it.</summary>
    HoldInQueue,

    /// <summary>Queued (202), <c>succeeded</c> at the scenario's poll of its status.</summary>
    SucceedAfterPolls,

    /// <summary>Served (the order is made and paid), then the connection is closed without an answer.</summary>
    DropAnswer,
}
