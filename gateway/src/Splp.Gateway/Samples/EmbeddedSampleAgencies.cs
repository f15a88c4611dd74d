using Microsoft.Extensions.Options;
using Splp.SampleAgencies;

namespace Splp.Gateway.Samples;

/// <summary>
/// Starts the sample agency apps before the gateway starts serving (so the embedded default answers
/// from its first request) and stops them after it stops.
/// </summary>
internal sealed partial class EmbeddedSampleAgencies(
    IOptions<EmbeddedSamplesOptions> options,
    TimeProvider timeProvider,
    ILogger<EmbeddedSampleAgencies> logger) : IHostedLifecycleService
{
    private readonly List<SampleAgencyHost> _hosts = [];

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        foreach (var agency in Enum.GetValues<SampleAgency>())
        {
            var key = agency.ToString().ToLowerInvariant();
            if (!settings.Urls.TryGetValue(key, out var url) || string.IsNullOrWhiteSpace(url))
            {
                continue;
            }

            var host = await SampleAgencyHost.StartAsync(agency, url, SampleDataSet.Default, timeProvider, cancellationToken);
            _hosts.Add(host);
            Log.SampleStarted(logger, key, host.BaseAddress);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        _hosts.Clear();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Sample agency app {Agency} listening on {Address}")]
        public static partial void SampleStarted(ILogger logger, string agency, Uri address);
    }
}
