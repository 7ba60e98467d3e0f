namespace UGiftMe.Demo;

/// <summary>A step of the demo did not see what it should have; the message says what.</summary>
internal sealed class DemoFailedException(string message) : Exception(message);
