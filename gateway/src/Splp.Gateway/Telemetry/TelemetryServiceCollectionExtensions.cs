using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Splp.Gateway.Telemetry;

/// <summary>OpenTelemetry traces and metrics for the gateway: the one place they are wired.</summary>
internal static class TelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddSplpTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddSingleton(Options.Create(options));
        if (!options.Enabled)
        {
            return services;
        }

        var otlp = options.OtlpEndpoint ?? (Uri.TryCreate(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"], UriKind.Absolute, out var fromEnv) ? fromEnv : null);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName));
        if (options.Tracing)
        {
            telemetry.WithTracing(tracing =>
            {
                Sampler sampler = options.TraceSampleRatio < 1.0
                    ? new ParentBasedSampler(new TraceIdRatioBasedSampler(Math.Clamp(options.TraceSampleRatio, 0.0, 1.0)))
                    : new ParentBasedSampler(new AlwaysOnSampler());
                // The server span is the one ASP.NET Core's hosting layer starts and the client span the one .NET's
                // HttpClient starts (with its semantic-convention attributes); TelemetryMiddleware describes the
                // exchange on the server span. No instrumentation library: those subscribe to DiagnosticListener
                // events, paid by every exchange whether recorded or not (docs/benchmarks.md, "Telemetry overhead").
                tracing
                    .SetSampler(new ExchangeSampler(sampler))
                    .AddSource(SplpTelemetry.SourceName, "Microsoft.AspNetCore", "System.Net.Http")
                    .AddProcessor(new PersonalDataMaskingProcessor());
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });
        }

        if (options.Metrics)
        {
            telemetry.WithMetrics(metrics =>
            {
                // The framework meters the dashboards use, named one by one rather than every ASP.NET Core and
                // HttpClient meter; and of those, the instruments updated several times per exchange that no
                // dashboard needs are dropped (TelemetryOptions.CostlyInstruments; Splp:Telemetry:KeepMetrics brings
                // any back): on a proxy each costs a measurable share of throughput (docs/benchmarks.md,
                // "Telemetry overhead").
                metrics
                    .AddMeter(SplpTelemetry.SourceName + ".*", "Splp.*")
                    .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics")
                    .AddMeter("System.Net.Http", "System.Net.NameResolution")
                    .AddRuntimeInstrumentation();
                foreach (var instrument in TelemetryOptions.CostlyInstruments.Except(options.KeepMetrics, StringComparer.Ordinal))
                {
                    metrics.AddView(instrument, MetricStreamConfiguration.Drop);
                }

                if (options.PrometheusEndpoint)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });
        }

        return services;
    }

    /// <summary>Describes each exchange on its server span (first in the pipeline, so it sees the final status), when tracing is on.</summary>
    public static IApplicationBuilder UseSplpTelemetry(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        return options.Enabled && options.Tracing ? app.UseMiddleware<TelemetryMiddleware>() : app;
    }

    public static IEndpointRouteBuilder MapSplpTelemetry(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (options.Enabled && options.Metrics && options.PrometheusEndpoint)
        {
            endpoints.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        }

        return endpoints;
    }
}
