using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Splp.Contracts.Problems;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>Agency apps that are down, slow or broken: the consumer always gets a clean problem, never a hang.</summary>
public sealed class UpstreamFaultTests : IDisposable
{
    private const string Nik = "3404074312850001";
    private readonly TestTokens _tokens = new();

    public void Dispose() => _tokens.Dispose();

    [Fact]
    public async Task RefusedConnection_Returns502UpstreamUnavailable()
    {
        await using var gateway = await StartAsync(ClosedPort.Address());

        using var response = await GetAsync(gateway, "/layanan/v1/apa-saja");

        var problem = await ProblemAssert.IsProblemAsync(response, 502, ProblemTypes.UpstreamUnavailable);
        Assert.DoesNotContain("127.0.0.1", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamThatNeverAnswers_Returns504WithinTheServiceTimeout()
    {
        await using var upstream = RawTcpUpstream.Silent();
        await using var gateway = await StartAsync(upstream.BaseAddress, timeout: TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        using var response = await GetAsync(gateway, "/layanan/v1/lambat");

        await ProblemAssert.IsProblemAsync(response, 504, ProblemTypes.UpstreamTimeout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task UpstreamAnsweringGarbage_Returns502()
    {
        await using var upstream = RawTcpUpstream.Garbage();
        await using var gateway = await StartAsync(upstream.BaseAddress);

        using var response = await GetAsync(gateway, "/layanan/v1/apa-saja");

        await ProblemAssert.IsProblemAsync(response, 502, ProblemTypes.UpstreamUnavailable);
    }

    [Fact]
    public async Task UpstreamResettingTheConnection_Returns502()
    {
        await using var upstream = RawTcpUpstream.Reset();
        await using var gateway = await StartAsync(upstream.BaseAddress);

        using var response = await GetAsync(gateway, "/layanan/v1/apa-saja");

        await ProblemAssert.IsProblemAsync(response, 502, ProblemTypes.UpstreamUnavailable);
    }

    [Fact]
    public async Task AdaptedUpstreamResettingMidBody_Returns502()
    {
        await using var upstream = RawTcpUpstream.ResetMidBody("application/xml");
        await using var gateway = await StartAsync(upstream.BaseAddress, adapter: "disdukcapil-xml");

        using var response = await GetAsync(gateway, $"/layanan/v1/penduduk/{Nik}");

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AdaptedUpstreamAnsweringHtmlErrorPage_Returns502InvalidResponseWithoutItsContent()
    {
        await using var upstream = await TestUpstream.StartAsync(async context =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body><h1>Warning: mysqli_connect(): Access denied for user 'dukcapil'@'10.1.2.3'</h1></body></html>");
        });
        await using var gateway = await StartAsync(upstream.BaseAddress, adapter: "disdukcapil-xml");

        using var response = await GetAsync(gateway, $"/layanan/v1/penduduk/{Nik}");

        var problem = await ProblemAssert.IsProblemAsync(response, 502, ProblemTypes.UpstreamInvalidResponse);
        Assert.DoesNotContain("mysqli", problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("10.1.2.3", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdaptedUpstreamWithOversizedBody_Returns502()
    {
        await using var upstream = await TestUpstream.StartAsync(async context =>
        {
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync("<RESPON><KODE>00</KODE><KELUARGA><ANGGOTA>");
            var filler = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
            for (var i = 0; i < 32; i++)
            {
                await context.Response.Body.WriteAsync(filler);
            }
        });
        await using var gateway = await StartAsync(upstream.BaseAddress, adapter: "disdukcapil-xml",
            extra: s => s.Set("Splp:Proxy:MaxAdaptedResponseBytes", "1048576"));

        using var response = await GetAsync(gateway, "/layanan/v1/keluarga/3404071502100003");

        var problem = await ProblemAssert.IsProblemAsync(response, 502, ProblemTypes.UpstreamInvalidResponse);
        Assert.Contains("1048576", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Reject", 502)]
    [InlineData("PassThrough", 200)]
    public async Task AdaptedUpstreamAnnouncing20MegabyteList_IsRejectedOrPassedThroughUnmapped(string handling, int status)
    {
        const int size = 20 * 1024 * 1024;
        await using var upstream = await TestUpstream.StartAsync(async context =>
        {
            context.Response.ContentType = "application/xml";
            context.Response.ContentLength = size;
            var chunk = new byte[64 * 1024];
            chunk.AsSpan().Fill((byte)' ');
            for (var sent = 0; sent < size; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk);
            }
        });
        await using var gateway = await StartAsync(upstream.BaseAddress, adapter: "disdukcapil-xml",
            extra: s => s.Set("Splp:Proxy:OversizedResponse", handling).Set("Splp:Services:layanan:Validation", "Off"));

        using var response = await GetAsync(gateway, "/layanan/v1/keluarga/3404071502100003");

        Assert.Equal(status, (int)response.StatusCode);
        if (status == 200)
        {
            Assert.Equal("bypassed", response.Headers.GetValues("Splp-Adapter").Single());
            Assert.Equal(size, (await response.Content.ReadAsByteArrayAsync()).Length);
        }
        else
        {
            await ProblemAssert.IsProblemAsync(response, 502, ProblemTypes.UpstreamInvalidResponse);
        }
    }

    [Fact]
    public async Task AdaptedRequestRejectedByAdapter_NeverReachesTheUpstream()
    {
        await using var upstream = await TestUpstream.StartAsync(context => context.Response.WriteAsync("unexpected"));
        await using var gateway = await StartAsync(upstream.BaseAddress, adapter: "disdukcapil-xml");

        using var response = await GetAsync(gateway, "/layanan/v1/penduduk/not-a-nik");

        await ProblemAssert.IsProblemAsync(response, 400, ProblemTypes.InvalidRequest);
        Assert.Equal(0, upstream.Requests);
    }

    [Fact]
    public async Task Forwarding_StripsConsumerCredentialsAndUpstreamBanners()
    {
        await using var upstream = await TestUpstream.StartAsync(async context =>
        {
            context.Response.Headers["X-Powered-By"] = "PHP/5.6.40";
            context.Response.Headers.Server = "Apache/2.2.15 (CentOS)";
            await context.Response.WriteAsync("ok");
        });
        await using var gateway = await StartAsync(upstream.BaseAddress);

        using var response = await GetAsync(gateway, "/layanan/v1/apa-saja?x=1");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("/apa-saja?x=1", upstream.LastPathAndQuery);
        Assert.False(upstream.LastHeaders!.ContainsKey("Authorization"));
        Assert.False(response.Headers.Contains("X-Powered-By"));
        Assert.Empty(response.Headers.Server);
    }

    [Fact]
    public async Task HeadersNamedInTheUpstreamsConnectionHeader_DoNotReachTheConsumer()
    {
        await using var upstream = await TestUpstream.StartAsync(async context =>
        {
            context.Response.Headers.Connection = "X-Backend-Node";
            context.Response.Headers["X-Backend-Node"] = "db-internal-01";
            await context.Response.WriteAsync("ok");
        });
        await using var gateway = await StartAsync(upstream.BaseAddress);

        using var response = await GetAsync(gateway, "/layanan/v1/apa-saja");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.False(response.Headers.Contains("X-Backend-Node"), "X-Backend-Node reached the consumer");
    }

    [Fact]
    public async Task DownUpstreamWithHealthChecks_TurnsInto503OnceProbesFail()
    {
        await using var gateway = await StartAsync(ClosedPort.Address(), healthChecks: true);

        var became503 = await Eventually.TrueAsync(async () =>
        {
            using var response = await GetAsync(gateway, "/layanan/v1/apa-saja");
            return (int)response.StatusCode == 503;
        }, TimeSpan.FromSeconds(30));

        using var diag = await gateway.Client.GetAsync("/healthz/ready");
        Assert.True(became503, await diag.Content.ReadAsStringAsync());
        using var last = await GetAsync(gateway, "/layanan/v1/apa-saja");
        await ProblemAssert.IsProblemAsync(last, 503, ProblemTypes.ServiceUnavailable);
        using var ready = await gateway.Client.GetAsync("/healthz/ready");
        Assert.Equal(200, (int)ready.StatusCode); // an agency outage never takes the gateway out of rotation
        var report = await ProblemAssert.JsonAsync(ready);
        Assert.Equal("down", report.GetProperty("services")[0].GetProperty("upstream").GetString());
    }

    private Task<GatewayTestHost> StartAsync(Uri destination, string? adapter = null, TimeSpan? timeout = null, bool healthChecks = false, Action<CatalogSettings>? extra = null)
    {
        var settings = new CatalogSettings(_tokens).Service("layanan", destination, adapter, ["layanan.read"], timeout: timeout,
            healthChecks: healthChecks, healthInterval: healthChecks ? TimeSpan.FromSeconds(1) : null);
        extra?.Invoke(settings);
        return GatewayTestHost.StartAsync(settings.Build());
    }

    private async Task<HttpResponseMessage> GetAsync(GatewayTestHost gateway, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("uji", "layanan.read"));
        return await gateway.Client.SendAsync(request);
    }
}
