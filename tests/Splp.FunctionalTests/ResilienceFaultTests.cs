using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Splp.Contracts.Problems;
using Splp.Gateway.Resilience;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>
/// Agency apps that fail in the ways government apps do, and consumers that misbehave, over real sockets: the
/// gateway answers each with a clean outcome within its timeouts, never multiplies load on a failing app, cuts a
/// failing app off with its circuit breaker and takes it back once it recovers, and keeps serving.
/// </summary>
public sealed class ResilienceFaultTests : IDisposable
{
    private const string Resilience = "Splp:Services:layanan:Resilience:";
    private readonly TestTokens _tokens = new();

    public void Dispose() => _tokens.Dispose();

    [Fact]
    public async Task UpstreamThatNeverAnswers_Returns504WithinTheTimeout_WithoutRetrying()
    {
        await using var upstream = RawTcpUpstream.Silent();
        await using var gateway = await StartAsync(upstream.BaseAddress, timeout: TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        using var response = await gateway.Client.GetAsync("/layanan/v1/lambat");

        await ProblemAssert.IsProblemAsync(response, 504, ProblemTypes.UpstreamTimeout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.Equal(1, upstream.Connections);
    }

    [Fact]
    public async Task UpstreamResettingMidBody_AbortsTheResponse_WithoutRetry_AndTheGatewayKeepsServing()
    {
        await using var broken = RawTcpUpstream.ResetMidBody("application/json");
        await using var healthy = await TestUpstream.StartAsync(context => context.Response.WriteAsync("sehat"));
        var settings = Settings(broken.BaseAddress).Service("sehat", healthy.BaseAddress, anonymous: true);
        await using var gateway = await GatewayTestHost.StartAsync(settings.Build());

        // The status and part of the body already went to the consumer: the only honest outcome is a cut-off body.
        var cut = await Record.ExceptionAsync(async () =>
        {
            using var response = await gateway.Client.GetAsync("/layanan/v1/data", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await response.Content.ReadAsByteArrayAsync();
        });

        Assert.True(cut is HttpRequestException or IOException, $"expected a cut-off body, got {cut?.GetType().Name ?? "a complete one"}");
        Assert.Equal(1, broken.Connections);
        Assert.Equal("sehat", await gateway.Client.GetStringAsync("/sehat/v1/x"));
    }

    [Fact]
    public async Task UpstreamAnsweringByteByByte_WithinTheTimeoutBetweenBytes_ArrivesIntact()
    {
        const string body = "{\"kode\":\"3404\",\"nama\":\"SLEMAN\"}";
        var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await using var upstream = RawTcpUpstream.Trickle(head + body, TimeSpan.FromMilliseconds(60), sendAtOnce: head.Length);
        await using var gateway = await StartAsync(upstream.BaseAddress, timeout: TimeSpan.FromSeconds(1));

        // About two seconds in all, longer than the timeout: the timeout is between bytes, not for the whole body.
        using var response = await gateway.Client.GetAsync("/layanan/v1/wilayah/3404");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UpstreamTricklingItsHeadersPastTheTimeout_Returns504_AndTheGatewayKeepsServing()
    {
        var response500Bytes = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: " + new string('x', 400) + "\r\nContent-Length: 2\r\n\r\n{}";
        await using var upstream = RawTcpUpstream.Trickle(response500Bytes, TimeSpan.FromMilliseconds(50));
        await using var healthy = await TestUpstream.StartAsync(context => context.Response.WriteAsync("sehat"));
        var settings = Settings(upstream.BaseAddress, timeout: TimeSpan.FromSeconds(1)).Service("sehat", healthy.BaseAddress, anonymous: true);
        await using var gateway = await GatewayTestHost.StartAsync(settings.Build());
        var clock = Stopwatch.StartNew();

        using var response = await gateway.Client.GetAsync("/layanan/v1/wilayah/3404");

        await ProblemAssert.IsProblemAsync(response, 504, ProblemTypes.UpstreamTimeout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.Equal("sehat", await gateway.Client.GetStringAsync("/sehat/v1/x"));
    }

    [Fact]
    public async Task UpstreamFailingEveryCall_OpensTheCircuit_ThenRecoversAfterTheBreak()
    {
        var failing = 1;
        await using var upstream = await TestUpstream.StartAsync(context =>
        {
            context.Response.StatusCode = Volatile.Read(ref failing) == 1 ? 500 : 200;
            return context.Response.WriteAsync("{}");
        });
        var settings = Settings(upstream.BaseAddress)
            .Set(Resilience + "CircuitBreaker:MinimumThroughput", "4")
            // Long enough that the five refusals below all fall inside it on a loaded machine.
            .Set(Resilience + "CircuitBreaker:BreakDuration", "00:00:03");
        await using var gateway = await GatewayTestHost.StartAsync(settings.Build());
        var circuits = gateway.Services.GetRequiredService<ICircuitStateSource>();

        var statuses = new List<int>();
        for (var i = 0; i < 10 && statuses.LastOrDefault() != 503; i++)
        {
            using var response = await gateway.Client.GetAsync("/layanan/v1/x");
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal([502, 502, 502, 502, 503], statuses); // the app's 500s withheld as upstream-error, then circuit-open
        Assert.Equal(CircuitState.Open, circuits.GetState("layanan"));
        var hits = upstream.Requests;
        for (var i = 0; i < 5; i++)
        {
            using var refused = await gateway.Client.GetAsync("/layanan/v1/x");
            await ProblemAssert.IsProblemAsync(refused, 503, ProblemTypes.CircuitOpen);
            var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 3); // the rest of the break, in whole seconds
        }

        Assert.Equal(hits, upstream.Requests); // an open circuit never touches the app

        Volatile.Write(ref failing, 0);
        var recovered = await Eventually.TrueAsync(async () =>
        {
            using var response = await gateway.Client.GetAsync("/layanan/v1/x");
            return response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(15));

        Assert.True(recovered);
        Assert.Equal(CircuitState.Closed, circuits.GetState("layanan"));
        using var after = await gateway.Client.GetAsync("/layanan/v1/x");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task UpstreamStillFailingAfterTheBreak_GetsOneProbe_AndTheCircuitOpensAgain()
    {
        await using var upstream = await TestUpstream.StartAsync(context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        var settings = Settings(upstream.BaseAddress)
            .Set(Resilience + "CircuitBreaker:MinimumThroughput", "2")
            .Set(Resilience + "CircuitBreaker:BreakDuration", "00:00:01");
        await using var gateway = await GatewayTestHost.StartAsync(settings.Build());
        for (var i = 0; i < 2; i++)
        {
            using var failed = await gateway.Client.GetAsync("/layanan/v1/x");
            await ProblemAssert.IsProblemAsync(failed, 502, ProblemTypes.UpstreamError);
        }

        // Keep calling through the break: exactly one call (the half-open probe) reaches the app.
        var hits = upstream.Requests;
        var probed = await Eventually.TrueAsync(async () =>
        {
            using var response = await gateway.Client.GetAsync("/layanan/v1/x");
            return (int)response.StatusCode == 502; // the probe reached the app (refusals are 503)
        }, TimeSpan.FromSeconds(15));

        Assert.True(probed);
        Assert.Equal(hits + 1, upstream.Requests);
        using var again = await gateway.Client.GetAsync("/layanan/v1/x");
        await ProblemAssert.IsProblemAsync(again, 503, ProblemTypes.CircuitOpen);
        Assert.Equal(hits + 1, upstream.Requests);
    }

    [Fact]
    public async Task OpenCircuitOnAContractService_AnswersCircuitOpen_AndNeverTakesTheDestinationOutOfRotation()
    {
        var failing = 1;
        await using var upstream = await TestUpstream.StartAsync(context =>
        {
            if (Volatile.Read(ref failing) == 1)
            {
                context.Response.StatusCode = 500;
                return Task.CompletedTask;
            }

            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"nik":"3404074312850001","namaLengkap":"SITI RAHAYU","tanggalLahir":"1985-12-03","jenisKelamin":"P","alamat":{"kecamatan":"DEPOK","rt":"003"}}""");
        });
        // Contract validation enforced, and passive health that would take the destination out after two failures.
        var settings = new CatalogSettings(_tokens).Service("kependudukan", upstream.BaseAddress, anonymous: true)
            .Set("Splp:Services:kependudukan:Validation", "Enforce")
            .Set("Splp:Services:kependudukan:Resilience:CircuitBreaker:MinimumThroughput", "2")
            // Long enough that the ten refusals below all fall inside it on a loaded machine (1 s once let a half-open
            // probe reach the still-failing upstream, answering its 500).
            .Set("Splp:Services:kependudukan:Resilience:CircuitBreaker:BreakDuration", "00:00:05")
            .Set("Splp:Proxy:PassiveHealthMinimalTotalCount", "2");
        await using var gateway = await GatewayTestHost.StartAsync(settings.Build());
        const string path = "/kependudukan/v1/penduduk/3404074312850001";

        for (var i = 0; i < 2; i++)
        {
            using var failed = await gateway.Client.GetAsync(path);
            Assert.NotEqual(HttpStatusCode.OK, failed.StatusCode);
        }

        for (var i = 0; i < 10; i++)
        {
            using var refused = await gateway.Client.GetAsync(path);
            await ProblemAssert.IsProblemAsync(refused, 503, ProblemTypes.CircuitOpen);
        }

        Volatile.Write(ref failing, 0);
        var types = new List<string?>();
        var recovered = await Eventually.TrueAsync(async () =>
        {
            using var response = await gateway.Client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }

            types.Add((await ProblemAssert.JsonAsync(response)).GetProperty("type").GetString());
            return false;
        }, TimeSpan.FromSeconds(15));

        Assert.True(recovered, string.Join(", ", types.Distinct()));
        Assert.All(types, type => Assert.Equal(ProblemTypes.CircuitOpen, type));
    }

    [Fact]
    public async Task TransientUnavailable_IsRetriedForGet_AndNeverForPost()
    {
        var calls = 0;
        await using var upstream = await TestUpstream.StartAsync(context =>
        {
            // Every odd call fails as an app restarting behind its own proxy would.
            context.Response.StatusCode = Interlocked.Increment(ref calls) % 2 == 1 ? 503 : 200;
            return context.Response.WriteAsync("{}");
        });
        await using var gateway = await StartAsync(upstream.BaseAddress);

        using var get = await gateway.Client.GetAsync("/layanan/v1/x");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(2, upstream.Requests);

        using var post = await gateway.Client.PostAsync("/layanan/v1/x", new StringContent("{\"a\":1}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadGateway, post.StatusCode); // the app's 503, body withheld
        Assert.Equal(3, upstream.Requests);

        using var emptyPost = await gateway.Client.PostAsync("/layanan/v1/x", null);
        Assert.Equal(HttpStatusCode.OK, emptyPost.StatusCode); // call 4 succeeds; had call 3 been retried we'd see 5
        Assert.Equal(4, upstream.Requests);
    }

    [Fact]
    public async Task AlwaysUnavailableUpstream_RetryBudgetCapsTheRetries()
    {
        await using var upstream = await TestUpstream.StartAsync(context =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        var settings = Settings(upstream.BaseAddress)
            .Set(Resilience + "CircuitBreaker:Enabled", "false")
            .Set(Resilience + "Retry:MaxAttempts", "3")
            .Set(Resilience + "Retry:BaseDelay", "00:00:00")
            .Set(Resilience + "Retry:BudgetPercent", "20")
            .Set(Resilience + "Retry:MinRetriesPerSecond", "0");
        await using var gateway = await GatewayTestHost.StartAsync(settings.Build());

        for (var i = 0; i < 10; i++)
        {
            using var response = await gateway.Client.GetAsync("/layanan/v1/x");
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode); // the app's 503, body withheld
        }

        // Without a budget: 10 requests × 3 attempts = 30 calls. With it: retries ≤ 20 % of the requests.
        Assert.InRange(upstream.Requests, 11, 12);
    }

    [Fact]
    public async Task ConsumerDisconnectingMidRequest_CancelsTheUpstreamCall_AndTheNextRequestIsFine()
    {
        var upstreamCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        await using var upstream = await TestUpstream.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await using var registration = context.RequestAborted.Register(() =>
                {
                    upstreamCancelled.TrySetResult();
                    never.TrySetResult();
                });
                await never.Task;
                return;
            }

            await context.Response.WriteAsync("ok");
        });
        var settings = Settings(upstream.BaseAddress).Set(Resilience + "CircuitBreaker:MinimumThroughput", "2");
        await using var gateway = await GatewayTestHost.StartAsync(settings.Build());

        using (var consumer = new CancellationTokenSource())
        {
            var pending = gateway.Client.GetAsync("/layanan/v1/lama", consumer.Token);
            Assert.True(await Eventually.TrueAsync(() => Task.FromResult(upstream.Requests == 1), TimeSpan.FromSeconds(10)));
            await consumer.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        }

        await upstreamCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("ok", await gateway.Client.GetStringAsync("/layanan/v1/lagi"));
        Assert.Equal(CircuitState.Closed, gateway.Services.GetRequiredService<ICircuitStateSource>().GetState("layanan"));
    }

    [Fact]
    public async Task ConsumerSendingItsBodyTooSlowly_Gets408_AndTheUpstreamCallEnds()
    {
        var upstreamEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await TestUpstream.StartAsync(async context =>
        {
            try
            {
                using var sink = new MemoryStream();
                await context.Request.Body.CopyToAsync(sink, context.RequestAborted);
                await context.Response.WriteAsync("complete");
            }
            finally
            {
                upstreamEnded.TrySetResult();
            }
        });
        var settings = Settings(upstream.BaseAddress)
            .Set("Splp:Limits:MinRequestBodyBytesPerSecond", "100")
            .Set("Splp:Limits:RequestBodyGracePeriod", "00:00:02");
        await using var gateway = await GatewayTestHost.StartAsync(settings.Build());

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, gateway.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /layanan/v1/permohonan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{"));

        // One byte every 250 ms is 4 bytes per second, far below the 100 configured: the gateway must give up.
        var received = new StringBuilder();
        var buffer = new byte[4096];
        var reading = stream.ReadAsync(buffer).AsTask();
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        var clock = Stopwatch.StartNew();
        while (!reading.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(20) && await pace.WaitForNextTickAsync())
        {
            try
            {
                await stream.WriteAsync("a"u8.ToArray());
            }
            catch (IOException)
            {
                break; // the gateway closed the connection after answering
            }
        }

        for (var n = await reading.WaitAsync(TimeSpan.FromSeconds(10)); n > 0; n = await stream.ReadAsync(buffer))
        {
            received.Append(Encoding.ASCII.GetString(buffer, 0, n));
            if (received.ToString().Contains("request-timeout", StringComparison.Ordinal))
            {
                break;
            }
        }

        var answer = received.ToString();
        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", answer, StringComparison.Ordinal);
        Assert.Contains(ProblemTypes.RequestTimeout, answer, StringComparison.Ordinal);
        await upstreamEnded.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task FailingDestination_LeavesTheRotation_AndReturnsAfterItRecovers()
    {
        var broken = 1;
        await using var good = await TestUpstream.StartAsync(context => context.Response.WriteAsync("a"));
        await using var flaky = await TestUpstream.StartAsync(context =>
        {
            if (Volatile.Read(ref broken) == 1)
            {
                context.Abort(); // a transport failure: the connection drops without an answer
                return Task.CompletedTask;
            }

            return context.Response.WriteAsync("b");
        });
        var settings = Settings(good.BaseAddress)
            .Set("Splp:Services:layanan:Upstream:Destinations:secondary", flaky.BaseAddress.ToString())
            .Set("Splp:Services:layanan:Upstream:LoadBalancing", "RoundRobin")
            .Set("Splp:Services:layanan:Upstream:PassiveHealth:ReactivationPeriod", "00:00:02")
            .Set("Splp:Proxy:PassiveHealthDetectionWindow", "00:00:02")
            .Set("Splp:Proxy:PassiveHealthMinimalTotalCount", "3")
            .Set(Resilience + "CircuitBreaker:Enabled", "false");
        await using var gateway = await GatewayTestHost.StartAsync(settings.Build());

        // Out: once its failures count, every request goes to the good destination and the flaky one sees none.
        var left = await Eventually.TrueAsync(async () =>
        {
            var before = flaky.Requests;
            for (var i = 0; i < 6; i++)
            {
                using var response = await gateway.Client.GetAsync("/layanan/v1/x");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }
            }

            return flaky.Requests == before;
        }, TimeSpan.FromSeconds(20));
        Assert.True(left);
        Assert.True(flaky.Requests >= 3);

        // Back: after the reactivation period it gets traffic again, and answers.
        Volatile.Write(ref broken, 0);
        var returned = await Eventually.TrueAsync(async () =>
        {
            using var response = await gateway.Client.GetAsync("/layanan/v1/x");
            return response.StatusCode == HttpStatusCode.OK && await response.Content.ReadAsStringAsync() == "b";
        }, TimeSpan.FromSeconds(20));
        Assert.True(returned);
    }

    private CatalogSettings Settings(Uri destination, TimeSpan? timeout = null) =>
        new CatalogSettings(_tokens).Service("layanan", destination, anonymous: true, timeout: timeout);

    private Task<GatewayTestHost> StartAsync(Uri destination, TimeSpan? timeout = null) =>
        GatewayTestHost.StartAsync(Settings(destination, timeout).Build());
}
