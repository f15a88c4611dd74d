using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Splp.Gateway.ExchangeLog;

/// <summary>Wires the exchange log: <c>AddSplpExchangeLog</c>, then <c>UseSplpExchangeLog</c> right after routing.</summary>
internal static class ExchangeLogServiceCollectionExtensions
{
    public static IServiceCollection AddSplpExchangeLog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExchangeLogOptions>().Bind(configuration.GetSection(ExchangeLogOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExchangeLogOptions>, ExchangeLogOptionsValidator>());
        var enabled = configuration.GetSection(ExchangeLogOptions.SectionName).GetValue<bool>(nameof(ExchangeLogOptions.Enabled));
        if (!enabled)
        {
            return services;
        }

        services.TryAddSingleton<ExchangeLogMetrics>();
        services.TryAddSingleton(sp => SubjectKey.Load(sp.GetRequiredService<IOptions<ExchangeLogOptions>>().Value));
        services.TryAddSingleton<ExchangeLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ExchangeLogWriter>());
        services.TryAddSingleton<ExchangeLogQuery>();
        return services;
    }

    /// <summary>Place after <c>UseRouting</c> and before authentication, so refusals are recorded too.</summary>
    public static IApplicationBuilder UseSplpExchangeLog(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetService<ExchangeLogWriter>() is not null)
        {
            app.UseMiddleware<ExchangeLogMiddleware>();
        }

        return app;
    }
}
