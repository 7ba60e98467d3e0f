using System.Globalization;

namespace UGiftMe.Benchmarks.Peers;

/// <summary>One goal against this run: <c>GOAL &lt;name&gt; target=&lt;x&gt; measured=&lt;y&gt; met|missed</c>.</summary>
internal sealed record GoalLine(string Name, string Target, double Measured, bool Met)
{
    public static GoalLine AtMost(string name, double target, double measured) => new(name, $"<={target:0.00}", measured, measured <= target);

    public static GoalLine Below(string name, double target, double measured) => new(name, $"<{target:0.00}", measured, measured < target);

    public static GoalLine AtLeast(string name, double target, double measured) => new(name, $">={target:0.00}", measured, measured >= target);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"GOAL {Name} target={Target} measured={Measured:0.00} {(Met ? "met" : "missed")}");
}
