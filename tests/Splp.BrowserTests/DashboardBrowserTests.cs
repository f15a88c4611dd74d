using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Splp.Testing;

namespace Splp.BrowserTests;

/// <summary>The /ops dashboard in real headless Chromium against a real gateway and real upstreams.</summary>
public sealed class DashboardBrowserTests : IDisposable
{
    private static readonly TimeSpan StateChange = TimeSpan.FromSeconds(30);
    private readonly TestTokens _tokens = new();

    public void Dispose() => _tokens.Dispose();

    [Fact]
    public async Task Dashboard_ShowsAServiceGoingFromActiveToDown_WhenItsUpstreamStops_WithoutConsoleErrors()
    {
        var upstream = await TestUpstream.StartAsync(c => c.Response.WriteAsync("{}"));
        var settings = new CatalogSettings(_tokens)
            .Service("layanan", upstream.BaseAddress, scopes: ["layanan.read"], healthChecks: true, healthInterval: TimeSpan.FromSeconds(1))
            .Set("Splp:Ops:AllowedNetworks:0", "127.0.0.0/8")
            .Set("Splp:Ops:RefreshInterval", "00:00:01")
            .Set("Splp:Ops:EvaluateInterval", "00:00:00.500");
        await using var gateway = await GatewayTestHost.StartAsync(settings.Build());
        await using var chromium = await HeadlessChromium.StartAsync();
        var page = await chromium.Browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (errors)
                {
                    errors.Add($"console {message.Type}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add("page error: " + error);
            }
        };

        try
        {
            await CallAsync(gateway, "/layanan/v1/data");
            var response = await page.GotoAsync(new Uri(gateway.BaseAddress, "/ops").ToString());
            Assert.Equal(200, response?.Status);
            Assert.Equal("SPLP Gateway — operations", await page.TitleAsync());

            var row = page.Locator("#services tbody tr[data-service='layanan']");
            await page.Locator("#services tbody tr[data-service='layanan'][data-state='active']")
                .WaitForAsync(new() { Timeout = (float)StateChange.TotalMilliseconds });
            Assert.Equal("active", (await row.Locator(".badge").InnerTextAsync()).Trim());
            Assert.Equal("closed", (await row.Locator("td").Nth(7).InnerTextAsync()).Trim());

            await upstream.DisposeAsync();

            await page.Locator("#services tbody tr[data-service='layanan'][data-state='down']")
                .WaitForAsync(new() { Timeout = (float)StateChange.TotalMilliseconds });
            Assert.Equal("down", (await row.Locator(".badge").InnerTextAsync()).Trim());
            Assert.Contains("unhealthy", await row.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("Updated", await page.Locator("#status").InnerTextAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await upstream.DisposeAsync();
        }

        lock (errors)
        {
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task Dashboard_OutsideAllowedNetworks_AsksForAToken_AndShowsDataWithIt()
    {
        await using var upstream = await TestUpstream.StartAsync(c => c.Response.WriteAsync("{}"));
        var settings = new CatalogSettings(_tokens)
            .Service("layanan", upstream.BaseAddress, scopes: ["layanan.read"]);
        await using var gateway = await GatewayTestHost.StartAsync(settings.Build());
        await using var chromium = await HeadlessChromium.StartAsync();
        var page = await chromium.Browser.NewPageAsync();
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);

        await page.GotoAsync(new Uri(gateway.BaseAddress, "/ops").ToString());
        await page.Locator("#token-form:not([hidden])").WaitForAsync(new() { Timeout = 15_000 });
        await page.Locator("#token").FillAsync(_tokens.For("ops-staff", "splp.ops"));
        await page.Locator("#token-form button").ClickAsync();

        await page.Locator("#services tbody tr[data-service='layanan'][data-state='active']").WaitForAsync(new() { Timeout = 15_000 });
        Assert.True(await page.Locator("#token-form").IsHiddenAsync());
        Assert.Empty(pageErrors);
    }

    private async Task CallAsync(GatewayTestHost gateway, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("dukcapil-app", "layanan.read"));
        using var response = await gateway.Client.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
    }
}
