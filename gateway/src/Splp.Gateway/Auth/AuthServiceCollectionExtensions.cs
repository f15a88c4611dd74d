using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Splp.Gateway.Auth;

/// <summary>JWT bearer authentication and per-service authorization.</summary>
internal static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddSplpAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DevIssuerOptions>().Bind(configuration.GetSection(DevIssuerOptions.SectionName));
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearer>();
        services.AddAuthorization();
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationPolicyProvider, ServiceAuthorizationPolicyProvider>());
        services.AddSingleton<IAuthorizationHandler, ServiceAccessHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }

    /// <summary>Trusts the development issuer when enabled; other issuers come from <c>Authentication:Schemes:Bearer</c>.</summary>
    private sealed class ConfigureJwtBearer(IOptions<DevIssuerOptions> devIssuer, IOptions<AuthOptions> auth, TimeProvider timeProvider) : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            if (name != JwtBearerDefaults.AuthenticationScheme)
            {
                return;
            }

            options.MapInboundClaims = false;
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(new CachingTokenHandler(auth.Value.TokenCacheDuration, auth.Value.TokenCacheEntries, timeProvider));
            options.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            options.TokenValidationParameters.RequireExpirationTime = true;
            options.TokenValidationParameters.NameClaimType = "sub";
            options.TokenValidationParameters.ValidAlgorithms ??= [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256];

            var dev = devIssuer.Value;
            if (!dev.Enabled)
            {
                return;
            }

            options.TokenValidationParameters.ValidIssuer = dev.Issuer;
            options.TokenValidationParameters.ValidAudience = dev.Audience;
            options.TokenValidationParameters.IssuerSigningKey = DevSigningKey.LoadOrCreate(dev.KeyPath);
        }

        public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
    }
}
