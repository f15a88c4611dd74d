namespace Splp.Gateway.Catalog;

/// <summary>
/// The service catalog as written in configuration under <c>Splp</c>: the agencies of the Pemda and
/// the services they publish. The one source of truth from which YARP routes and clusters are derived.
/// </summary>
public sealed class ServiceCatalogOptions
{
    /// <summary>The configuration section that holds <c>Agencies</c> and <c>Services</c>.</summary>
    public const string SectionName = "Splp";

    /// <summary>Agencies (OPD) by id, e.g. <c>disdukcapil</c>.</summary>
    public Dictionary<string, AgencyOptions> Agencies { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Published services by name; the name is the first path segment, e.g. <c>kependudukan</c>.</summary>
    public Dictionary<string, ServiceOptions> Services { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>An agency (OPD) that owns services.</summary>
public sealed class AgencyOptions
{
    /// <summary>The agency's full name, e.g. "Dinas Kependudukan dan Pencatatan Sipil". Required.</summary>
    public string? Name { get; set; }
}

/// <summary>One published service: its contract, upstream, adapter and policies.</summary>
public sealed class ServiceOptions
{
    /// <summary>A human name for the portal and dashboard; defaults to the service name.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The id of the owning agency in <see cref="ServiceCatalogOptions.Agencies"/>. Required.</summary>
    public string? Agency { get; set; }

    /// <summary>The shared contract the service implements.</summary>
    public ContractOptions Contract { get; set; } = new();

    /// <summary>Where the agency app runs and how to reach it.</summary>
    public UpstreamOptions Upstream { get; set; } = new();

    /// <summary>
    /// The adapter that maps the upstream's payloads onto the contract, by name; empty means
    /// pass-through (the upstream already speaks the contract). Default: empty.
    /// </summary>
    public string? Adapter { get; set; }

    /// <summary>Who may call the service.</summary>
    public ServicePolicyOptions Policies { get; set; } = new();

    /// <summary>
    /// How exchanges are checked against the contract document, when one is published under
    /// <c>contracts/</c>. Default: <see cref="ContractValidationMode.Enforce"/>.
    /// </summary>
    public ContractValidationMode Validation { get; set; } = ContractValidationMode.Enforce;

    /// <summary>
    /// Which operations' responses the gateway caches (after the adapter), until the contracts' <c>x-splp-cache</c>
    /// extension is read. Default: none.
    /// </summary>
    public ServiceCacheOptions Cache { get; set; } = new();

    /// <summary>Retries and the circuit breaker toward the agency app (see docs/resilience.md).</summary>
    public Resilience.ServiceResilienceOptions Resilience { get; set; } = new();
}

/// <summary>Response caching of a service, per operation.</summary>
public sealed class ServiceCacheOptions
{
    /// <summary>Cacheable operations by name (the name is part of the cache key). Default: none.</summary>
    public Dictionary<string, CacheRuleOptions> Operations { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One cacheable operation: GET requests whose path matches <see cref="Path"/>.</summary>
public sealed class CacheRuleOptions
{
    /// <summary>
    /// The operation's path after the service prefix, as a route template, e.g. <c>/wilayah/{kode}</c> or
    /// <c>/referensi/{**rest}</c>. Required.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>How long a response stays fresh (a shorter upstream <c>max-age</c> wins). Default: 60 seconds; 1 second to 1 day.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long after it went stale a response may still be served when the upstream fails or times out
    /// (stale-if-error); only for reference data, never for personal records. Default: 0 (off); up to 7 days.
    /// </summary>
    public TimeSpan StaleIfError { get; set; } = TimeSpan.Zero;

    /// <summary>What else the response depends on besides the request: None, Scopes, or Consumer. Default: None.</summary>
    public CacheVary Vary { get; set; } = CacheVary.None;
}

/// <summary>What makes cached responses differ between callers of the same request.</summary>
public enum CacheVary
{
    /// <summary>Every authorized caller gets the same response.</summary>
    None,

    /// <summary>Callers with the same scopes of this service share responses.</summary>
    Scopes,

    /// <summary>Each consumer (client id) has its own entries.</summary>
    Consumer,
}

/// <summary>The contract a service implements.</summary>
public sealed class ContractOptions
{
    /// <summary>The contract name; defaults to the service name.</summary>
    public string? Name { get; set; }

    /// <summary>The major version, exposed as <c>/v{Major}</c>. Default: 1.</summary>
    public int Major { get; set; } = 1;
}

/// <summary>The agency app behind a service (a YARP cluster).</summary>
public sealed class UpstreamOptions
{
    /// <summary>Destinations by name, each an absolute http(s) base address. At least one is required.</summary>
    public Dictionary<string, string> Destinations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The YARP load-balancing policy. Default: <c>PowerOfTwoChoices</c>.</summary>
    public string LoadBalancing { get; set; } = "PowerOfTwoChoices";

    /// <summary>
    /// How long the gateway waits for the upstream between bytes before answering 504.
    /// Default: 30 seconds, generous for slow government apps. Allowed: 1 second to 10 minutes.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Active health checking of the destinations.</summary>
    public HealthCheckOptions HealthCheck { get; set; } = new();

    /// <summary>Passive health checking: destinations that fail live traffic leave the rotation for a while.</summary>
    public PassiveHealthCheckOptions PassiveHealth { get; set; } = new();

    /// <summary>
    /// On a service without a contract (pass-through), whether the app's 5xx bodies reach consumers as they are.
    /// Default: false — they are replaced by a 502 <c>upstream-error</c> problem, because error pages carry stack
    /// traces, SQL and host names. Services with a contract always have undescribed answers withheld.
    /// </summary>
    public bool PassErrorBodies { get; set; }
}

/// <summary>
/// Passive health checks of a service's destinations (YARP's transport failure-rate policy): a destination whose
/// share of transport failures (connection errors, resets, timeouts) in the detection window
/// (<c>Splp:Proxy:PassiveHealthDetectionWindow</c>) reaches <see cref="FailureRateLimit"/> leaves the rotation, and
/// returns after <see cref="ReactivationPeriod"/> (never sooner than the detection window).
/// </summary>
public sealed class PassiveHealthCheckOptions
{
    /// <summary>Whether live traffic marks destinations unhealthy. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long an unhealthy destination stays out of the rotation. Default: twice the active health check interval
    /// when active checks run, otherwise 30 seconds; allowed: 1 second to 1 hour.
    /// </summary>
    public TimeSpan? ReactivationPeriod { get; set; }

    /// <summary>The failure share at which a destination is marked unhealthy. Default: 0.3; allowed: above 0 up to 1.</summary>
    public double FailureRateLimit { get; set; } = 0.3;
}

/// <summary>Active health checks of a service's destinations.</summary>
public sealed class HealthCheckOptions
{
    /// <summary>Whether destinations are probed. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The probe path on each destination. Default: <c>/health</c>.</summary>
    public string Path { get; set; } = "/health";

    /// <summary>Time between probes. Default: 15 seconds.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a probe may take. Default: 5 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Access rules for a service.</summary>
public sealed class ServicePolicyOptions
{
    /// <summary>Whether callers need no token (public reference data only). Default: false.</summary>
    public bool Anonymous { get; set; }

    /// <summary>
    /// Scopes of which a caller's token must carry at least one, on every operation of the service, in addition to what
    /// the contract's operation requires (never instead of it); empty means no requirement beyond the contract's.
    /// Default: empty.
    /// </summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>
    /// Per operation id, the scopes (all of them) that replace the contract operation's security requirement
    /// (<c>Splp:Services:&lt;name&gt;:Policies:OperationScopes:&lt;operationId&gt;:0</c>). An explicit, visible override
    /// (listed in <c>/ops/api/services</c>); the operation id must exist in the contract. Default: none.
    /// </summary>
    public Dictionary<string, List<string>> OperationScopes { get; set; } = new(StringComparer.Ordinal);
}
