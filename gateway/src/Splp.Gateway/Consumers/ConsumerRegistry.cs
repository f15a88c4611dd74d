using System.Collections.Frozen;
using Splp.Gateway.Auth;

namespace Splp.Gateway.Consumers;

/// <summary>
/// The consumers the gateway knows (<c>Splp:Consumers:&lt;id&gt;</c>): organisation, subscriptions, trusted issuers
/// and API key hashes, rebuilt whenever the configuration changes (e.g. a rotated Kubernetes Secret). A bad first
/// load stops the gateway with every problem listed; a bad reload is logged and the last good registry stays.
/// </summary>
internal sealed class ConsumerRegistry
{
    private readonly Func<Snapshot> _current;

    /// <summary>The registry in force: the consumers of the gateway's configuration snapshot, reloaded with the catalog and the plans.</summary>
    public ConsumerRegistry(Catalog.ServiceCatalogProvider catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _current = () => catalog.Configuration.Consumers;
    }

    /// <summary>A fixed registry read once from <paramref name="configuration"/> (tests, tools).</summary>
    internal ConsumerRegistry(IConfiguration configuration, ILogger<ConsumerRegistry> logger)
    {
        _ = logger;
        var options = configuration.GetSection(ConsumerPlansOptions.SectionName).Get<ConsumerPlansOptions>() ?? new ConsumerPlansOptions();
        var (snapshot, errors) = Load(options);
        var fixedSnapshot = snapshot ?? throw new InvalidOperationException("The consumer registry is invalid: " + string.Join(" ", errors));
        _current = () => fixedSnapshot;
    }

    /// <summary>The consumer registered as <paramref name="id"/>, or null.</summary>
    public RegisteredConsumer? Find(string? id) => id is not null && _current().Consumers.TryGetValue(id, out var consumer) ? consumer : null;

    /// <summary>A token that changes (by reference) whenever a reload is accepted.</summary>
    public object Generation => _current();

    /// <summary>Every registered consumer.</summary>
    public IEnumerable<RegisteredConsumer> Consumers => _current().Consumers.Values;

    /// <summary>Every API key in force (hash, owner, key id, expiry).</summary>
    public IReadOnlyList<ApiKeyEntry> ApiKeys => _current().ApiKeys;

    /// <summary>Builds a registry snapshot, or lists every problem.</summary>
    internal static (Snapshot? Snapshot, List<string> Errors) Load(IConfiguration configuration) =>
        Load(configuration.GetSection(ConsumerPlansOptions.SectionName).Get<ConsumerPlansOptions>() ?? new ConsumerPlansOptions());

    /// <summary>Builds a registry snapshot from bound options, or lists every problem.</summary>
    internal static (Snapshot? Snapshot, List<string> Errors) Load(ConsumerPlansOptions options)
    {
        var errors = new List<string>();
        var consumers = new Dictionary<string, RegisteredConsumer>(StringComparer.Ordinal);
        var keys = new List<ApiKeyEntry>();
        var hashes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, consumer) in options.Consumers)
        {
            var at = $"Splp:Consumers:{id}";
            var subscriptions = new Dictionary<string, Subscription>(StringComparer.Ordinal);
            foreach (var (service, subscription) in consumer.Subscriptions)
            {
                if (subscription.Operations.Any(string.IsNullOrWhiteSpace) || subscription.Scopes.Any(s => string.IsNullOrWhiteSpace(s) || s.Contains(' ', StringComparison.Ordinal)))
                {
                    errors.Add($"{at}:Subscriptions:{service}: operations and scopes must be non-empty words.");
                }

                subscriptions[service] = new Subscription(subscription.Operations.ToFrozenSet(StringComparer.Ordinal), subscription.Scopes.ToFrozenSet(StringComparer.Ordinal));
            }

            foreach (var (keyId, key) in consumer.ApiKeys)
            {
                if (!ApiKeyHash.IsHash(key.Hash))
                {
                    errors.Add($"{at}:ApiKeys:{keyId}:Hash must be the key's SHA-256 as 64 hex digits (see `splp apikey`).");
                    continue;
                }

                if (!hashes.TryAdd(key.Hash!, $"{id}/{keyId}"))
                {
                    errors.Add($"{at}:ApiKeys:{keyId}: the same key is also {hashes[key.Hash!]}.");
                    continue;
                }

                if (!key.Revoked)
                {
                    keys.Add(new ApiKeyEntry(id, keyId, Convert.FromHexString(key.Hash!), key.Expires));
                }
            }

            if (consumer.Issuers.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"{at}:Issuers must name trusted issuers.");
            }

            consumers[id] = new RegisteredConsumer(
                id,
                string.IsNullOrWhiteSpace(consumer.Organisation) ? null : consumer.Organisation,
                subscriptions.ToFrozenDictionary(StringComparer.Ordinal),
                consumer.Issuers.ToFrozenSet(StringComparer.Ordinal))
            {
                SubjectClaim = string.IsNullOrWhiteSpace(consumer.SubjectClaim) ? null : consumer.SubjectClaim.Trim(),
            };
        }

        return errors.Count > 0 ? (null, errors) : (new Snapshot(consumers.ToFrozenDictionary(StringComparer.Ordinal), keys), errors);
    }

    internal sealed record Snapshot(FrozenDictionary<string, RegisteredConsumer> Consumers, IReadOnlyList<ApiKeyEntry> ApiKeys);
}

/// <summary>A registered consumer.</summary>
/// <param name="Id">The consumer id.</param>
/// <param name="Organisation">The owning organisation, when known.</param>
/// <param name="Subscriptions">Subscriptions by service name.</param>
/// <param name="Issuers">Trusted issuer names that may speak for it; empty = any.</param>
internal sealed record RegisteredConsumer(string Id, string? Organisation, FrozenDictionary<string, Subscription> Subscriptions, FrozenSet<string> Issuers)
{
    /// <summary>The token claim naming the only person this consumer may ask about (<c>SubjectClaim</c>), or null when not bound.</summary>
    public string? SubjectClaim { get; init; }
}

/// <summary>A subscription: allowed operation ids (empty = all) and granted scopes.</summary>
internal sealed record Subscription(FrozenSet<string> Operations, FrozenSet<string> Scopes);

/// <summary>An API key in force.</summary>
internal sealed record ApiKeyEntry(string Consumer, string KeyId, byte[] Hash, DateTimeOffset? Expires);
