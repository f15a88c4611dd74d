namespace Splp.Gateway.Ops;

/// <summary>How an exchange through the gateway ended, as the ops figures count it.</summary>
internal enum ExchangeOutcome
{
    /// <summary>1xx–3xx: the agency app answered.</summary>
    Success,

    /// <summary>4xx: the caller's mistake (bad request, no token, rate limited…); not a failure of the service.</summary>
    ClientError,

    /// <summary>The agency app answered 5xx (passed on, or withheld and answered 502 <c>upstream-error</c>).</summary>
    UpstreamError,

    /// <summary>502: the app was unreachable, dropped the connection or broke its contract.</summary>
    BadGateway,

    /// <summary>504: the app did not answer in time.</summary>
    Timeout,

    /// <summary>503 because the service's circuit is open.</summary>
    CircuitOpen,

    /// <summary>503 for another reason (no healthy destination, rate-limit store down…).</summary>
    Unavailable,

    /// <summary>500: the gateway itself failed.</summary>
    GatewayError,

    /// <summary>The caller went away before the answer; neither success nor failure.</summary>
    Canceled,
}

/// <summary>Names of outcomes in JSON and on the dashboard.</summary>
internal static class ExchangeOutcomes
{
    public const int Count = (int)ExchangeOutcome.Canceled + 1;

    public static bool IsFailure(this ExchangeOutcome outcome) =>
        outcome is not (ExchangeOutcome.Success or ExchangeOutcome.ClientError or ExchangeOutcome.Canceled);

    public static string Name(this ExchangeOutcome outcome) => outcome switch
    {
        ExchangeOutcome.Success => "success",
        ExchangeOutcome.ClientError => "client-error",
        ExchangeOutcome.UpstreamError => "upstream-5xx",
        ExchangeOutcome.BadGateway => "bad-gateway",
        ExchangeOutcome.Timeout => "timeout",
        ExchangeOutcome.CircuitOpen => "circuit-open",
        ExchangeOutcome.Unavailable => "unavailable",
        ExchangeOutcome.GatewayError => "gateway-error",
        _ => "canceled",
    };

    /// <summary>Classifies a finished exchange by its status and the problem type the gateway wrote, if any.</summary>
    /// <param name="status">The status the consumer got.</param>
    /// <param name="problemType">The problem type the gateway wrote, if any.</param>
    /// <param name="aborted">Whether the consumer went away.</param>
    /// <param name="withheldUpstreamStatus">The agency app's own status when the gateway withheld its answer.</param>
    public static ExchangeOutcome Classify(int status, string? problemType, bool aborted, int? withheldUpstreamStatus = null)
    {
        if (aborted)
        {
            return ExchangeOutcome.Canceled;
        }

        if (withheldUpstreamStatus >= 500)
        {
            return ExchangeOutcome.UpstreamError;
        }

        return status switch
        {
            < 400 => ExchangeOutcome.Success,
            < 500 => ExchangeOutcome.ClientError,
            502 => ExchangeOutcome.BadGateway,
            504 => ExchangeOutcome.Timeout,
            503 when problemType is not null && problemType.Contains("circuit", StringComparison.Ordinal) => ExchangeOutcome.CircuitOpen,
            503 => ExchangeOutcome.Unavailable,
            500 when problemType is not null => ExchangeOutcome.GatewayError,
            _ => ExchangeOutcome.UpstreamError,
        };
    }
}
