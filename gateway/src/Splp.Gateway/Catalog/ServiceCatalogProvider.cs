using Microsoft.Extensions.Primitives;
using Splp.Adapters;
using Splp.Contracts.Loading;

namespace Splp.Gateway.Catalog;

/// <summary>
/// Holds the current configuration snapshot — catalog, consumers and plans — and owns the gateway's only
/// subscription to configuration changes. Loads it at start (a bad first load stops the gateway with every
/// problem listed) and again whenever the configuration changes: validated together, applied whole (a bad
/// reload is logged and refused in every section; the last good snapshot keeps serving).
/// </summary>
public sealed partial class ServiceCatalogProvider : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly IReadOnlyList<IServiceAdapter> _builtInAdapters;
    private readonly ContractRegistry? _contracts;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ServiceCatalogProvider> _logger;
    private readonly Lock _gate = new();
    private readonly IDisposable _subscription;
    private CancellationTokenSource _changeSource = new();
    private GatewayConfiguration _current;
    private long _revision;
    private readonly ConfigurationSourceHealth? _sourceHealth;

    internal ServiceCatalogProvider(
        IConfiguration configuration,
        IEnumerable<IServiceAdapter> builtInAdapters,
        ContractRegistry? contracts,
        TimeProvider timeProvider,
        ILogger<ServiceCatalogProvider> logger,
        ConfigurationSourceHealth? sourceHealth = null)
    {
        _sourceHealth = sourceHealth;
        _configuration = configuration;
        _builtInAdapters = builtInAdapters.ToArray();
        _contracts = contracts;
        _timeProvider = timeProvider;
        _logger = logger;

        var first = Load();
        if (first.Configuration is null)
        {
            throw new ConfigurationProblemsException(first.Errors);
        }

        _current = first.Configuration;
        Log.CatalogLoaded(_logger, _current.Catalog.Revision, _current.Catalog.Services.Count);
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    /// <summary>The snapshot in force.</summary>
    public ServiceCatalog Current => Volatile.Read(ref _current).Catalog;

    /// <summary>The whole configuration snapshot in force: catalog, consumers and plans, applied together.</summary>
    internal GatewayConfiguration Configuration => Volatile.Read(ref _current);

    /// <summary>How many reloads were refused since start.</summary>
    public long RejectedReloads { get; private set; }

    /// <summary>The errors of the last refused reload, empty once a later reload succeeds.</summary>
    public IReadOnlyList<string> LastErrors { get; private set; } = [];

    /// <summary>Configuration files whose last change was refused (unreadable); their last good contents stay in force.</summary>
    internal IReadOnlyList<RejectedSource> RejectedSources => _sourceHealth?.Rejected() ?? [];

    /// <summary>Signals when a new snapshot is applied.</summary>
    public IChangeToken GetChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_changeSource.Token);
        }
    }

    private GatewayConfigurationResult Load() =>
        GatewayConfigurationLoader.Load(_configuration, _builtInAdapters, _contracts, Interlocked.Increment(ref _revision), _timeProvider.GetUtcNow());

    private void Reload()
    {
        CancellationTokenSource previous;
        lock (_gate)
        {
            var result = Load();
            var services = _current.Catalog.Services.Count;
            if (result.Configuration is { Catalog.Services.Count: 0 } && services > 0)
            {
                // An emptied catalog (a file cleared or gone) never applies silently: every route would answer 404.
                result = new GatewayConfigurationResult(null, [$"Splp:Services: the change would remove all {services} services; refused (publish at least one service, or restart the gateway with an empty catalog on purpose)."]);
            }

            if (result.Configuration is null)
            {
                RejectedReloads++;
                LastErrors = result.Errors;
                Log.ReloadRejected(_logger, result.Errors.Count, string.Join(" | ", result.Errors));
                return;
            }

            LastErrors = [];
            Volatile.Write(ref _current, result.Configuration);
            previous = _changeSource;
            _changeSource = new CancellationTokenSource();
            Log.CatalogLoaded(_logger, result.Configuration.Catalog.Revision, result.Configuration.Catalog.Services.Count);
        }

        previous.Cancel();
        previous.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _subscription.Dispose();
        _changeSource.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Service catalog revision {Revision} applied with {Count} services")]
        public static partial void CatalogLoaded(ILogger logger, long revision, int count);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Configuration change refused with {Count} problems; the last good catalog, consumers and plans stay in force: {Errors}")]
        public static partial void ReloadRejected(ILogger logger, int count, string errors);
    }
}
