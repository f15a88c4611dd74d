namespace Splp.Gateway.Resilience;

/// <summary>
/// How the gateway protects a service's agency app and its consumers from each other's failures, bound from
/// <c>Splp:Services:&lt;name&gt;:Resilience</c> next to <c>Upstream:Timeout</c>. The defaults suit slow government
/// apps: at most one gentle retry of reads, and a breaker that opens only on a clear majority of failures.
/// </summary>
public sealed class ServiceResilienceOptions
{
    /// <summary>Retries of idempotent requests that failed before the app answered.</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>The service's circuit breaker.</summary>
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();
}

/// <summary>
/// Retries of requests that failed before anything was received from the agency app (connection refused,
/// or a 502/503/504 from the app), only for idempotent methods without a body, with jittered exponential
/// backoff, within a retry budget and within the service's <c>Upstream:Timeout</c>.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>The methods retried when no list is configured: safe reads only.</summary>
    public static readonly IReadOnlyList<string> DefaultMethods = ["GET", "HEAD", "OPTIONS"];

    /// <summary>Methods that may be configured in <see cref="Methods"/>: idempotent ones (RFC 9110 §9.2.2).</summary>
    public static readonly IReadOnlySet<string> IdempotentMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        "GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE",
    };

    /// <summary>Whether requests are retried at all. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Attempts per request including the first, so 2 means one retry. Default: 2, because a retry of a slow app
    /// is extra load on it; allowed: 1 to 5.
    /// </summary>
    public int MaxAttempts { get; set; } = 2;

    /// <summary>
    /// The delay before the first retry; each further retry doubles it, with jitter. Default: 200 milliseconds;
    /// allowed: 0 to 30 seconds.
    /// </summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between attempts. Default: 5 seconds; allowed: <see cref="BaseDelay"/> to 1 minute.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The retry budget: retries in the last 10 seconds may be at most this percentage of the service's requests
    /// in that window (plus <see cref="MinRetriesPerSecond"/>), so retries never multiply the load on a struggling
    /// app. Default: 20 (percent); allowed: 0 to 100.
    /// </summary>
    public double BudgetPercent { get; set; } = 20;

    /// <summary>
    /// Retries per second always allowed regardless of <see cref="BudgetPercent"/>, so a quiet service can still
    /// retry. Default: 1; allowed: 0 to 100.
    /// </summary>
    public int MinRetriesPerSecond { get; set; } = 1;

    /// <summary>
    /// The methods that are retried; each must be idempotent (GET, HEAD, OPTIONS, PUT, DELETE, TRACE); POST and
    /// PATCH never are. Requests with a body are never retried, since it was streamed once. Default (no list):
    /// GET, HEAD, OPTIONS.
    /// </summary>
    public List<string>? Methods { get; set; }
}

/// <summary>
/// The circuit breaker of a service. Connection errors, timeouts and 5xx answers count as failures (4xx do not,
/// nor requests the consumer abandoned). When the failure ratio over <see cref="SamplingDuration"/> reaches
/// <see cref="FailureRatio"/> with at least <see cref="MinimumThroughput"/> requests, the circuit opens: requests
/// get 503 <c>circuit-open</c> at once, without touching the app, for <see cref="BreakDuration"/>. Then one probe
/// request goes through (half-open); success closes the circuit, failure opens it again.
/// </summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Whether the service has a circuit breaker. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The share of failed requests that opens the circuit. Default: 0.5 (a clear majority, not a few slow
    /// answers); allowed: above 0 up to 1.
    /// </summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>
    /// How many requests must be seen in <see cref="SamplingDuration"/> before the ratio counts, so a quiet service is
    /// not cut off by two failures. Default: 10; allowed: 2 to 100000.
    /// </summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>The window over which failures are counted. Default: 60 seconds; allowed: 0.5 seconds to 1 hour.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long the circuit stays open before a probe is let through. Default: 30 seconds, time for a restarting
    /// app to come back; allowed: 0.5 seconds to 1 hour.
    /// </summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
