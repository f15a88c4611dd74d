using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Splp.SampleAgencies.Bapenda;
using Splp.SampleAgencies.Disdukcapil;
using Splp.SampleAgencies.Dpmptsp;
using Splp.SampleAgencies.Http;
using Splp.SampleAgencies.Lapor;

namespace Splp.SampleAgencies;

/// <summary>
/// One running sample agency app: a real Kestrel server with the agency's legacy HTTP API over a
/// <see cref="SampleDataSet"/>. Every app also answers <c>GET /health</c> with 200 <c>OK</c>.
/// </summary>
public sealed class SampleAgencyHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private SampleAgencyHost(SampleAgency agency, WebApplication app, Uri baseAddress)
    {
        Agency = agency;
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The agency this app plays.</summary>
    public SampleAgency Agency { get; }

    /// <summary>The address actually bound, with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts an agency app and returns once it is listening.</summary>
    /// <param name="agency">Which agency to play.</param>
    /// <param name="url">
    /// Where to listen: <c>http://host:port</c> where host is an IP address, <c>localhost</c> (127.0.0.1) or
    /// <c>*</c> (every interface), and port 0 picks a free one, e.g. <c>http://127.0.0.1:0</c>.
    /// </param>
    /// <param name="data">The data to serve; <see cref="SampleDataSet.Default"/> when omitted.</param>
    /// <param name="timeProvider">The clock for records created by POST; <see cref="TimeProvider.System"/> when omitted.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a plain HTTP address with host and port.</exception>
    /// <exception cref="IOException">The address could not be bound, e.g. the port is in use.</exception>
    public static async Task<SampleAgencyHost> StartAsync(
        SampleAgency agency,
        string url,
        SampleDataSet? data = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(agency))
        {
            throw new ArgumentOutOfRangeException(nameof(agency), agency, "Unknown sample agency.");
        }

        if (!ListenAddress.TryParse(url, out var endPoint, out var error))
        {
            throw new ArgumentException(error, nameof(url));
        }

        data ??= SampleDataSet.Default;
        timeProvider ??= TimeProvider.System;

        // The empty builder reads no appsettings.json, environment variables or command line, so an app
        // hosted inside another process (the gateway, a test) is not reconfigured by that process's settings.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = "Splp.SampleAgencies." + agency,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Listen(endPoint);
        });
        builder.Services.AddRoutingCore();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);

        var app = builder.Build();
        Responses.MapHealth(app);
        switch (agency)
        {
            case SampleAgency.Disdukcapil:
                DisdukcapilApp.Map(app, data);
                break;
            case SampleAgency.Dpmptsp:
                DpmptspApp.Map(app, data, timeProvider);
                break;
            case SampleAgency.Bapenda:
                BapendaApp.Map(app, data);
                break;
            case SampleAgency.Lapor:
                LaporApp.Map(app, data, timeProvider);
                break;
        }

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var bound = addresses.First();
        return new SampleAgencyHost(agency, app, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    /// <summary>Stops listening, letting requests in flight finish within the shutdown timeout.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        Interlocked.Exchange(ref _stopped, 1) == 0 ? _app.StopAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Stops the app if still running and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Agency} at {BaseAddress}";
}
