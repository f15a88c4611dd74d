using System.Collections.Frozen;
using Microsoft.Extensions.Primitives;
using Splp.Gateway.Catalog;

namespace Splp.Gateway.Caching;

/// <summary>
/// The cache rules of every published service, rebuilt from each applied catalog snapshot (validated with it, so a
/// refused reload keeps the rules of the last good catalog, as it keeps its routes).
/// </summary>
internal sealed class CacheRules : IDisposable
{
    private readonly ServiceCatalogProvider _catalog;
    private readonly IDisposable _subscription;
    private volatile FrozenDictionary<string, CompiledCacheRule[]> _rules;

    public CacheRules(ServiceCatalogProvider catalog)
    {
        _catalog = catalog;
        _rules = Build();
        _subscription = ChangeToken.OnChange(catalog.GetChangeToken, () => _rules = Build());
    }

    /// <summary>The rule for a GET of <paramref name="path"/> on <paramref name="service"/>, or null when it is not cached.</summary>
    public CompiledCacheRule? Match(string service, PathString path)
    {
        if (!_rules.TryGetValue(service, out var rules))
        {
            return null;
        }

        foreach (var rule in rules)
        {
            if (path.StartsWithSegments(rule.Prefix, StringComparison.Ordinal, out var rest) && rule.Matcher.IsMatch(rest.HasValue ? rest : "/"))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="service"/> has any cache rule.</summary>
    public bool HasRules(string service) => _rules.ContainsKey(service);

    public void Dispose() => _subscription.Dispose();

    private FrozenDictionary<string, CompiledCacheRule[]> Build()
    {
        var catalog = _catalog.Current;
        var result = new Dictionary<string, CompiledCacheRule[]>(StringComparer.Ordinal);
        foreach (var service in catalog.Services.Values)
        {
            var rules = new List<CompiledCacheRule>();
            var configuredOperations = new HashSet<string>(StringComparer.Ordinal);
            // The rules validated with this very catalog snapshot (never read again from a newer configuration).
            foreach (var (operation, rule) in service.CacheOperations.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                configuredOperations.Add(operation);
                if (rule.Path is not null && CacheRuleMatcher.TryParse(rule.Path, out var matcher))
                {
                    rules.Add(new CompiledCacheRule(service.Name, operation, service.PathPrefix, matcher, rule.Ttl, rule.StaleIfError, rule.Vary, service.Scopes));
                }
            }

            // Operations the contract marks cacheable (x-splp-cache), unless the catalog configures them itself.
            // Shared between consumers holding the same scopes: access is decided before the cache is consulted.
            foreach (var operation in service.ContractDocument?.Operations ?? [])
            {
                if (operation.Cache is { } policy
                    && HttpMethods.IsGet(operation.Method)
                    && !configuredOperations.Contains(operation.OperationId)
                    && CacheRuleMatcher.TryParse(operation.PathTemplate, out var matcher))
                {
                    rules.Add(new CompiledCacheRule(service.Name, operation.OperationId, service.PathPrefix, matcher, policy.TimeToLive, policy.StaleIfError, CacheVary.Scopes, service.Scopes));
                }
            }

            if (rules.Count > 0)
            {
                result[service.Name] = [.. rules];
            }
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

/// <summary>A cache rule ready to match.</summary>
internal sealed record CompiledCacheRule(
    string Service,
    string Operation,
    string Prefix,
    CacheRuleMatcher Matcher,
    TimeSpan Ttl,
    TimeSpan StaleIfError,
    CacheVary Vary,
    IReadOnlyList<string> ServiceScopes);
