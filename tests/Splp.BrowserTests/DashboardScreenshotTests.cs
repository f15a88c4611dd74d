using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Splp.SampleAgencies;
using Splp.Testing;

namespace Splp.BrowserTests;

/// <summary>
/// The dashboard with believable data: the Development catalog (the regency's fifteen services), the four sample
/// agency apps, a few pass-through apps that are fast, slow, failing or stopped, and the rest never called. Takes a
/// screenshot; <c>SPLP_OPS_SCREENSHOT=docs/ops-dashboard.png</c> writes it where the docs expect it.
/// </summary>
public sealed class DashboardScreenshotTests : IDisposable
{
    private readonly TestTokens _tokens = new();
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("splp-ops-screenshot-");

    public void Dispose()
    {
        _tokens.Dispose();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Dashboard_WithARegencysServices_RendersEveryStateAndAScreenshot()
    {
        var hosts = new List<SampleAgencyHost>();
        var upstreams = new List<TestUpstream>();
        var calls = 0;
        try
        {
            foreach (var agency in Enum.GetValues<SampleAgency>())
            {
                hosts.Add(await SampleAgencyHost.StartAsync(agency, "http://127.0.0.1:0", SampleDataSet.Default));
            }

            var fast = await Upstream(upstreams, c => c.Response.WriteAsJsonAsync(new { data = Array.Empty<int>() }));
            var slow = await Upstream(upstreams, async c =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(c.Request.Path == "/health" ? 0 : 420), c.RequestAborted);
                await c.Response.WriteAsJsonAsync(new { data = Array.Empty<int>() }, c.RequestAborted);
            });
            var flaky = await Upstream(upstreams, c =>
            {
                c.Response.StatusCode = c.Request.Path != "/health" && Interlocked.Increment(ref calls) % 4 == 0 ? 500 : 200;
                return Task.CompletedTask;
            });
            var stopping = await Upstream(upstreams, c => c.Response.WriteAsJsonAsync(new { data = Array.Empty<int>() }));

            // The Development catalog, with the sample apps and test upstreams on this test's own ports.
            var catalog = DevelopmentCatalog();
            var splp = catalog["Splp"]!.AsObject();
            splp["Samples"] = new JsonObject { ["Enabled"] = false };
            // The traffic comes from one unregistered test consumer, subscribed to nothing and on no plan.
            splp["Auth"] = new JsonObject { ["RequireRegisteredConsumer"] = false };
            splp["Ops"] = new JsonObject
            {
                ["AllowedNetworks"] = new JsonArray("127.0.0.0/8"),
                ["Window"] = "00:00:10",
                ["InactiveAfter"] = "00:00:12",
                ["MinRequests"] = 5,
                ["DegradedP95"] = "00:00:00.300",
                ["RefreshInterval"] = "00:00:01",
                ["EvaluateInterval"] = "00:00:00.500",
            };
            var services = splp["Services"]!.AsObject();
            Destination(services, "kependudukan", Host(hosts, SampleAgency.Disdukcapil));
            Destination(services, "perizinan", Host(hosts, SampleAgency.Dpmptsp));
            Destination(services, "pajak-daerah", Host(hosts, SampleAgency.Bapenda));
            Destination(services, "pengaduan", Host(hosts, SampleAgency.Lapor));
            Destination(services, "akta-catatan-sipil", fast.BaseAddress);
            Destination(services, "retribusi-daerah", slow.BaseAddress);
            Destination(services, "statistik-sektoral", flaky.BaseAddress);
            Destination(services, "bantuan-sosial", stopping.BaseAddress);
            var catalogFile = Path.Combine(_folder.FullName, "appsettings.Screenshot.json");
            await File.WriteAllTextAsync(catalogFile, catalog.ToJsonString());
            var settings = new Dictionary<string, string?>
            {
                ["Splp:DevIssuer:Enabled"] = "true",
                ["Splp:DevIssuer:KeyPath"] = _tokens.KeyPath,
            };
            await using var gateway = await GatewayTestHost.StartAsync(
                settings,
                jsonFile: catalogFile);
            await using var chromium = await HeadlessChromium.StartAsync();
            var page = await chromium.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
            var errors = new List<string>();
            page.PageError += (_, error) => errors.Add(error);
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    errors.Add(message.Text);
                }
            };

            await page.GotoAsync(new Uri(gateway.BaseAddress, "/ops").ToString());
            // Past InactiveAfter with steady traffic: the never-called apps turn inactive, the called ones stay up.
            var until = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(13);
            while (TimeProvider.System.GetUtcNow() < until)
            {
                await TrafficAsync(gateway);
            }

            await stopping.DisposeAsync();
            upstreams.Remove(stopping);
            await TrafficAsync(gateway);

            foreach (var (service, state) in new[]
            {
                ("kependudukan", "active"), ("pajak-daerah", "active"), ("akta-catatan-sipil", "active"),
                ("retribusi-daerah", "degraded"), ("statistik-sektoral", "degraded"), ("bantuan-sosial", "down"), ("aset-daerah", "inactive"),
            })
            {
                await page.Locator($"#services tbody tr[data-service='{service}'][data-state='{state}']").WaitForAsync(new() { Timeout = 30_000 });
            }

            Assert.True(await page.Locator("#failures tbody tr").CountAsync() >= 2);
            var path = Environment.GetEnvironmentVariable("SPLP_OPS_SCREENSHOT") is { Length: > 0 } target
                ? Path.GetFullPath(target)
                : Path.Combine(Path.GetTempPath(), $"splp-ops-dashboard-{Environment.ProcessId}.png");
            var png = await page.ScreenshotAsync(new() { Path = path, FullPage = true });
            Assert.True(png.Length > 10_000, $"screenshot of {png.Length} bytes");
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
            Assert.Empty(errors);
            if (Environment.GetEnvironmentVariable("SPLP_OPS_SCREENSHOT") is not { Length: > 0 })
            {
                File.Delete(path);
            }
        }
        finally
        {
            foreach (var upstream in upstreams)
            {
                await upstream.DisposeAsync();
            }

            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    private async Task TrafficAsync(GatewayTestHost gateway)
    {
        string[] calls =
        [
            "/kependudukan/v1/penduduk/3404120801510001|kependudukan.read",
            "/kependudukan/v1/keluarga/3404121105250001|kependudukan.read",
            "/kependudukan/v1/penduduk/3404129999990001|kependudukan.read",
            "/perizinan/v1/permohonan/DPMPTSP-2026-000076|perizinan.read",
            "/pajak-daerah/v1/objek-pajak/340407000100100010/tagihan|pajak.read",
            "/pengaduan/v1/aduan?status=DIPROSES&pageSize=3|pengaduan.read",
            "/akta-catatan-sipil/v1/akta|akta.read",
            "/retribusi-daerah/v1/retribusi|retribusi.read",
            "/statistik-sektoral/v1/indikator|statistik.read",
            "/bantuan-sosial/v1/penerima|bansos.read",
        ];
        var tasks = calls.Select(async call =>
        {
            var (path, scope) = (call.Split('|')[0], call.Split('|')[1]);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("dasbor-uji", scope));
            using var response = await gateway.Client.SendAsync(request);
            return (int)response.StatusCode;
        });
        await Task.WhenAll(tasks);
    }

    private static async Task<TestUpstream> Upstream(List<TestUpstream> all, RequestDelegate handler)
    {
        var upstream = await TestUpstream.StartAsync(handler);
        all.Add(upstream);
        return upstream;
    }

    private static Uri Host(List<SampleAgencyHost> hosts, SampleAgency agency) => hosts.Single(h => h.Agency == agency).BaseAddress;

    private static void Destination(JsonObject services, string service, Uri address)
    {
        var upstream = services[service]!["Upstream"]!.AsObject();
        upstream["Destinations"] = new JsonObject { ["primary"] = address.ToString() };
        upstream["HealthCheck"] = new JsonObject { ["Enabled"] = true, ["Interval"] = "00:00:01", ["Timeout"] = "00:00:01" };
    }

    private static JsonObject DevelopmentCatalog() =>
        JsonNode.Parse(File.ReadAllText(DevelopmentSettingsPath()), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();

    private static string DevelopmentSettingsPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "gateway", "src", "Splp.Gateway", "appsettings.Development.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("appsettings.Development.json not found above " + AppContext.BaseDirectory);
    }
}
