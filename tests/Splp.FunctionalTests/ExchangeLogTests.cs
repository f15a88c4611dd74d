using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Splp.Contracts.Problems;
using Splp.ExchangeLog;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>The exchange log through a real gateway and upstream: what a record holds, masking, the admin query.</summary>
public sealed class ExchangeLogTests : IDisposable
{
    private const string Nik = "3404074312850001";
    private const string OtherNik = "3404120801510001";
    private const string SubjectSecret = "test-subject-key-0123456789abcdef0123456789";
    private readonly TestTokens _tokens = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("splp-xlog-fn-").FullName;

    private string LogDirectory => Path.Combine(_directory, "log");

    private string KeyPath => Path.Combine(_directory, "log-key.pem");

    public void Dispose()
    {
        _tokens.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task EveryExchangeOnARoute_IsRecorded_WithHashesAndMaskedSubjects_RefusalsToo_AndTheLogVerifies()
    {
        var logs = new CapturingLoggerProvider();
        await using var upstream = await StartUpstreamAsync();
        string body;
        await using (var gateway = await StartGatewayAsync(upstream, logs))
        {
            using var ok = await SendAsync(gateway, $"/kependudukan/v1/penduduk/{Nik}", "portal-warga", "kependudukan.read");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            body = await ok.Content.ReadAsStringAsync();
            using var anonymous = await SendAsync(gateway, $"/kependudukan/v1/penduduk/{Nik}", consumer: null);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            using var forbidden = await SendAsync(gateway, $"/kependudukan/v1/penduduk/{Nik}", "dinsos", "pajak.read");
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            using var notFound = await SendAsync(gateway, $"/tidak-ada/v1/{Nik}", "portal-warga", "kependudukan.read");
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);

            Assert.True(await Eventually.TrueAsync(() => Task.FromResult(Exchanges().Count >= 3), TimeSpan.FromSeconds(10)));
        }

        var records = Exchanges();
        Assert.Equal(3, records.Count); // the 404 matched no service route: not an exchange
        var answered = records[0];
        Assert.Equal("portal-warga", answered.GetProperty("consumer").GetString());
        Assert.Equal("kependudukan", answered.GetProperty("service").GetString());
        Assert.Equal("getPenduduk", answered.GetProperty("operation").GetString());
        Assert.Equal("GET", answered.GetProperty("method").GetString());
        Assert.Equal(200, answered.GetProperty("status").GetInt32());
        Assert.Equal("gw-fn", answered.GetProperty("instance").GetString());
        Assert.Equal(32, answered.GetProperty("traceId").GetString()!.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))), answered.GetProperty("respSha256").GetString());
        Assert.Equal(Encoding.UTF8.GetByteCount(body), answered.GetProperty("respBytes").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([])), answered.GetProperty("reqSha256").GetString());
        Assert.Contains("/namaLengkap", answered.GetProperty("personalData").EnumerateArray().Select(e => e.GetString()));
        var subject = Assert.Single(answered.GetProperty("subjects").EnumerateArray());
        Assert.Equal("340407**********", subject.GetProperty("nik").GetString());
        Assert.Equal(SubjectHash(Nik), subject.GetProperty("key").GetString());

        var refused = records[1];
        Assert.Equal(401, refused.GetProperty("status").GetInt32());
        Assert.False(refused.TryGetProperty("consumer", out _));
        Assert.Equal(ProblemTypes.Unauthorized, refused.GetProperty("problem").GetString());
        Assert.Empty(refused.GetProperty("personalData").EnumerateArray());
        Assert.Equal(SubjectHash(Nik), Assert.Single(refused.GetProperty("subjects").EnumerateArray()).GetProperty("key").GetString());
        Assert.Equal(403, records[2].GetProperty("status").GetInt32());
        Assert.Equal("dinsos", records[2].GetProperty("consumer").GetString());
        Assert.Equal(ProblemTypes.Forbidden, records[2].GetProperty("problem").GetString());

        // Masking: the NIK appears nowhere in the log files nor in the application logs, only its region code.
        foreach (var file in Directory.GetFiles(LogDirectory))
        {
            Assert.DoesNotContain(Nik, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }

        Assert.Contains(logs.Lines, l => l.Contains("Exchange log", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Nik, StringComparison.Ordinal));

        using var key = LogSigningKey.LoadPublic(KeyPath);
        var report = LogVerifier.Verify(LogDirectory, key);
        Assert.True(report.Ok, report.Issue?.Message);
        Assert.True(report.Instances[0].HeadChecked);
        Assert.Equal(0, report.Instances[0].UnsealedRecords);
    }

    [Fact]
    public async Task AdminQuery_ByNikOrService_AnswersMaskedRecordsNewestFirst_InPages()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var gateway = await StartGatewayAsync(upstream);
        var from = TimeProvider.System.GetUtcNow().AddMinutes(-1);
        using (await SendAsync(gateway, $"/kependudukan/v1/penduduk/{Nik}", "portal-warga", "kependudukan.read"))
        using (await SendAsync(gateway, $"/kependudukan/v1/penduduk/{Nik}", "dinsos", "kependudukan.read"))
        using (await SendAsync(gateway, $"/kependudukan/v1/penduduk/{OtherNik}", "disdik", "kependudukan.read"))
        {
        }

        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(Exchanges().Count >= 3), TimeSpan.FromSeconds(10)));
        var to = TimeProvider.System.GetUtcNow().AddMinutes(1);
        var range = $"from={Uri.EscapeDataString(from.ToString("o"))}&to={Uri.EscapeDataString(to.ToString("o"))}";

        var byNik = await QueryAsync(gateway, $"nik={Nik}&{range}");
        Assert.Equal(["dinsos", "portal-warga"], Items(byNik).Select(i => i.GetProperty("consumer").GetString()));
        Assert.DoesNotContain(Nik, byNik.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, byNik.GetProperty("next").ValueKind);

        var byService = await QueryAsync(gateway, $"service=kependudukan&{range}");
        Assert.Equal(["disdik", "dinsos", "portal-warga"], Items(byService).Select(i => i.GetProperty("consumer").GetString()));

        var first = await QueryAsync(gateway, $"service=kependudukan&{range}&limit=2");
        Assert.Equal(2, Items(first).Count);
        var second = await QueryAsync(gateway, $"service=kependudukan&{range}&limit=2&cursor={first.GetProperty("next").GetString()}");
        Assert.Equal("portal-warga", Assert.Single(Items(second)).GetProperty("consumer").GetString());

        var nobody = await QueryAsync(gateway, $"nik=3404120801510002&{range}");
        Assert.Empty(Items(nobody));
        var elsewhere = await QueryAsync(gateway, $"service=kependudukan&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z");
        Assert.Empty(Items(elsewhere));
    }

    [Theory]
    [InlineData("nik=12345&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z")]
    [InlineData("nik=9904074312850001&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z")]
    [InlineData("service=Bad_Name&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z")]
    [InlineData("from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z")]
    [InlineData("service=kependudukan&from=yesterday&to=2026-11-02T00:00:00Z")]
    [InlineData("service=kependudukan&from=2026-11-01T00:00:00&to=2026-11-02T00:00:00Z")]
    [InlineData("service=kependudukan&to=2026-11-02T00:00:00Z")]
    [InlineData("service=kependudukan&from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z")]
    [InlineData("service=kependudukan&from=2026-01-01T00:00:00Z&to=2026-11-02T00:00:00Z")]
    [InlineData("service=kependudukan&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&limit=0")]
    [InlineData("service=kependudukan&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&limit=abc")]
    [InlineData("service=kependudukan&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&cursor=bm9wZQ")]
    [InlineData("service=kependudukan&service=pajak-daerah&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z")]
    public async Task AdminQuery_BadInput_Is400InvalidExchangeQuery(string query)
    {
        await using var upstream = await StartUpstreamAsync();
        await using var gateway = await StartGatewayAsync(upstream);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/exchanges?" + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("ops", "splp.admin"));

        using var response = await gateway.Client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, 400, ProblemTypes.InvalidExchangeQuery);
        Assert.DoesNotContain("9904074312850001", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminQuery_WithoutTheAdminScope_IsRefused()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var gateway = await StartGatewayAsync(upstream);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/exchanges?nik={Nik}&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("portal-warga", "kependudukan.read"));

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task BadConfiguration_StopsTheStart_ListingEveryProblem()
    {
        var settings = new CatalogSettings(_tokens)
            .Set("Splp:ExchangeLog:Enabled", "true")
            .Set("Splp:ExchangeLog:Directory", LogDirectory)
            .Set("Splp:ExchangeLog:SigningKeyPath", KeyPath)
            .Set("Splp:ExchangeLog:SubjectKey", "too-short")
            .Set("Splp:ExchangeLog:FlushInterval", "-00:00:01")
            .Set("Splp:ExchangeLog:Instance", "bad instance!")
            .Set("Splp:ExchangeLog:TimeZone", "Mars/Olympus_Mons");

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => GatewayTestHost.StartAsync(settings.Build()));

        Assert.Contains(error.Failures, f => f.Contains("SubjectKey", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("FlushInterval", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Instance", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("TimeZone", StringComparison.Ordinal));
        Assert.False(Directory.Exists(LogDirectory));
    }

    internal static string SubjectHash(string nik) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SubjectSecret), Encoding.ASCII.GetBytes(nik)));

    internal static Task<TestUpstream> StartUpstreamAsync() => TestUpstream.StartAsync(async context =>
    {
        var nik = context.Request.Path.Value![(context.Request.Path.Value!.LastIndexOf('/') + 1)..];
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$$"""{"nik":"{{{nik}}}","namaLengkap":"SITI RAHAYU","tanggalLahir":"1985-12-03","jenisKelamin":"P","alamat":{}}""");
    });

    internal static Dictionary<string, string?> LogSettings(string directory, string keyPath, string instance) => new()
    {
        ["Splp:ExchangeLog:Enabled"] = "true",
        ["Splp:ExchangeLog:Directory"] = directory,
        ["Splp:ExchangeLog:SigningKeyPath"] = keyPath,
        ["Splp:ExchangeLog:SubjectKey"] = SubjectSecret,
        ["Splp:ExchangeLog:Instance"] = instance,
    };

    private async Task<GatewayTestHost> StartGatewayAsync(TestUpstream upstream, CapturingLoggerProvider? logs = null)
    {
        var settings = new CatalogSettings(_tokens).Service("kependudukan", upstream.BaseAddress, scopes: ["kependudukan.read"]);
        foreach (var (key, value) in LogSettings(LogDirectory, KeyPath, "gw-fn"))
        {
            settings.Set(key, value);
        }

        return await GatewayTestHost.StartAsync(settings.Build(), logs: logs);
    }

    private async Task<HttpResponseMessage> SendAsync(GatewayTestHost gateway, string path, string? consumer, params string[] scopes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (consumer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For(consumer, scopes));
        }

        return await gateway.Client.SendAsync(request);
    }

    private async Task<JsonElement> QueryAsync(GatewayTestHost gateway, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/exchanges?" + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("ops", "splp.admin"));
        using var response = await gateway.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    private List<JsonElement> Exchanges() => ReadExchanges(LogDirectory);

    internal static List<JsonElement> ReadExchanges(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var result = new List<JsonElement>();
        foreach (var (_, files) in LogFormat.FilesByInstance(directory))
        {
            foreach (var file in files)
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                while (reader.ReadLine() is { } line)
                {
                    if (line.Contains("\"type\":\"exchange\"", StringComparison.Ordinal) && line.EndsWith('}'))
                    {
                        try
                        {
                            result.Add(JsonDocument.Parse(line).RootElement.Clone());
                        }
                        catch (JsonException)
                        {
                            // A line being written while the test reads.
                        }
                    }
                }
            }
        }

        return result;
    }
}
