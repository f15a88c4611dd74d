using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Splp.Adapters;
using Splp.Contracts.Loading;
using Splp.Gateway.Admin;
using Splp.Gateway.Auth;
using Splp.Gateway.Caching;
using Splp.Gateway.Catalog;
using Splp.Gateway.ExchangeLog;
using Splp.Gateway.Limits;
using Splp.Gateway.Ops;
using Splp.Gateway.Problems;
using Splp.Gateway.Proxy;
using Splp.Gateway.RateLimiting;
using Splp.Gateway.Resilience;
using Splp.Gateway.Samples;
using Splp.Gateway.Telemetry;
using Splp.Gateway.Validation;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Splp.Gateway;

/// <summary>Entry points that wire the whole gateway: <c>builder.AddSplpGateway()</c>, then <c>app.UseSplpGateway()</c>.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>Registers every gateway feature, each replaceable through DI.</summary>
    public static WebApplicationBuilder AddSplpGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        var sourceHealth = new ConfigurationSourceHealth(TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        AddCatalogFiles(builder.Configuration, sourceHealth);
        services.TryAddSingleton(sourceHealth);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSplpProblems();
        services.AddSplpTelemetry(configuration);
        // Every log line carries the trace and span ids of its exchange (JSON console scopes in production).
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        // ASP.NET Core's request scope and request logs carry the raw path, and paths carry NIKs; the gateway's
        // own logs name the service instead. Filtered in code so no configuration can bring them back.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp.ReverseProxy.Forwarder.HttpForwarder", LogLevel.Warning);
        services.AddSplpLimits(builder);
        services.AddSplpContracts(configuration);
        services.AddSplpCatalog();
        services.AddSplpAuth(configuration);
        services.AddSplpProxy(configuration);
        services.AddSplpResilience();
        services.AddSplpRateLimiting(configuration);
        services.AddSplpCaching(configuration);
        services.AddSplpOps(configuration);
        services.AddSplpExchangeLog(configuration);
        // On SIGTERM /healthz/ready answers 503 at once; Kestrel keeps accepting for the readiness delay (so a load
        // balancer sees the 503 first), then stops accepting and in-flight exchanges get the drain timeout to finish.
        var drain = configuration.GetValue("Splp:Shutdown:DrainTimeout", TimeSpan.FromSeconds(30));
        var readinessDelay = Health.DrainState.ReadinessDelay(configuration);
        services.Configure<HostOptions>(options => options.ShutdownTimeout = drain + readinessDelay);
        services.TryAddSingleton<Health.DrainState>();
        services.AddHostedService(sp => sp.GetRequiredService<Health.DrainState>());
        services.AddOptions<EmbeddedSamplesOptions>().Bind(configuration.GetSection(EmbeddedSamplesOptions.SectionName));
        services.AddHostedService<EmbeddedSampleAgencies>();

        var forwarded = configuration.GetSection("Splp:ForwardedHeaders");
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.KnownProxies.Clear();
            foreach (var proxy in forwarded.GetSection("KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });
        return builder;
    }

    /// <summary>Builds the request path: limits, authentication, authorization, health, the proxy, and 404 for the rest.</summary>
    public static WebApplication UseSplpGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Fail start with every catalog problem listed, rather than on the first request.
        _ = app.Services.GetRequiredService<ServiceCatalogProvider>();

        if (app.Configuration.GetSection("Splp:ForwardedHeaders:KnownProxies").Exists())
        {
            app.UseForwardedHeaders();
        }

        app.UseSplpTelemetry();
        app.UseSplpProblems();
        app.UseMiddleware<RequestLimitsMiddleware>();
        app.UseRouting();
        // Every exchange on a service route is recorded, refusals by authentication and authorization included.
        app.UseSplpExchangeLog();
        app.UseAuthentication();
        app.UseAuthorization();
        Health.HealthEndpoints.MapSplpHealth(app);
        app.MapSplpTelemetry();
        app.MapSplpAdmin();
        app.MapSplpOps();
        app.MapSplpExchangeLog();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseSplpOpsActivity();
            proxy.UseMiddleware<ProxyErrorMiddleware>();
            // Refuse over-limit callers before any work; serve cached contract responses before validation
            // and adapters (a hit needs neither); then validate, adapt and forward.
            proxy.UseSplpRateLimiting();
            proxy.UseSplpCaching();
            proxy.UseMiddleware<ContractValidationMiddleware>();
            proxy.UseMiddleware<AdapterRequestMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        app.MapFallback(context => ProblemResponses.WriteAsync(
            context,
            StatusCodes.Status404NotFound,
            Splp.Contracts.Problems.ProblemTypes.ServiceNotFound,
            "Service not found",
            "No published service answers at this path. Services are reached at /{service}/v{major}/..."));
        return app;
    }

    /// <summary>
    /// Adds the adapter mapping files (every <c>*.json</c> in <c>Splp:MappingsPath</c>, by default the
    /// <c>mappings</c> folder shipped with the gateway) and the JSON file named by <c>Splp:CatalogFile</c>
    /// (e.g. a mounted ConfigMap), all watched for changes, above the appsettings files and below
    /// environment variables and the command line.
    /// </summary>
    private static void AddCatalogFiles(ConfigurationManager configuration, ConfigurationSourceHealth health)
    {
        // The appsettings*.json files WebApplication added, guarded in place (same order): a truncated save is
        // refused and logged instead of emptying every key the file held.
        var sources = configuration.Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path: not null } json)
            {
                sources[i] = GuardedJsonConfigurationSource.From(json, configuration, health);
            }
        }

        var mappings = configuration["Splp:MappingsPath"];
        var directory = string.IsNullOrWhiteSpace(mappings) ? Path.Combine(AppContext.BaseDirectory, "mappings") : Path.GetFullPath(mappings);
        if (Directory.Exists(directory))
        {
            // One file provider (one file-system watcher) for the whole folder, not one per file.
            var folder = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(directory);
            foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
            {
                InsertJsonSource(configuration, folder, Path.GetFileName(file), health);
            }
        }

        var catalog = configuration["Splp:CatalogFile"];
        if (!string.IsNullOrWhiteSpace(catalog))
        {
            var fullPath = Path.GetFullPath(catalog);
            InsertJsonSource(configuration, new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.GetDirectoryName(fullPath)!), Path.GetFileName(fullPath), health);
        }
    }

    private static void InsertJsonSource(ConfigurationManager configuration, Microsoft.Extensions.FileProviders.IFileProvider folder, string fileName, ConfigurationSourceHealth health)
    {
        var source = new GuardedJsonConfigurationSource
        {
            Path = fileName,
            Optional = false,
            ReloadOnChange = true,
            FileProvider = folder,
            Health = health,
        };
        var sources = configuration.Sources;
        var firstOverride = sources.ToList().FindIndex(s =>
            s is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource
              or Microsoft.Extensions.Configuration.CommandLine.CommandLineConfigurationSource);
        // Inserting rebuilds every provider (values set through the configuration indexer, such as
        // WebHost.UseUrls, are lost); appending does not. Insert only when something must stay above the file.
        if (firstOverride < 0)
        {
            sources.Add(source);
        }
        else
        {
            sources.Insert(firstOverride, source);
        }
    }

    private static IServiceCollection AddSplpLimits(this IServiceCollection services, WebApplicationBuilder builder)
    {
        services.AddOptions<RequestLimitsOptions>()
            .Bind(builder.Configuration.GetSection(RequestLimitsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var limits = builder.Configuration.GetSection(RequestLimitsOptions.SectionName).Get<RequestLimitsOptions>() ?? new RequestLimitsOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes * RequestLimitsOptions.KestrelHardLimitFactor;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersBytes * RequestLimitsOptions.KestrelHardLimitFactor;
            kestrel.Limits.MaxRequestLineSize = limits.MaxRequestTargetBytes * RequestLimitsOptions.KestrelHardLimitFactor;
            kestrel.Limits.MinRequestBodyDataRate = limits.MinRequestBodyBytesPerSecond > 0
                ? new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(limits.MinRequestBodyBytesPerSecond, limits.RequestBodyGracePeriod)
                : null;
            kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
        });
        return services;
    }

    private static IServiceCollection AddSplpContracts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ContractsOptions>().Bind(configuration.GetSection(ContractsOptions.SectionName));
        // Loaded once at start: a broken contract document stops the gateway with every problem listed.
        services.TryAddSingleton(sp =>
        {
            var path = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ContractsOptions>>().Value.Path;
            return ContractRegistry.LoadAsync(string.IsNullOrWhiteSpace(path) ? ContractRegistry.DefaultRoot : path).GetAwaiter().GetResult();
        });
        services.TryAddSingleton<ContractMetrics>();
        services.TryAddSingleton<ContractViolationResponses>();
        return services;
    }

    private static IServiceCollection AddSplpCatalog(this IServiceCollection services)
    {
        foreach (var adapter in BuiltInAdapters.Create())
        {
            services.AddSingleton(adapter);
        }

        services.TryAddSingleton(sp => new ServiceCatalogProvider(
            sp.GetRequiredService<IConfiguration>(),
            sp.GetServices<IServiceAdapter>(),
            sp.GetRequiredService<ContractRegistry>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ServiceCatalogProvider>>(),
            UseLogger(sp.GetRequiredService<ConfigurationSourceHealth>(), sp.GetRequiredService<ILoggerFactory>())));
        return services;
    }

    private static ConfigurationSourceHealth UseLogger(ConfigurationSourceHealth health, ILoggerFactory loggers)
    {
        health.UseLogger(loggers.CreateLogger<ConfigurationSourceHealth>());
        return health;
    }

    private static IServiceCollection AddSplpProxy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProxyOptions>()
            .Bind(configuration.GetSection(ProxyOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IProxyConfigProvider, CatalogProxyConfigProvider>();
        services.AddSingleton<AdapterTransformProvider>();
        services.AddReverseProxy().AddTransforms<AdapterTransformProvider>().AddTransforms<UpstreamResponseGuard>();
        services.Replace(ServiceDescriptor.Singleton<IForwarderHttpClientFactory, SplpForwarderHttpClientFactory>());
        return services;
    }
}
