using System.Diagnostics;

namespace UGiftMe.Sandbox;

/// <summary>
/// Injected failures and latency. For each request under <see cref="PathPrefix"/> the next <see cref="Script"/> entry
/// is used first; once the script is used up, <see cref="ServerErrorRate"/>, <see cref="ServerErrorAfterWorkRate"/>,
/// <see cref="TooManyRequestsRate"/> and <see cref="DroppedAnswerRate"/> are drawn from a generator seeded with <see cref="SandboxOptions.Seed"/>, so a run
/// repeats exactly.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class SandboxFaultOptions
{
    /// <summary>Only requests whose path starts with this are affected. Default <c>/api/v1/business</c>.</summary>
    public string PathPrefix { get; set; } = "/api/v1/business";

    /// <summary>Faults for the next requests, one each, in order.</summary>
    public IList<SandboxFault> Script { get; } = [];

    /// <summary>Share (0–1) of requests answered with <see cref="ServerErrorStatusCode"/> before the work.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>Share (0–1) of requests whose work is done but whose answer is replaced by a server error.</summary>
    public double ServerErrorAfterWorkRate { get; set; }

    /// <summary>
    /// Share (0–1) of requests answered 429 with <c>Retry-After</c> and <c>RateLimit-*</c> headers before the work.
    /// </summary>
    public double TooManyRequestsRate { get; set; }

    /// <summary>Share (0–1) of requests whose work is done but whose connection is closed without an answer.</summary>
    public double DroppedAnswerRate { get; set; }

    /// <summary>Status of injected server errors. Default 503.</summary>
    public int ServerErrorStatusCode { get; set; } = 503;

    /// <summary>Seconds sent in <c>Retry-After</c> on injected 429 and 503 answers. Default 1.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Added to every affected request, measured on <see cref="SandboxOptions.TimeProvider"/>. Default none.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>A description for logs and debuggers.</summary>
    public override string ToString() => new OptionsDescription(this).Add(PathPrefix).Add(Script).Add(ServerErrorRate).Add(ServerErrorAfterWorkRate).Add(TooManyRequestsRate)
        .Add(DroppedAnswerRate).Add(ServerErrorStatusCode).Add(RetryAfterSeconds).Add(Latency).ToString();
}
