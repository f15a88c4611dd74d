using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using Splp.Adapters;
using Splp.Contracts;
using Splp.Contracts.Loading;

namespace Splp.Gateway.Catalog;

/// <summary>
/// Checks a whole catalog and collects every problem before refusing it, so an operator fixes
/// a bad file in one pass. A catalog is applied whole or not at all.
/// </summary>
internal sealed partial class ServiceCatalogValidator(IEnumerable<IServiceAdapter> adapters, ContractRegistry? contracts = null)
{
    /// <summary>First path segments the gateway keeps for itself.</summary>
    internal static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "healthz", "metrics", "admin", "portal", "ops", "problems", "dev", "_splp",
    };

    private static readonly string[] LoadBalancingPolicies =
        ["PowerOfTwoChoices", "RoundRobin", "LeastRequests", "Random", "FirstAlphabetical"];

    private readonly Dictionary<string, IServiceAdapter> _adapters = adapters.ToDictionary(a => a.Name, StringComparer.Ordinal);

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>Validates <paramref name="options"/>; on success builds the snapshot.</summary>
    public CatalogValidationResult Validate(ServiceCatalogOptions options, long revision, DateTimeOffset now)
    {
        var errors = new List<string>();
        foreach (var (id, agency) in options.Agencies)
        {
            if (!NamePattern().IsMatch(id))
            {
                errors.Add($"Agencies:{id}: the id must be lower-case letters, digits and single hyphens.");
            }

            if (string.IsNullOrWhiteSpace(agency.Name))
            {
                errors.Add($"Agencies:{id}:Name is required.");
            }
        }

        var descriptors = new List<PublishedService>();
        foreach (var (name, service) in options.Services.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var descriptor = ValidateService(options, name, service, errors);
            if (descriptor is not null)
            {
                descriptors.Add(descriptor);
            }
        }

        return errors.Count == 0
            ? new CatalogValidationResult(new ServiceCatalog(revision, now, descriptors), errors)
            : new CatalogValidationResult(null, errors);
    }

    private PublishedService? ValidateService(ServiceCatalogOptions options, string name, ServiceOptions service, List<string> errors)
    {
        var at = "Services:" + name;
        var before = errors.Count;
        if (name.Length > 63 || !NamePattern().IsMatch(name))
        {
            errors.Add($"{at}: the name must be 1-63 lower-case letters, digits and single hyphens, starting with a letter.");
        }
        else if (ReservedNames.Contains(name))
        {
            errors.Add($"{at}: the name is reserved for the gateway itself.");
        }

        AgencyOptions? agency = null;
        if (string.IsNullOrWhiteSpace(service.Agency))
        {
            errors.Add($"{at}:Agency is required.");
        }
        else if (!options.Agencies.TryGetValue(service.Agency, out agency))
        {
            errors.Add($"{at}:Agency '{service.Agency}' is not listed under Agencies.");
        }

        var contractName = string.IsNullOrWhiteSpace(service.Contract.Name) ? name : service.Contract.Name;
        if (!NamePattern().IsMatch(contractName))
        {
            errors.Add($"{at}:Contract:Name '{contractName}' must be lower-case letters, digits and single hyphens.");
        }

        if (service.Contract.Major is < 1 or > 99)
        {
            errors.Add($"{at}:Contract:Major must be from 1 to 99.");
        }

        IServiceAdapter? adapter = null;
        if (!string.IsNullOrWhiteSpace(service.Adapter) && !_adapters.TryGetValue(service.Adapter, out adapter))
        {
            errors.Add($"{at}:Adapter '{service.Adapter}' is not a registered adapter (known: {string.Join(", ", _adapters.Keys.Order(StringComparer.Ordinal))}).");
        }

        ValidateUpstream(at + ":Upstream", service.Upstream, errors);

        foreach (var scope in service.Policies.Scopes)
        {
            if (string.IsNullOrWhiteSpace(scope) || scope.Any(char.IsWhiteSpace))
            {
                errors.Add($"{at}:Policies:Scopes: '{scope}' is not a valid scope (no spaces).");
            }
        }

        if (service.Policies.Anonymous && service.Policies.Scopes.Count > 0)
        {
            errors.Add($"{at}:Policies: an anonymous service cannot also require scopes.");
        }

        var document = contracts is not null && contracts.TryGet(new ContractId(contractName, service.Contract.Major), out var found) ? found : null;
        foreach (var (operationId, scopes) in service.Policies.OperationScopes)
        {
            if (scopes.Any(scope => string.IsNullOrWhiteSpace(scope) || scope.Any(char.IsWhiteSpace)))
            {
                errors.Add($"{at}:Policies:OperationScopes:{operationId}: scopes must be non-empty words (no spaces).");
            }

            if (document is not null && !document.TryGetOperation(operationId, out _))
            {
                errors.Add($"{at}:Policies:OperationScopes:{operationId}: the contract {document.Id} has no such operation.");
            }
        }

        if (service.Upstream.PassErrorBodies && (document is not null || adapter is not null))
        {
            errors.Add($"{at}:Upstream:PassErrorBodies applies only to pass-through services (no contract, no adapter); "
                + "a service with a contract or an adapter never passes the app's error bodies to consumers.");
        }

        ValidateCache(at + ":Cache", service.Cache, errors);
        Resilience.ResilienceOptionsValidator.Validate(at + ":Resilience", service.Resilience, errors);

        if (errors.Count != before)
        {
            return null;
        }

        return new PublishedService(
            name,
            string.IsNullOrWhiteSpace(service.DisplayName) ? name : service.DisplayName,
            service.Agency!,
            agency!.Name!,
            new ContractId(contractName, service.Contract.Major),
            adapter,
            service.Upstream,
            service.Policies.Anonymous,
            service.Policies.Scopes.ToArray(),
            service.Validation,
            document)
        {
            Resilience = service.Resilience,
            CacheOperations = service.Cache.Operations.ToDictionary(StringComparer.Ordinal),
            OperationScopeOverrides = service.Policies.OperationScopes.ToFrozenDictionary(
                pair => pair.Key, pair => (IReadOnlyList<string>)pair.Value.Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal),
            OperationAccess = (document?.Operations ?? []).ToFrozenDictionary(
                operation => operation.OperationId,
                operation => service.Policies.OperationScopes.TryGetValue(operation.OperationId, out var replaced)
                    ? new ScopeRequirement([replaced.Distinct(StringComparer.Ordinal).ToArray()], Overridden: true)
                    : new ScopeRequirement(operation.SecurityRequirements, Overridden: false),
                StringComparer.Ordinal),
        };
    }

    private static void ValidateCache(string at, ServiceCacheOptions cache, List<string> errors)
    {
        foreach (var (operation, rule) in cache.Operations)
        {
            var where = $"{at}:Operations:{operation}";
            if (!NamePattern().IsMatch(operation))
            {
                errors.Add($"{where}: the operation name must be lower-case letters, digits and single hyphens.");
            }

            if (string.IsNullOrEmpty(rule.Path) || rule.Path[0] != '/' || !Caching.CacheRuleMatcher.TryParse(rule.Path, out _))
            {
                errors.Add($"{where}:Path '{rule.Path}' must be a route template starting with '/', e.g. /wilayah/{{kode}}.");
            }

            if (rule.Ttl < TimeSpan.FromSeconds(1) || rule.Ttl > TimeSpan.FromDays(1))
            {
                errors.Add($"{where}:Ttl must be from 00:00:01 to 1.00:00:00.");
            }

            if (rule.StaleIfError < TimeSpan.Zero || rule.StaleIfError > TimeSpan.FromDays(7))
            {
                errors.Add($"{where}:StaleIfError must be from 00:00:00 to 7.00:00:00.");
            }
        }
    }

    private static void ValidateUpstream(string at, UpstreamOptions upstream, List<string> errors)
    {
        if (upstream.Destinations.Count == 0)
        {
            errors.Add($"{at}:Destinations: at least one destination is required.");
        }

        foreach (var (id, address) in upstream.Destinations)
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
            {
                errors.Add($"{at}:Destinations:{id}: '{address}' is not an absolute http(s) address without query, fragment or credentials.");
            }
        }

        if (!LoadBalancingPolicies.Contains(upstream.LoadBalancing, StringComparer.Ordinal))
        {
            errors.Add($"{at}:LoadBalancing '{upstream.LoadBalancing}' is not one of {string.Join(", ", LoadBalancingPolicies)}.");
        }

        if (upstream.Timeout < TimeSpan.FromSeconds(1) || upstream.Timeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{at}:Timeout {upstream.Timeout.ToString("c", CultureInfo.InvariantCulture)} must be from 00:00:01 to 00:10:00.");
        }

        var passive = upstream.PassiveHealth;
        if (passive.ReactivationPeriod is { } reactivation && (reactivation < TimeSpan.FromSeconds(1) || reactivation > TimeSpan.FromHours(1)))
        {
            errors.Add($"{at}:PassiveHealth:ReactivationPeriod must be from 00:00:01 to 01:00:00.");
        }

        if (double.IsNaN(passive.FailureRateLimit) || passive.FailureRateLimit is <= 0 or > 1)
        {
            errors.Add($"{at}:PassiveHealth:FailureRateLimit must be above 0 and at most 1.");
        }

        var health = upstream.HealthCheck;
        if (health.Enabled)
        {
            if (string.IsNullOrEmpty(health.Path) || health.Path[0] != '/')
            {
                errors.Add($"{at}:HealthCheck:Path must start with '/'.");
            }

            if (health.Interval < TimeSpan.FromSeconds(1))
            {
                errors.Add($"{at}:HealthCheck:Interval must be at least one second.");
            }

            if (health.Timeout <= TimeSpan.Zero || health.Timeout > health.Interval)
            {
                errors.Add($"{at}:HealthCheck:Timeout must be positive and no longer than the interval.");
            }
        }
    }
}

/// <summary>The outcome of validating a catalog: the snapshot, or every problem found.</summary>
internal sealed record CatalogValidationResult(ServiceCatalog? Catalog, IReadOnlyList<string> Errors);
