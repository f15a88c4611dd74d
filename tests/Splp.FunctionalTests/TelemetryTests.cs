using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Trace;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>One exchange's traces and the metrics endpoint, through a real gateway and upstream.</summary>
public sealed class TelemetryTests : IDisposable
{
    private const string Nik = "3404074312850001";
    private readonly TestTokens _tokens = new();

    public void Dispose() => _tokens.Dispose();

    [Fact]
    public async Task OneExchange_ContinuesTheCallersTrace_PropagatesItUpstream_AndMasksTheNik()
    {
        var exported = new List<Activity>();
        string? upstreamTraceparent = null;
        await using var upstream = await TestUpstream.StartAsync(async context =>
        {
            upstreamTraceparent = context.Request.Headers["traceparent"];
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"nik":"3404074312850001","namaLengkap":"SITI RAHAYU","tanggalLahir":"1985-12-03","jenisKelamin":"P","alamat":{}}""");
        });
        await using var gateway = await GatewayTestHost.StartAsync(
            new CatalogSettings(_tokens).Service("kependudukan", upstream.BaseAddress, scopes: ["kependudukan.read"]).Build(),
            configureServices: services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported)));
        var callerTrace = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/kependudukan/v1/penduduk/{Nik}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("portal-warga", "kependudukan.read"));
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{callerTrace}-{callerSpan}-01");
        using var response = await gateway.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Tracing listens process-wide: other tests' gateways and this test's upstream (whose server span is on the
        // upstream's path) run in this process too. This exchange is the caller's trace on the gateway's path.
        bool IsGatewaySpan(Activity a) => a.Kind == ActivityKind.Server && a.TraceId == callerTrace
            && a.GetTagItem("url.path") is string p && p.StartsWith("/kependudukan/", StringComparison.Ordinal);
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(Snapshot(exported).Any(IsGatewaySpan)), TimeSpan.FromSeconds(10)));
        var spans = Snapshot(exported).Where(a => a.TraceId == callerTrace).ToList();
        var server = spans.Single(IsGatewaySpan);
        Assert.Equal(callerTrace, server.TraceId);
        Assert.Equal(callerSpan, server.ParentSpanId);
        Assert.Equal("kependudukan", server.GetTagItem("splp.service"));
        Assert.Equal("getPenduduk", server.GetTagItem("splp.operation"));
        Assert.Equal("portal-warga", server.GetTagItem("splp.consumer"));
        Assert.Equal("/kependudukan/v1/penduduk/340407**********", server.GetTagItem("url.path"));
        Assert.Contains(server.Events, e => e.Name == "splp.contract.response_validated");
        Assert.Equal("GET", server.GetTagItem("http.request.method"));
        Assert.Equal(200, server.GetTagItem("http.response.status_code"));
        Assert.Equal("/kependudukan/v1/{**splpRest}", server.GetTagItem("http.route"));
        Assert.Equal("GET /kependudukan/v1/{**splpRest}", server.DisplayName);

        var client = spans.Single(a => a.Kind == ActivityKind.Client && a.ParentSpanId == server.SpanId);
        Assert.Equal(callerTrace, client.TraceId);
        Assert.Equal(server.SpanId, client.ParentSpanId);
        Assert.Contains(callerTrace.ToHexString(), upstreamTraceparent, StringComparison.Ordinal);
        Assert.Contains(client.SpanId.ToHexString(), upstreamTraceparent, StringComparison.Ordinal);
        Assert.EndsWith("/penduduk/340407**********", Assert.IsType<string>(client.GetTagItem("url.full")), StringComparison.Ordinal);
        Assert.Equal(200, client.GetTagItem("http.response.status_code"));

        foreach (var span in spans)
        {
            foreach (var (key, value) in span.TagObjects)
            {
                Assert.DoesNotContain(Nik, value?.ToString() ?? "", StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task OperationalPaths_AndFailedExchanges_AreTracedAsExpected()
    {
        var exported = new List<Activity>();
        await using var gateway = await GatewayTestHost.StartAsync(
            new CatalogSettings(_tokens).Service("kependudukan", ClosedPort.Address(), scopes: ["kependudukan.read"]).Build(),
            configureServices: services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported)));
        var probeTrace = ActivityTraceId.CreateRandom();
        var failedTrace = ActivityTraceId.CreateRandom();

        using (var probe = new HttpRequestMessage(HttpMethod.Get, "/healthz/live"))
        {
            probe.Headers.TryAddWithoutValidation("traceparent", $"00-{probeTrace}-{ActivitySpanId.CreateRandom()}-01");
            using var answer = await gateway.Client.SendAsync(probe);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/kependudukan/v1/penduduk/{Nik}"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("portal-warga", "kependudukan.read"));
            request.Headers.TryAddWithoutValidation("traceparent", $"00-{failedTrace}-{ActivitySpanId.CreateRandom()}-01");
            using var response = await gateway.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        }

        // Spans are exported in the order they end: the probe's span (had it been recorded) ended before the failed exchange's.
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(Snapshot(exported).Any(a => a.TraceId == failedTrace && a.Kind == ActivityKind.Server)), TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain(Snapshot(exported), a => a.TraceId == probeTrace);
        var failed = Snapshot(exported).Single(a => a.TraceId == failedTrace && a.Kind == ActivityKind.Server);
        Assert.Equal(502, failed.GetTagItem("http.response.status_code"));
        Assert.Equal("502", failed.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
    }

    [Fact]
    public async Task ProblemResponse_CarriesTheCallersTraceId()
    {
        await using var gateway = await GatewayTestHost.StartAsync(new CatalogSettings(_tokens).Build());
        var callerTrace = ActivityTraceId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/tidak-ada/v1/x");
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{callerTrace}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await gateway.Client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, 404, Splp.Contracts.Problems.ProblemTypes.ServiceNotFound);
        Assert.Equal(callerTrace.ToHexString(), problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task MetricsEndpoint_ExposesRequestDurationsAndContractViolations()
    {
        await using var upstream = await TestUpstream.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"nik":"3404074312850001"}""");
        });
        await using var gateway = await GatewayTestHost.StartAsync(
            new CatalogSettings(_tokens).Service("kependudukan", upstream.BaseAddress, scopes: ["kependudukan.read"])
                .Set("Splp:Telemetry:KeepMetrics:0", "http.client.open_connections").Build());
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/kependudukan/v1/penduduk/{Nik}"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("portal-warga", "kependudukan.read"));
            using var violating = await gateway.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadGateway, violating.StatusCode);
        }

        string text = "";
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            text = await gateway.Client.GetStringAsync("/metrics");
            return text.Contains("splp_contract_violations", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20)), text);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("splp_service=\"kependudukan\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Nik, text, StringComparison.Ordinal);
        // Instruments updated several times per exchange are not collected, unless kept by configuration.
        Assert.DoesNotContain("http_server_active_requests", text, StringComparison.Ordinal);
        Assert.Contains("http_client_open_connections", text, StringComparison.Ordinal);
    }

    // The exporter appends on the thread that ends each span; copy until a copy was not disturbed.
    [Fact]
    public async Task Logs_EvenAtTraceLevel_NeverCarryTheNik_AndCarryTheTraceId()
    {
        var logs = new CapturingLoggerProvider();
        await using var gateway = await GatewayTestHost.StartAsync(
            new CatalogSettings(_tokens).Service("kependudukan", ClosedPort.Address(), scopes: ["kependudukan.read"]).Build(),
            logs: logs);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/kependudukan/v1/penduduk/{Nik}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("portal-warga", "kependudukan.read"));
        using var response = await gateway.Client.SendAsync(request);
        var problem = await ProblemAssert.IsProblemAsync(response, 502, Splp.Contracts.Problems.ProblemTypes.UpstreamUnavailable);
        var traceId = problem.GetProperty("traceId").GetString()!;

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(Nik, StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains("Forwarding to service kependudukan failed", StringComparison.Ordinal) && line.Contains(traceId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RealPrometheus_ScrapesTheGatewaysMetrics()
    {
        await using var upstream = await TestUpstream.StartAsync(context => context.Response.WriteAsync("ok"));
        await using var gateway = await GatewayTestHost.StartAsync(new CatalogSettings(_tokens).Service("publik", upstream.BaseAddress, anonymous: true).Build());
        using (var response = await gateway.Client.GetAsync("/publik/v1/data"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var prometheus = await PrometheusServer.StartAsync($"127.0.0.1:{gateway.BaseAddress.Port}");

        Assert.True(await Eventually.TrueAsync(async () => await prometheus.CountSeriesAsync("up{job=\"splp\"} == 1") == 1, TimeSpan.FromSeconds(30)), prometheus.Output.Text);
        Assert.True(await prometheus.CountSeriesAsync("http_server_request_duration_seconds_count{http_route=\"/publik/v1/{**splpRest}\"}") >= 1);
    }

    private static List<Activity> Snapshot(List<Activity> exported)
    {
        while (true)
        {
            try
            {
                return [.. exported];
            }
            catch (InvalidOperationException)
            {
            }
            catch (ArgumentException)
            {
            }
        }
    }
}
