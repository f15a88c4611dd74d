using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Splp.Gateway.Consumers;
using Splp.Gateway.Redis;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Splp.Gateway.Auth;

/// <summary>
/// Authentication (JWT bearer from every trusted issuer, API keys for legacy consumers), the consumer registry and
/// per-service authorization, and the identity headers toward upstreams.
/// </summary>
internal static partial class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddSplpAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DevIssuerOptions>().Bind(configuration.GetSection(DevIssuerOptions.SectionName));
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.AddSingleton<IPostConfigureOptions<AuthOptions>, ImportLegacyBearerAuthority>();
        services.AddHttpClient(TrustedIssuers.HttpClientName);
        services.TryAddSingleton<TrustedIssuers>();
        services.TryAddSingleton<ConsumerRegistry>();
        services.AddSplpRedis(configuration);
        if (configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>()?.IsConfigured == true)
        {
            services.Replace(ServiceDescriptor.Singleton<IApiKeyRevocations, RedisApiKeyRevocations>());
        }
        else
        {
            services.TryAddSingleton<IApiKeyRevocations, MemoryApiKeyRevocations>();
        }

        // JWT bearer is the default scheme and hands requests that present an API key to the API-key scheme (one
        // handler per request, where a policy scheme in front of both would cost a second).
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options => options.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.Presents(context.Request) ? ApiKeyAuthenticationHandler.SchemeName : null)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearer>();
        services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>, DetachJwtBearerMetadata>();
        // One normalizer: the validated-token cache and API keys build the gateway's identity with it; as the claims
        // transformation it covers whatever else authenticates.
        services.TryAddSingleton<ConsumerClaimsTransformation>();
        services.Replace(ServiceDescriptor.Singleton<IClaimsTransformation>(sp => sp.GetRequiredService<ConsumerClaimsTransformation>()));
        services.AddAuthorization();
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationPolicyProvider, ServiceAuthorizationPolicyProvider>());
        services.AddSingleton<IAuthorizationHandler, ServiceAccessHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddSingleton<ITransformProvider, IdentityHeadersTransformProvider>();
        // A bad registry or an unreadable development key stops the gateway at start, not on the first request.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, BuildAtStart>());
        return services;
    }

    /// <summary>Validates bearer tokens through the trusted issuers, with the validated-token cache in front.</summary>
    private sealed class ConfigureJwtBearer(TrustedIssuers issuers, IOptions<AuthOptions> auth, TimeProvider timeProvider, ConsumerClaimsTransformation normalizer) : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            if (name != JwtBearerDefaults.AuthenticationScheme)
            {
                return;
            }

            options.MapInboundClaims = false;
            // Nothing reads the raw token back from the authentication properties.
            options.SaveToken = false;
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(new CachingTokenHandler(
                new TrustedIssuersTokenHandler(issuers, auth.Value.MaxTokenLength),
                auth.Value.TokenCacheDuration,
                auth.Value.TokenCacheEntries,
                timeProvider,
                normalizer));
            options.TokenValidationParameters.NameClaimType = "sub";
        }

        public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
    }

    /// <summary>
    /// <c>Authentication:Schemes:Bearer:Authority</c> (the one-issuer setting of earlier versions) is served as the
    /// trusted issuer <c>bearer</c>; JwtBearer's own metadata fetching is turned off so only the trusted issuers' key
    /// caches (which survive an identity provider's outage) are used.
    /// </summary>
    private sealed class DetachJwtBearerMetadata : IPostConfigureOptions<JwtBearerOptions>
    {
        public void PostConfigure(string? name, JwtBearerOptions options)
        {
            options.Authority = null;
            options.MetadataAddress = null!;
            options.ConfigurationManager = null;
            options.Configuration = null;
        }
    }

    private sealed class ImportLegacyBearerAuthority(IConfiguration configuration) : IPostConfigureOptions<AuthOptions>
    {
        public const string LegacyName = "bearer";

        public void PostConfigure(string? name, AuthOptions options)
        {
            var legacy = configuration.GetSection("Authentication:Schemes:Bearer");
            var authority = legacy["Authority"];
            if (string.IsNullOrWhiteSpace(authority) || options.Issuers.ContainsKey(LegacyName))
            {
                return;
            }

            var audiences = legacy.GetSection("ValidAudiences").Get<string[]>() ?? [];
            if (legacy["ValidAudience"] is { Length: > 0 } single)
            {
                audiences = [.. audiences, single];
            }

            options.Issuers[LegacyName] = new TrustedIssuerOptions
            {
                Authority = authority,
                MetadataAddress = legacy["MetadataAddress"],
                Issuer = legacy["ValidIssuer"],
                Audiences = [.. audiences],
                RequireHttpsMetadata = legacy.GetValue("RequireHttpsMetadata", true),
            };
        }
    }

    private sealed class BuildAtStart(IServiceProvider services, ILogger<BuildAtStart> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var registry = services.GetRequiredService<ConsumerRegistry>();
            var issuers = services.GetRequiredService<TrustedIssuers>();
            _ = services.GetRequiredService<IApiKeyRevocations>();
            WarnAboutDanglingNames(registry, issuers, services.GetRequiredService<Catalog.ServiceCatalogProvider>().Current);
            return Task.CompletedTask;
        }

        // Names that match nothing are not errors (the catalog reloads on its own), but they silently refuse a
        // consumer, so each is logged at start.
        private void WarnAboutDanglingNames(ConsumerRegistry registry, TrustedIssuers issuers, Catalog.ServiceCatalog catalog)
        {
            var issuerNames = issuers.Names.ToHashSet(StringComparer.Ordinal);
            foreach (var consumer in registry.Consumers)
            {
                foreach (var issuer in consumer.Issuers.Where(i => !issuerNames.Contains(i)))
                {
                    Log.UnknownName(logger, consumer.Id, "issuer", issuer);
                }

                foreach (var (service, subscription) in consumer.Subscriptions)
                {
                    if (!catalog.Services.TryGetValue(service, out var published))
                    {
                        Log.UnknownName(logger, consumer.Id, "service", service);
                        continue;
                    }

                    foreach (var operation in subscription.Operations)
                    {
                        if (published.ContractDocument is { } contract && !contract.TryGetOperation(operation, out _))
                        {
                            Log.UnknownName(logger, consumer.Id, "operation of " + service, operation);
                        }
                    }
                }
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5451, Level = LogLevel.Warning, Message = "Consumer '{Consumer}' names an unknown {Kind} '{Name}': it will be refused there")]
        public static partial void UnknownName(ILogger logger, string consumer, string kind, string name);
    }
}
