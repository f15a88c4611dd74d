using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Splp.ExchangeLog;
using Splp.Gateway.ExchangeLog;

namespace Splp.Gateway.Tests.ExchangeLog;

/// <summary>The background writer: a full queue loses records visibly (metric, chain), shutdown seals the chain.</summary>
public sealed class ExchangeLogWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("splp-xlog-writer-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task FullQueue_CountsTheLoss_AndNotesItInTheChain_ThenShutdownSealsEverything()
    {
        var options = new ExchangeLogOptions
        {
            Enabled = true,
            Directory = Path.Combine(_directory, "log"),
            SigningKeyPath = Path.Combine(_directory, "key.pem"),
            SubjectKey = new string('k', 32),
            Instance = "gw-unit",
            QueueCapacity = 16,
            EnqueueTimeout = TimeSpan.FromMilliseconds(10),
        };
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        long dropped = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Name == "splp.exchange_log.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref dropped, value));
        listener.Start();
        using var writer = new ExchangeLogWriter(Options.Create(options), new ExchangeLogMetrics(meterFactory), TimeProvider.System, NullLogger<ExchangeLogWriter>.Instance);

        // Not started yet: nothing drains the queue, so the last 4 of 20 records find it full.
        for (var i = 0; i < 20; i++)
        {
            await writer.EnqueueAsync(Record(i));
        }

        await writer.StartAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(4, Interlocked.Read(ref dropped));
        var lines = File.ReadAllLines(LogFormat.FilesByInstance(options.Directory)["gw-unit"].Single());
        Assert.Equal(16, lines.Count(l => l.Contains("\"type\":\"exchange\"", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("\"type\":\"loss\"", StringComparison.Ordinal) && l.Contains("\"lost\":4", StringComparison.Ordinal));
        Assert.Contains("\"reason\":\"shutdown\"", lines[^1], StringComparison.Ordinal);
        using var key = LogSigningKey.LoadPublic(options.SigningKeyPath);
        var report = LogVerifier.Verify(options.Directory, key);
        Assert.True(report.Ok, report.Issue?.Message);
        Assert.Equal(0, report.Instances[0].UnsealedRecords);
    }

    private static ExchangeRecord Record(int i) => new()
    {
        Time = TimeProvider.System.GetUtcNow(),
        Instance = "gw-unit",
        Service = "kependudukan",
        Method = "GET",
        Status = 200,
        RequestSha256 = new string('0', 64),
        ResponseSha256 = new string('1', 64),
        LatencyMs = i,
    };
}
