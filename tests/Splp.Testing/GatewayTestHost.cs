using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Splp.Gateway;

namespace Splp.Testing;

/// <summary>
/// A real gateway on a real loopback socket (Kestrel on an ephemeral port), configured by the test.
/// Disposing it stops the gateway.
/// </summary>
public sealed class GatewayTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayTestHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        // The gateway runs in the test's process, so its HttpClient tracing would also stamp this client's
        // requests with a traceparent of its own; a real consumer is another process. Send only what the test sets.
        var handler = new UntracedHandler(new SocketsHttpHandler { ActivityHeadersPropagator = System.Diagnostics.DistributedContextPropagator.CreateNoOutputPropagator() });
        Client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The gateway's address, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for the gateway (no default headers).</summary>
    public HttpClient Client { get; }

    /// <summary>The gateway's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a gateway with <paramref name="settings"/> as configuration (keys like
    /// <c>Splp:Services:x:Upstream:Destinations:a</c>) and, optionally, a JSON file watched for changes.
    /// </summary>
    public static async Task<GatewayTestHost> StartAsync(
        IReadOnlyDictionary<string, string?> settings,
        string? jsonFile = null,
        Action<IServiceCollection>? configureServices = null,
        ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection([KeyValuePair.Create<string, string?>("urls", "http://127.0.0.1:0")]);
        if (jsonFile is not null)
        {
            builder.Configuration.AddJsonFile(jsonFile, optional: false, reloadOnChange: true);
        }

        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
        }

        builder.AddSplpGateway();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseSplpGateway();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new GatewayTestHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Sends without the in-process OpenTelemetry HttpClient instrumentation touching the request.</summary>
    private sealed class UntracedHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var scope = OpenTelemetry.SuppressInstrumentationScope.Begin();
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
