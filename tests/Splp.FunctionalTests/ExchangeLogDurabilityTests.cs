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
    /// What is asserted: after SIGKILL mid-load and a restart, <c>verify-log</c> finds the chain intact (a torn last
    /// line, if the kill cut one, is cut off and noted in the start record), the restart says the previous run was not
    /// clean, and every exchange answered more than one flush interval (1 s) before the kill is in the log — a SIGKILL
    /// loses only records still queued in memory, the OS keeps what was written. Every exchange of the second run,
    /// which stops with SIGTERM, is in the log and sealed.
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
        var answered = new ConcurrentQueue<(string TraceId, long At)>();
        var gateway = await GatewayProcess.StartAsync(settings.Build());
        long killedAt;
        try
        {
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
            {
                // Bounded: at most 5000 requests per worker, until the kill.
                for (var i = 0; i < 5000 && !stop.IsCancellationRequested; i++)
                {
                    var trace = ActivityTraceId.CreateRandom().ToHexString();
                    try
                    {
                        using var request = Request(token, trace);
                        using var response = await gateway.Client.SendAsync(request, stop.Token);
                        if (response.IsSuccessStatusCode)
                        {
                            answered.Enqueue((trace, Stopwatch.GetTimestamp()));
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException or ObjectDisposedException or IOException)
                    {
                        return;
                    }
                }
            })).ToArray();

            // Kill under load, after at least two flush intervals of answered exchanges.
            Assert.True(await Eventually.TrueAsync(
                () => Task.FromResult(answered.Count >= 150 && answered.TryPeek(out var first) && Stopwatch.GetElapsedTime(first.At) > TimeSpan.FromSeconds(2.5)),
                TimeSpan.FromSeconds(60)));
            killedAt = Stopwatch.GetTimestamp();
            await gateway.DisposeAsync(); // SIGKILL, with the workers still sending
            await stop.CancelAsync();
            await Task.WhenAll(load);
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
                using var request = Request(token, trace);
                using var response = await second.Client.SendAsync(request);
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
        var flushWindow = Stopwatch.Frequency; // FlushInterval = 1 s
        var mustBePresent = answered.Where(a => a.At < killedAt - flushWindow).Select(a => a.TraceId).ToList();
        Assert.NotEmpty(mustBePresent);
        Assert.All(mustBePresent, trace => Assert.Contains(trace, logged));
        Assert.All(afterRestart, trace => Assert.Contains(trace, logged));
    }

    private static HttpRequestMessage Request(string token, string trace)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/kependudukan/v1/penduduk/3404074312850001");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return request;
    }
}
