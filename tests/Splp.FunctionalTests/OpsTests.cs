using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Splp.Contracts.Problems;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>The ops inventory, recent failures and the monthly report on a real gateway with real upstreams.</summary>
public sealed class OpsTests : IDisposable
{
    private readonly TestTokens _tokens = new();

    public void Dispose() => _tokens.Dispose();

    [Fact]
    public async Task Inventory_WithoutTokenOutsideAllowedNetworks_Is401Problem()
    {
        await using var gateway = await StartAsync(ClosedPort.Address());

        using var response = await gateway.Client.GetAsync(new Uri("/ops/api/services", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, 401, ProblemTypes.Unauthorized);
    }

    [Fact]
    public async Task Inventory_WithTokenLackingOpsRights_Is403Problem()
    {
        await using var gateway = await StartAsync(ClosedPort.Address());

        using var response = await SendAsync(gateway, "/ops/api/failures", _tokens.For("dukcapil-app", "layanan.read"));

        await ProblemAssert.IsProblemAsync(response, 403, ProblemTypes.Forbidden);
    }

    [Theory]
    [InlineData("splp.ops")]
    [InlineData("splp.admin")]
    public async Task Inventory_WithOpsOrAdminScope_ListsEveryService(string scope)
    {
        await using var upstream = await TestUpstream.StartAsync(c => c.Response.WriteAsync("{}"));
        await using var gateway = await StartAsync(upstream.BaseAddress);

        using var response = await SendAsync(gateway, "/ops/api/services", _tokens.For("ops-staff", scope));

        Assert.Equal(200, (int)response.StatusCode);
        var service = Service(await ProblemAssert.JsonAsync(response), "layanan");
        Assert.Equal("uji", service.GetProperty("agency").GetString());
        Assert.Equal("Dinas Uji Coba", service.GetProperty("agencyName").GetString());
        Assert.Equal("closed", service.GetProperty("circuit").GetString());
        Assert.Equal("primary", service.GetProperty("destinations")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Inventory_FromAllowedNetwork_NeedsNoToken()
    {
        await using var gateway = await StartAsync(ClosedPort.Address(), s => s.Set("Splp:Ops:AllowedNetworks:0", "127.0.0.0/8"));

        using var response = await gateway.Client.GetAsync(new Uri("/ops/api/services", UriKind.Relative));

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Inventory_OutsideTheAllowedNetwork_StillNeedsAToken()
    {
        await using var gateway = await StartAsync(ClosedPort.Address(), s => s.Set("Splp:Ops:AllowedNetworks:0", "10.0.0.0/8"));

        using var response = await gateway.Client.GetAsync(new Uri("/ops/api/services", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, 401, ProblemTypes.Unauthorized);
    }

    [Fact]
    public async Task Start_WithInvalidAllowedNetwork_Fails()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(ClosedPort.Address(), s => s.Set("Splp:Ops:AllowedNetworks:0", "semua")));

        Assert.Contains("semua", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_GoesFromActiveToDown_WhenItsUpstreamStops_WithSinceWhen()
    {
        var upstream = await TestUpstream.StartAsync(c => c.Response.WriteAsync("{}"));
        await using var gateway = await StartAsync(upstream.BaseAddress, healthChecks: true);
        try
        {
            using (var ok = await SendAsync(gateway, "/layanan/v1/data", _tokens.For("dukcapil-app", "layanan.read")))
            {
                Assert.Equal(200, (int)ok.StatusCode);
            }

            var active = await WaitForStateAsync(gateway, "active", s => s.GetProperty("upstream").GetString() == "up");
            Assert.NotEqual(JsonValueKind.Null, active.GetProperty("lastSuccess").ValueKind);
            Assert.NotEqual(JsonValueKind.Null, active.GetProperty("lastHealthyCheck").ValueKind);
            Assert.Equal(1, active.GetProperty("window").GetProperty("requests").GetInt64());
        }
        finally
        {
            await upstream.DisposeAsync();
        }

        var down = await WaitForStateAsync(gateway, "down");
        Assert.Contains("unhealthy", down.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var since = down.GetProperty("since").GetDateTimeOffset();
        var again = await WaitForStateAsync(gateway, "down");
        Assert.Equal(since, again.GetProperty("since").GetDateTimeOffset());
    }

    [Fact]
    public async Task Service_WithOpenCircuit_IsDownAndShowsTheCircuit()
    {
        var failing = false;
        await using var upstream = await TestUpstream.StartAsync(c =>
        {
            c.Response.StatusCode = Volatile.Read(ref failing) ? 500 : 200;
            return c.Response.WriteAsync("{}");
        });
        // The real circuit breaker of the resilience feature: two failed exchanges of two open it for a minute.
        await using var gateway = await StartAsync(upstream.BaseAddress, s => s
            .Set("Splp:Services:layanan:Resilience:CircuitBreaker:MinimumThroughput", "2")
            .Set("Splp:Services:layanan:Resilience:CircuitBreaker:BreakDuration", "00:01:00")
            .Set("Splp:Services:layanan:Resilience:Retry:Enabled", "false"));
        var token = _tokens.For("dukcapil-app", "layanan.read");

        using (var ok = await SendAsync(gateway, "/layanan/v1/apa", token))
        {
            Assert.Equal(200, (int)ok.StatusCode);
        }

        var closed = await WaitForStateAsync(gateway, "active");
        Assert.Equal("closed", closed.GetProperty("circuit").GetString());

        Volatile.Write(ref failing, true);
        Assert.True(await Eventually.TrueAsync(
            async () =>
            {
                using var response = await SendAsync(gateway, "/layanan/v1/apa", token);
                return (int)response.StatusCode == 503;
            },
            TimeSpan.FromSeconds(10)));

        var open = await WaitForStateAsync(gateway, "down");
        Assert.Equal("open", open.GetProperty("circuit").GetString());
        Assert.Equal("circuit open", open.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Failures_ListTraceIdConsumerAndKind_NeverThePath()
    {
        const string Nik = "3404074312850001";
        await using var upstream = await TestUpstream.StartAsync(c =>
        {
            c.Response.StatusCode = c.Request.Path.Value!.Contains("rusak", StringComparison.Ordinal) ? 500 : 404;
            return Task.CompletedTask;
        });
        await using var gateway = await StartAsync(upstream.BaseAddress);
        var token = _tokens.For("dukcapil-app", "layanan.read");

        using (var failed = await SendAsync(gateway, $"/layanan/v1/rusak/{Nik}", token))
        {
            Assert.Equal(502, (int)failed.StatusCode); // the app's 500, withheld
        }

        using (var notFound = await SendAsync(gateway, $"/layanan/v1/tidak-ada/{Nik}", token))
        {
            Assert.Equal(404, (int)notFound.StatusCode);
        }

        using var response = await SendAsync(gateway, "/ops/api/failures", _tokens.For("ops-staff", "splp.ops"));
        var body = await response.Content.ReadAsStringAsync();
        var failures = JsonDocument.Parse(body).RootElement.GetProperty("failures");
        var failure = Assert.Single(failures.EnumerateArray());
        Assert.Equal("layanan", failure.GetProperty("service").GetString());
        Assert.Equal(502, failure.GetProperty("status").GetInt32());
        Assert.Equal(500, failure.GetProperty("upstreamStatus").GetInt32());
        Assert.Equal("upstream-5xx", failure.GetProperty("kind").GetString());
        Assert.Equal("dukcapil-app", failure.GetProperty("consumer").GetString());
        Assert.Matches("^[0-9a-f]{32}$", failure.GetProperty("traceId").GetString());
        Assert.DoesNotContain(Nik, body, StringComparison.Ordinal);
        Assert.DoesNotContain("rusak", body, StringComparison.Ordinal);

        using var inventory = await SendAsync(gateway, "/ops/api/services", _tokens.For("ops-staff", "splp.ops"));
        var window = Service(await ProblemAssert.JsonAsync(inventory), "layanan").GetProperty("window");
        Assert.Equal(2, window.GetProperty("requests").GetInt64());
        Assert.Equal(1, window.GetProperty("failures").GetInt64());
        Assert.Equal(1, window.GetProperty("clientErrors").GetInt64());
        Assert.Equal(0.5, window.GetProperty("errorRate").GetDouble());
    }

    [Fact]
    public async Task Conformance_CountsValidatedExchangesWithoutViolation_InMonitorMode()
    {
        const string Nik = "3404074312850001";
        const string Conforming = """{"nik":"3404074312850001","namaLengkap":"SITI RAHAYU","tanggalLahir":"1985-12-03","jenisKelamin":"P","alamat":{"kecamatan":"DEPOK","rt":"003"}}""";
        const string Drifted = """{"nik":"3404074312850001","namaLengkap":"SITI RAHAYU","tanggalLahir":"03-12-1985","jenisKelamin":"W","alamat":{}}""";
        var calls = 0;
        await using var upstream = await TestUpstream.StartAsync(async c =>
        {
            c.Response.ContentType = "application/json";
            await c.Response.WriteAsync(Interlocked.Increment(ref calls) % 4 == 0 ? Drifted : Conforming);
        });
        var settings = new CatalogSettings(_tokens)
            .Service("kependudukan", upstream.BaseAddress, scopes: ["kependudukan.read"])
            .Set("Splp:Services:kependudukan:Validation", "Monitor");
        await using var gateway = await GatewayTestHost.StartAsync(settings.Build());
        var token = _tokens.For("dukcapil-app", "kependudukan.read");
        for (var i = 0; i < 8; i++)
        {
            using var response = await SendAsync(gateway, $"/kependudukan/v1/penduduk/{Nik}", token);
            Assert.Equal(200, (int)response.StatusCode);
        }

        using var inventory = await SendAsync(gateway, "/ops/api/services", _tokens.For("ops-staff", "splp.ops"));
        var service = Service(await ProblemAssert.JsonAsync(inventory), "kependudukan");
        Assert.Equal("monitor", service.GetProperty("validation").GetString());
        Assert.Equal(8, service.GetProperty("window").GetProperty("validated").GetInt64());
        Assert.Equal(0.75, service.GetProperty("window").GetProperty("conformance").GetDouble());
        Assert.Equal(0, service.GetProperty("window").GetProperty("failures").GetInt64());
    }

    [Fact]
    public async Task Failures_WithTelemetryOff_StillCarryTheTraceIdTheCallerGot()
    {
        await using var gateway = await StartAsync(ClosedPort.Address(), s => s.Set("Splp:Telemetry:Enabled", "false"));

        using var failed = await SendAsync(gateway, "/layanan/v1/data", _tokens.For("dukcapil-app", "layanan.read"));
        var problem = await ProblemAssert.IsProblemAsync(failed, 502, ProblemTypes.UpstreamUnavailable);

        using var response = await SendAsync(gateway, "/ops/api/failures", _tokens.For("ops-staff", "splp.ops"));
        var failure = Assert.Single((await ProblemAssert.JsonAsync(response)).GetProperty("failures").EnumerateArray());
        Assert.Equal(problem.GetProperty("traceId").GetString(), failure.GetProperty("traceId").GetString());
        Assert.Equal("bad-gateway", failure.GetProperty("kind").GetString());
        Assert.Equal(ProblemTypes.UpstreamUnavailable, failure.GetProperty("problemType").GetString());
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=abc")]
    [InlineData("?limit=501")]
    public async Task Failures_WithBadLimit_Is400Problem(string query)
    {
        await using var gateway = await StartAsync(ClosedPort.Address());

        using var response = await SendAsync(gateway, "/ops/api/failures" + query, _tokens.For("ops-staff", "splp.ops"));

        await ProblemAssert.IsProblemAsync(response, 400, ProblemTypes.InvalidRequest);
    }

    [Fact]
    public async Task Dashboard_IsServedWithAStrictContentSecurityPolicyAndNoExternalReference()
    {
        await using var gateway = await StartAsync(ClosedPort.Address());

        foreach (var path in new[] { "/ops", "/ops/ops.js", "/ops/ops.css" })
        {
            using var response = await gateway.Client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(200, (int)response.StatusCode);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotMatch("(src|href)=\"(https?:)?//", body);
            Assert.DoesNotContain("innerHTML", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MonthlyReport_NeedsAdmin()
    {
        await using var gateway = await StartAsync(ClosedPort.Address(), s => s.Set("Splp:Ops:AllowedNetworks:0", "127.0.0.0/8"));

        using var anonymous = await gateway.Client.GetAsync(new Uri("/admin/reports/monthly", UriKind.Relative));
        using var ops = await SendAsync(gateway, "/admin/reports/monthly", _tokens.For("ops-staff", "splp.ops"));

        await ProblemAssert.IsProblemAsync(anonymous, 401, ProblemTypes.Unauthorized);
        await ProblemAssert.IsProblemAsync(ops, 403, ProblemTypes.Forbidden);
    }

    [Theory]
    [InlineData("?month=2026-13")]
    [InlineData("?month=November")]
    [InlineData("?month=2026-1")]
    [InlineData("?month=2999-01")]
    [InlineData("?format=xml")]
    [InlineData("?month=")]
    public async Task MonthlyReport_WithBadMonthOrFormat_Is400Problem(string query)
    {
        await using var gateway = await StartAsync(ClosedPort.Address());

        using var response = await SendAsync(gateway, "/admin/reports/monthly" + query, _tokens.For("admin", "splp.admin"));

        await ProblemAssert.IsProblemAsync(response, 400, ProblemTypes.InvalidRequest);
    }

    [Fact]
    public async Task MonthlyReport_InMemory_CountsThisMonthsExchanges_AsJsonAndCsv()
    {
        await using var upstream = await TestUpstream.StartAsync(c =>
        {
            c.Response.StatusCode = c.Request.Path.Value!.EndsWith("/rusak", StringComparison.Ordinal) ? 503 : 200;
            return Task.CompletedTask;
        });
        await using var gateway = await StartAsync(upstream.BaseAddress);
        await CallAsync(gateway, ok: 3, failing: 1);
        var admin = _tokens.For("admin", "splp.admin");

        using var json = await SendAsync(gateway, "/admin/reports/monthly?format=json", admin);
        var report = await ProblemAssert.JsonAsync(json);
        var line = report.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("service").GetString() == "layanan");
        Assert.Equal(4, line.GetProperty("requests").GetInt64());
        Assert.Equal(25, line.GetProperty("errorRatePercent").GetDouble());
        Assert.Equal("uji", line.GetProperty("agency").GetString());
        Assert.True(line.GetProperty("observedMinutes").GetInt64() >= 1);
        Assert.Equal(100, line.GetProperty("availabilityPercent").GetDouble());

        var month = report.GetProperty("month").GetString();
        using var csv = await SendAsync(gateway, $"/admin/reports/monthly?month={month}&format=csv", admin);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            "month,service,agency,agency_name,requests,availability_percent,observed_minutes,down_minutes,p95_ms,error_rate_percent,client_errors,validated,conformance_percent",
            lines[0]);
        var fields = lines.Single(l => l.Contains(",layanan,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(13, fields.Length);
        Assert.Equal(month, fields[0]);
        Assert.Equal("Dinas Uji Coba", fields[3]);
        Assert.Equal("4", fields[4]);
        Assert.Equal("25", fields[9]);
    }

    [Fact]
    public async Task MonthlyReport_InRedis_AddsUpReplicasAndSurvivesARestart()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var upstream = await TestUpstream.StartAsync(c => Task.CompletedTask);
        void Shared(CatalogSettings s) => s.Set("Splp:Redis:Configuration", redis.Configuration);
        var admin = _tokens.For("admin", "splp.admin");

        await using (var first = await StartAsync(upstream.BaseAddress, Shared))
        await using (var second = await StartAsync(upstream.BaseAddress, Shared))
        {
            await CallAsync(first, ok: 2, failing: 0);
            await CallAsync(second, ok: 3, failing: 0);
            // Stopping flushes what a replica counted since its last flush.
        }

        Assert.Contains("layanan", await redis.CliAsync("SMEMBERS", "splp:ops:month:" + CurrentMonth() + ":services"), StringComparison.Ordinal);
        await using var restarted = await StartAsync(upstream.BaseAddress, Shared);
        await CallAsync(restarted, ok: 1, failing: 0);

        using var json = await SendAsync(restarted, "/admin/reports/monthly", admin);
        var line = (await ProblemAssert.JsonAsync(json)).GetProperty("services").EnumerateArray().Single(s => s.GetProperty("service").GetString() == "layanan");
        Assert.Equal(6, line.GetProperty("requests").GetInt64());
        Assert.Equal(0, line.GetProperty("errorRatePercent").GetDouble());
        Assert.True(line.GetProperty("observedMinutes").GetInt64() >= 1);
    }

    private static string CurrentMonth() =>
        TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    private async Task CallAsync(GatewayTestHost gateway, int ok, int failing)
    {
        var token = _tokens.For("dukcapil-app", "layanan.read");
        for (var i = 0; i < ok + failing; i++)
        {
            using var response = await SendAsync(gateway, i < ok ? "/layanan/v1/baik" : "/layanan/v1/rusak", token);
            Assert.Equal(i < ok ? 200 : 502, (int)response.StatusCode); // the app's 503, withheld
        }
    }

    private async Task<JsonElement> WaitForStateAsync(GatewayTestHost gateway, string state, Func<JsonElement, bool>? also = null)
    {
        JsonElement last = default;
        var token = _tokens.For("ops-staff", "splp.ops");
        var reached = await Eventually.TrueAsync(async () =>
        {
            using var response = await SendAsync(gateway, "/ops/api/services", token);
            last = Service(await ProblemAssert.JsonAsync(response), "layanan");
            return last.GetProperty("state").GetString() == state && (also is null || also(last));
        }, TimeSpan.FromSeconds(30));
        Assert.True(reached, $"expected state {state}, last seen: {last}");
        return last;
    }

    private static JsonElement Service(JsonElement inventory, string name) =>
        inventory.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);

    private static async Task<HttpResponseMessage> SendAsync(GatewayTestHost gateway, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await gateway.Client.SendAsync(request);
    }

    private Task<GatewayTestHost> StartAsync(Uri destination, Action<CatalogSettings>? extra = null, bool healthChecks = false, Action<IServiceCollection>? configureServices = null)
    {
        var settings = new CatalogSettings(_tokens)
            .Service("layanan", destination, scopes: ["layanan.read"], healthChecks: healthChecks, healthInterval: healthChecks ? TimeSpan.FromSeconds(1) : null)
            .Set("Splp:Ops:EvaluateInterval", "00:00:00.200");
        extra?.Invoke(settings);
        return GatewayTestHost.StartAsync(settings.Build(), configureServices: configureServices);
    }
}
