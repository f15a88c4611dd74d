namespace Splp.Gateway.Telemetry;

/// <summary>Traces, metrics and their export, bound from <c>Splp:Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Splp:Telemetry";

    /// <summary>Whether traces and metrics are collected at all. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Whether exchanges are traced (server and upstream spans), when <see cref="Enabled"/>. Default: true.</summary>
    public bool Tracing { get; set; } = true;

    /// <summary>
    /// The share of exchanges whose traces are recorded (head sampling by trace id; a caller's sampled
    /// <c>traceparent</c> is always followed). Unsampled exchanges still get a trace id for their problems, logs and
    /// the ops dashboard, but no recorded span. Default: 1.0 (every exchange); 0.1 keeps tracing's cost small at high traffic. Values outside 0–1 are clamped.
    /// </summary>
    public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>Whether metrics are collected (and <c>/metrics</c> served), when <see cref="Enabled"/>. Default: true.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>The <c>service.name</c> resource attribute. Default: <c>splp-gateway</c>.</summary>
    public string ServiceName { get; set; } = "splp-gateway";

    /// <summary>
    /// An OTLP endpoint (e.g. <c>http://otel-collector:4317</c>) to export traces and metrics to; the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable works too. Default: none (no OTLP export).
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>
    /// Framework instruments updated on every exchange (some several times) that no gateway dashboard reads, so not
    /// collected unless named in <see cref="KeepMetrics"/>: in-flight server and client requests (derivable from rate ×
    /// latency), client queue time, and the idle/active moves of pooled upstream connections.
    /// </summary>
    public static readonly IReadOnlyList<string> CostlyInstruments =
        ["http.server.active_requests", "http.client.active_requests", "http.client.request.time_in_queue", "http.client.open_connections"];

    /// <summary>Instruments of <see cref="CostlyInstruments"/> to collect anyway, e.g. <c>http.client.open_connections</c> while tuning upstream connection pools. Default: none.</summary>
    public List<string> KeepMetrics { get; set; } = [];

    /// <summary>Whether <c>GET /metrics</c> serves the Prometheus exposition. Default: true.</summary>
    public bool PrometheusEndpoint { get; set; } = true;
}
