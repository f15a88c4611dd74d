using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Splp.Contracts.Problems;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>
/// An agency app's internals never reach consumers: on a contract route without an adapter every answer the
/// contract does not describe becomes 502 upstream-error; on a pass-through route 5xx bodies are replaced unless
/// the service passes them on purpose. Ops still see what happened, in the log and the exchange record.
/// </summary>
public sealed class UpstreamInternalsTests : IDisposable
{
    private const string Nik = "3404074312850001";
    private const string LeakedNik = "3404071708850003";

    // What a crashing PHP/Java app prints: the query, a citizen's NIK, the database host.
    private static readonly string ErrorPage =
        $"<html><body><h1>Fatal error</h1><pre>SQLSTATE[42S22]: SELECT * FROM penduduk WHERE nik='{LeakedNik}' at db-dukcapil-01.internal:5432</pre></body></html>";

    private readonly TestTokens _tokens = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("splp-upstream-fn-").FullName;

    public void Dispose()
    {
        _tokens.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(500, "text/html")]
    [InlineData(503, "text/html")]
    [InlineData(500, "application/problem+json")] // a problem of the app's own is an internal too
    [InlineData(200, "text/html")] // a status the contract documents, in a media type it does not declare
    [InlineData(409, "application/json")] // a status the operation does not document
    public async Task ContractRoute_AnswerTheContractDoesNotDescribe_Becomes502WithoutTheAppsBytes(int status, string mediaType)
    {
        var logs = new CapturingLoggerProvider();
        await using var upstream = await AnsweringAsync(status, mediaType, ErrorPage);
        await using var gateway = await GatewayTestHost.StartAsync(Contract(upstream).Build(), logs: logs);

        using var response = await GetAsync(gateway, $"/kependudukan/v1/penduduk/{Nik}");

        var problem = await ProblemAssert.IsProblemAsync(response, 502, ProblemTypes.UpstreamError);
        var raw = problem.GetRawText();
        Assert.DoesNotContain(LeakedNik, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("SQLSTATE", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("db-dukcapil", raw, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("X-Powered-By")); // the app's headers go with its body
        var line = Assert.Single(logs.Lines, l => l.Contains("Withheld the answer of service kependudukan", StringComparison.Ordinal));
        Assert.Contains($"HTTP {status}", line, StringComparison.Ordinal);
        Assert.Contains(mediaType, line, StringComparison.Ordinal);
        Assert.Contains("SQLSTATE", line, StringComparison.Ordinal); // ops see what happened…
        Assert.Contains("340407**********", line, StringComparison.Ordinal);
        Assert.DoesNotContain(LeakedNik, line, StringComparison.Ordinal); // …with the NIK masked
    }

    [Fact]
    public async Task ContractRoute_DeclaredAnswers_PassUnchanged()
    {
        const string NotFound = """{"type":"urn:splp:problem:resource-not-found","title":"Not found","status":404}""";
        await using var upstream = await TestUpstream.StartAsync(async context =>
        {
            var found = context.Request.Path.Value!.EndsWith(Nik, StringComparison.Ordinal);
            context.Response.StatusCode = found ? 200 : 404;
            context.Response.ContentType = found ? "application/json; charset=utf-8" : "application/problem+json";
            await context.Response.WriteAsync(found
                ? $$$"""{"nik":"{{{Nik}}}","namaLengkap":"SITI RAHAYU","tanggalLahir":"1985-12-03","jenisKelamin":"P","alamat":{}}"""
                : NotFound);
        });
        await using var gateway = await GatewayTestHost.StartAsync(Contract(upstream).Build());

        using var found = await GetAsync(gateway, $"/kependudukan/v1/penduduk/{Nik}");
        using var missing = await GetAsync(gateway, "/kependudukan/v1/penduduk/3404070000000009");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Contains("SITI RAHAYU", await found.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(NotFound, await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ContractRoute_Monitor_PassesAnUndocumentedStatus_ButStillWithholds5xx()
    {
        var html = await AnsweringAsync(200, "text/html", "<p>ok</p>");
        var crash = await AnsweringAsync(500, "text/html", ErrorPage);
        await using (html)
        await using (crash)
        {
            await using (var monitored = await GatewayTestHost.StartAsync(Contract(html).Set("Splp:Services:kependudukan:Validation", "Monitor").Build()))
            {
                using var passed = await GetAsync(monitored, $"/kependudukan/v1/penduduk/{Nik}");
                Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
                Assert.Equal("<p>ok</p>", await passed.Content.ReadAsStringAsync());
            }

            await using var crashing = await GatewayTestHost.StartAsync(Contract(crash).Set("Splp:Services:kependudukan:Validation", "Monitor").Build());
            using var withheld = await GetAsync(crashing, $"/kependudukan/v1/penduduk/{Nik}");
            await ProblemAssert.IsProblemAsync(withheld, 502, ProblemTypes.UpstreamError);
        }
    }

    [Fact]
    public async Task PassThroughRoute_5xxBodyIsReplacedByDefault_4xxAnd2xxPass()
    {
        await using var upstream = await TestUpstream.StartAsync(async context =>
        {
            context.Response.StatusCode = context.Request.Path.Value switch
            {
                "/crash" => 500,
                "/missing" => 404,
                _ => 200,
            };
            context.Response.ContentType = "text/html";
            context.Response.Headers["X-Powered-By"] = "PHP/5.6.40";
            await context.Response.WriteAsync(context.Request.Path.Value == "/crash" ? ErrorPage : "<p>halaman</p>");
        });
        await using var gateway = await GatewayTestHost.StartAsync(PassThrough(upstream).Build());

        using var crash = await GetAsync(gateway, "/arsip/v1/crash");
        using var missing = await GetAsync(gateway, "/arsip/v1/missing");
        using var page = await GetAsync(gateway, "/arsip/v1/page");

        var problem = await ProblemAssert.IsProblemAsync(crash, 502, ProblemTypes.UpstreamError);
        Assert.DoesNotContain("SQLSTATE", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("HTTP 500", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(crash.Headers.Contains("X-Powered-By"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("<p>halaman</p>", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task PassThroughRoute_WithPassErrorBodies_PassesTheAppsOwn5xx()
    {
        await using var upstream = await AnsweringAsync(503, "text/plain", "pemeliharaan sampai 14.00");
        await using var gateway = await GatewayTestHost.StartAsync(PassThrough(upstream).Set("Splp:Services:arsip:Upstream:PassErrorBodies", "true").Build());

        using var response = await GetAsync(gateway, "/arsip/v1/dokumen");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("pemeliharaan sampai 14.00", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PassErrorBodies_OnAContractRoute_IsRefusedAtStart()
    {
        await using var upstream = await AnsweringAsync(200, "application/json", "{}");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayTestHost.StartAsync(
            Contract(upstream).Set("Splp:Services:kependudukan:Upstream:PassErrorBodies", "true").Build()));

        Assert.Contains("Splp:Services:kependudukan:Upstream:PassErrorBodies", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdaptedRoute_OversizedPassThrough_NeverPassesALarge5xxPage()
    {
        var page = ErrorPage + new string(' ', 2 * 1024 * 1024);
        await using var upstream = await AnsweringAsync(500, "text/html", page);
        await using var gateway = await GatewayTestHost.StartAsync(new CatalogSettings(_tokens)
            .Service("layanan", upstream.BaseAddress, "disdukcapil-xml", ["layanan.read"])
            .Set("Splp:Proxy:OversizedResponse", "PassThrough")
            .Build());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/layanan/v1/keluarga/3404071502100003");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("uji", "layanan.read"));

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Splp-Adapter"));
        Assert.DoesNotContain("SQLSTATE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithheldAnswer_IsRecordedInTheExchangeLog_WithTheAppsStatusTypeAndSize()
    {
        var logDirectory = Path.Combine(_directory, "log");
        await using var upstream = await AnsweringAsync(500, "text/html", ErrorPage);
        var settings = Contract(upstream);
        foreach (var (key, value) in ExchangeLogTests.LogSettings(logDirectory, Path.Combine(_directory, "key.pem"), "gw-upstream"))
        {
            settings.Set(key, value);
        }

        await using (var gateway = await GatewayTestHost.StartAsync(settings.Build()))
        {
            using var response = await GetAsync(gateway, $"/kependudukan/v1/penduduk/{Nik}");
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.True(await Eventually.TrueAsync(() => Task.FromResult(ExchangeLogTests.ReadExchanges(logDirectory).Count >= 1), TimeSpan.FromSeconds(10)));
        }

        var record = Assert.Single(ExchangeLogTests.ReadExchanges(logDirectory));
        Assert.Equal(502, record.GetProperty("status").GetInt32());
        Assert.Equal(ProblemTypes.UpstreamError, record.GetProperty("problem").GetString());
        var app = record.GetProperty("upstream");
        Assert.Equal(500, app.GetProperty("status").GetInt32());
        Assert.Equal("text/html", app.GetProperty("type").GetString());
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(ErrorPage), app.GetProperty("bytes").GetInt64());
        Assert.DoesNotContain("SQLSTATE", record.GetRawText(), StringComparison.Ordinal);
    }

    private static Task<TestUpstream> AnsweringAsync(int status, string mediaType, string body) => TestUpstream.StartAsync(async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = mediaType;
        context.Response.Headers["X-Powered-By"] = "PHP/5.6.40";
        await context.Response.WriteAsync(body);
    });

    private CatalogSettings Contract(TestUpstream upstream) =>
        new CatalogSettings(_tokens).Service("kependudukan", upstream.BaseAddress, scopes: ["kependudukan.read"]);

    private CatalogSettings PassThrough(TestUpstream upstream) =>
        new CatalogSettings(_tokens).Service("arsip", upstream.BaseAddress, scopes: ["arsip.read"]);

    private async Task<HttpResponseMessage> GetAsync(GatewayTestHost gateway, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("uji", "kependudukan.read", "arsip.read"));
        return await gateway.Client.SendAsync(request);
    }
}
