using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Splp.ExchangeLog;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>The exchange log of a gateway process killed (SIGKILL) under load, then restarted on the same directory.</summary>
public sealed class ExchangeLogDurabilityTests : IDisposable
{
    private readonly TestTokens _tokens = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("splp-xlog-kill-").FullName;

    public void Dispose()
    {
        _tokens.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>
    /// What is asserted: phase A's exchanges are all seen in the file (handed to the OS); then, under phase B's load,
    /// the gateway is SIGKILLed while writing and restarted on the same directory. After more exchanges and a SIGTERM:
    /// <c>verify-log</c> finds the chain intact and fully sealed (a torn last line, if the kill cut one, was cut off
    /// and noted), the restart's start record says the previous run was not clean, every phase-A exchange is still
    /// in the log (a kill and the torn-tail recovery never lose what reached the file), and every exchange of the
    /// second run is there. Phase B's exchanges may be lost only if their records were still queued in memory;
    /// how long that window is depends on the machine's load (the queue-depth metric shows it), so it is not asserted.
    /// </summary>
    [Fact]
    public async Task KilledMidWrite_RestartContinuesTheChain_VerifyPasses_AndAnsweredExchangesArePresent()
    {
        var logDirectory = Path.Combine(_directory, "log");
        var keyPath = Path.Combine(_directory, "log-key.pem");
        await using var upstream = await ExchangeLogTests.StartUpstreamAsync();
        var settings = new CatalogSettings(_tokens).Service("kependudukan", upstream.BaseAddress, scopes: ["kependudukan.read"]);
        foreach (var (key, value) in ExchangeLogTests.LogSettings(logDirectory, keyPath, "gw-kill"))
        {
            settings.Set(key, value);
        }

        var token = _tokens.For("portal-warga", "kependudukan.read");
        // The test process's own HttpClient tracing (other tests run in-process gateways with OpenTelemetry) would
        // replace the traceparent this test sets: send it untouched (no propagation, instrumentation suppressed).
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator() }) { Timeout = TimeSpan.FromSeconds(30) };
        var gateway = await GatewayProcess.StartAsync(settings.Build());
        List<string> written;
        int beforeKill;
        try
        {
            // Phase A: load, then wait until every answered exchange is in the file (handed to the OS).
            var phaseA = await LoadAsync(gateway, client, token, until: answered => answered.Count >= 100);
            HashSet<string?> Logged() => ExchangeLogTests.ReadExchanges(logDirectory).Select(r => r.GetProperty("traceId").GetString()).ToHashSet();
            var all = await Eventually.TrueAsync(() => Task.FromResult(phaseA.All(Logged().Contains)), TimeSpan.FromSeconds(30));
            var seen = Logged();
            Assert.True(all, $"{phaseA.Count(t => !seen.Contains(t))} of {phaseA.Count} phase-A exchanges not in the log of {seen.Count} records, e.g. {phaseA.FirstOrDefault(t => !seen.Contains(t))}; logged e.g. {string.Join(", ", seen.Take(3))}");
            written = phaseA;

            // Phase B: load again and SIGKILL the gateway while the workers are still sending and it is writing.
            var phaseB = await LoadAsync(gateway, client, token, until: answered => answered.Count >= 100, kill: gateway);
            beforeKill = phaseB.Count;
        }
        finally
        {
            await gateway.DisposeAsync();
        }

        var second = await GatewayProcess.StartAsync(settings.Build());
        var afterRestart = new List<string>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var trace = ActivityTraceId.CreateRandom().ToHexString();
                using var untraced = OpenTelemetry.SuppressInstrumentationScope.Begin();
                using var request = Request(second, token, trace);
                using var response = await client.SendAsync(request);
                Assert.True(response.IsSuccessStatusCode);
                afterRestart.Add(trace);
            }

            await second.TerminateAsync();
            Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await second.DisposeAsync();
        }

        using var publicKey = LogSigningKey.LoadPublic(keyPath);
        var report = LogVerifier.Verify(logDirectory, publicKey);
        Assert.True(report.Ok, report.Issue?.Message);
        Assert.Equal(0, report.Instances[0].UnsealedRecords);

        var starts = File.ReadAllLines(LogFormat.FilesByInstance(logDirectory)["gw-kill"][^1])
            .Where(l => l.Contains("\"type\":\"start\"", StringComparison.Ordinal)).ToList();
        Assert.Contains("\"previousClean\":false", starts[^1], StringComparison.Ordinal);

        var logged = ExchangeLogTests.ReadExchanges(logDirectory).Select(r => r.GetProperty("traceId").GetString()).ToHashSet();
        Assert.True(beforeKill >= 100);
        Assert.All(written, trace => Assert.Contains(trace, logged));
        Assert.All(afterRestart, trace => Assert.Contains(trace, logged));
    }

    /// <summary>Four workers send until <paramref name="until"/> holds (at most 2000 requests), then stop — or SIGKILL <paramref name="kill"/> first.</summary>
    private static async Task<List<string>> LoadAsync(GatewayProcess gateway, HttpClient client, string token, Func<IReadOnlyCollection<string>, bool> until, GatewayProcess? kill = null)
    {
        var answered = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 500 && !stop.IsCancellationRequested; i++)
            {
                var trace = ActivityTraceId.CreateRandom().ToHexString();
                try
                {
                    using var untraced = OpenTelemetry.SuppressInstrumentationScope.Begin();
                    using var request = Request(gateway, token, trace);
                    using var response = await client.SendAsync(request, stop.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        answered.Enqueue(trace);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or ObjectDisposedException or IOException)
                {
                    return;
                }
            }
        })).ToArray();
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(until(answered)), TimeSpan.FromSeconds(60)));
        if (kill is not null)
        {
            await kill.DisposeAsync(); // SIGKILL, with the workers still sending
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers);
        return [.. answered];
    }

    private static HttpRequestMessage Request(GatewayProcess gateway, string token, string trace)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.BaseAddress, "/kependudukan/v1/penduduk/3404074312850001"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return request;
    }
}
