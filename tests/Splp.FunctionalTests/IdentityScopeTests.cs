using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Splp.Contracts.Loading;
using Splp.Contracts.Problems;
using Splp.Gateway.Auth;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>
/// One gateway publishing every shared contract (each service with the widest any-of <c>Policies:Scopes</c>, as the
/// embedded default has for perizinan and pengaduan), trusting a real OIDC provider (<c>pemda</c>) with a ScopeMap and
/// a mapped admin role, and requiring registration: <c>app</c> (bearer, every service), <c>legacy</c> (API key granted
/// only read scopes), <c>portal-warga</c> (bound to its token's <c>nik</c>).
/// </summary>
public sealed class IdentityScopeFixture : IAsyncLifetime
{
    public const string CitizenA = "3404071708850003";
    public const string CitizenB = "3404071708850011";

    public string LegacyKey { get; } = ApiKeyHash.Generate();

    public TestTokens Tokens { get; } = new();

    public TestOidcProvider Pemda { get; private set; } = null!;

    public TestUpstream Upstream { get; private set; } = null!;

    public GatewayTestHost Gateway { get; private set; } = null!;

    public ContractRegistry Contracts { get; private set; } = null!;

    /// <summary>Every scope a contract's operations name.</summary>
    public static string[] ScopesOf(ServiceContract contract) =>
        [.. contract.Operations.SelectMany(o => o.RequiredScopes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public async Task InitializeAsync()
    {
        Contracts = await ContractRegistry.LoadAsync(ContractRegistry.DefaultRoot);
        Pemda = await TestOidcProvider.StartAsync();
        Upstream = await TestUpstream.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{\"ok\":true}");
        });
        var settings = new CatalogSettings(Tokens)
            .Set("Splp:Auth:RequireRegisteredConsumer", "true")
            .Set("Splp:Auth:Issuers:pemda:Authority", Pemda.Authority)
            .Set("Splp:Auth:Issuers:pemda:RequireHttpsMetadata", "false")
            .Set("Splp:Auth:Issuers:pemda:Audiences:0", "splp-gateway")
            .Set("Splp:Auth:Issuers:pemda:ScopeMap:0:From", "kependudukan:read")
            .Set("Splp:Auth:Issuers:pemda:ScopeMap:0:To", "kependudukan.read")
            .Set("Splp:Auth:Issuers:pemda:AdminRoles:0", "pemda-gateway-admin")
            .Set("Splp:Plans:standar:RequestsPerSecond", "0")
            .Set("Splp:Consumers:app:Plan", "standar")
            .Set("Splp:Consumers:legacy:Plan", "standar")
            .Set("Splp:Consumers:legacy:ApiKeys:k1:Hash", ApiKeyHash.Hash(LegacyKey))
            .Set("Splp:Consumers:portal-warga:Plan", "standar")
            .Set("Splp:Consumers:portal-warga:Issuers:0", "pemda")
            .Set("Splp:Consumers:portal-warga:SubjectClaim", "nik")
            .Set("Splp:Consumers:pemda-staff:Plan", "standar");
        foreach (var contract in Contracts.Contracts)
        {
            var name = contract.Id.Name;
            settings.Service(name, Upstream.BaseAddress, scopes: ScopesOf(contract))
                .Set($"Splp:Services:{name}:Validation", "Monitor")
                .Set($"Splp:Services:{name}:Contract:Major", contract.Id.Major.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var o = 0;
            foreach (var operation in contract.Operations)
            {
                settings.Set($"Splp:Consumers:app:Subscriptions:{name}:Operations:{o}", operation.OperationId);
                settings.Set($"Splp:Consumers:portal-warga:Subscriptions:{name}:Operations:{o++}", operation.OperationId);
            }

            var i = 0;
            foreach (var scope in ScopesOf(contract).Where(s => s.EndsWith(".read", StringComparison.Ordinal)))
            {
                settings.Set($"Splp:Consumers:legacy:Subscriptions:{name}:Scopes:{i++}", scope);
            }
        }

        var built = settings.Build().Where(p => p.Value is not null).ToDictionary(StringComparer.OrdinalIgnoreCase);
        Gateway = await GatewayTestHost.StartAsync(built);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
        await Pemda.DisposeAsync();
        Tokens.Dispose();
    }

    /// <summary>Sends <paramref name="method"/> with a JSON body for writes, with the given Authorization or X-Api-Key.</summary>
    public async Task<HttpResponseMessage> SendAsync(string method, string path, string? bearer = null, string? apiKey = null, string? body = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation(ApiKeyAuthenticationHandler.HeaderName, apiKey);
        }

        if (method is not ("GET" or "HEAD" or "DELETE"))
        {
            request.Content = new StringContent(body ?? "{}", Encoding.UTF8, "application/json");
        }

        return await Gateway.Client.SendAsync(request);
    }
}

/// <summary>Per-operation scopes, issuer scope maps and rights, subject binding.</summary>
public sealed class IdentityScopeTests(IdentityScopeFixture f) : IClassFixture<IdentityScopeFixture>
{
    private static readonly string[] WriteMethods = ["POST", "PUT", "PATCH", "DELETE"];
    private static readonly string[] MappedAdminRole = ["pemda-gateway-admin"];
    private static readonly string[] DefaultAdminRole = ["splp-admin"];

    private IEnumerable<(ServiceContract Contract, ContractOperation Operation)> WriteOperations() =>
        f.Contracts.Contracts.SelectMany(c => c.Operations.Where(o => WriteMethods.Contains(o.Method)).Select(o => (c, o)));

    private static string PathOf(ServiceContract contract, ContractOperation operation) =>
        $"/{contract.Id.Name}/{contract.Id.VersionSegment}" + System.Text.RegularExpressions.Regex.Replace(operation.PathTemplate, "{[^}]+}", "1");

    [Fact]
    public async Task WriteOperation_EveryContractWithReadOnlyToken_Is403InsufficientScope()
    {
        var writes = WriteOperations().ToList();
        Assert.NotEmpty(writes);
        var before = f.Upstream.Requests;
        foreach (var (contract, operation) in writes)
        {
            var readOnly = IdentityScopeFixture.ScopesOf(contract).Where(s => !operation.RequiredScopes.Contains(s)).ToArray();
            Assert.NotEmpty(readOnly);

            using var response = await f.SendAsync(operation.Method, PathOf(contract, operation), bearer: f.Tokens.For("app", readOnly));

            var problem = await ProblemAssert.IsProblemAsync(response, 403, ProblemTypes.InsufficientScope);
            foreach (var scope in operation.RequiredScopes)
            {
                Assert.Contains(scope, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            var challenge = response.Headers.WwwAuthenticate.ToString();
            Assert.Contains("error=\"insufficient_scope\"", challenge, StringComparison.Ordinal);
            Assert.Contains($"scope=\"{string.Join(' ', operation.RequiredScopes)}\"", challenge, StringComparison.Ordinal);
        }

        Assert.Equal(before, f.Upstream.Requests);
    }

    [Theory]
    [InlineData("/pengaduan/v1/aduan", "pengaduan.write")]
    [InlineData("/perizinan/v1/permohonan", "perizinan.write")]
    public async Task WriteOperation_WithWriteScope_IsForwarded(string path, string scope)
    {
        using var response = await f.SendAsync("POST", path, bearer: f.Tokens.For("app", scope));

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("/pengaduan/v1/aduan")]
    [InlineData("/perizinan/v1/permohonan")]
    public async Task WriteOperation_ApiKeyGrantedOnlyRead_Is403InsufficientScope(string path)
    {
        using var read = await f.SendAsync("GET", path, apiKey: f.LegacyKey);
        using var write = await f.SendAsync("POST", path, apiKey: f.LegacyKey);

        Assert.Equal(200, (int)read.StatusCode);
        await ProblemAssert.IsProblemAsync(write, 403, ProblemTypes.InsufficientScope);
    }

    [Fact]
    public async Task ReadOperation_IssuerScopeMappedToContractScope_IsForwarded()
    {
        using var mapped = await f.SendAsync("GET", $"/kependudukan/v1/penduduk/{IdentityScopeFixture.CitizenA}", bearer: f.Pemda.Mint("app", ["kependudukan:read"]));
        using var unmapped = await f.SendAsync("GET", $"/kependudukan/v1/penduduk/{IdentityScopeFixture.CitizenA}", bearer: f.Pemda.Mint("app", ["kependudukan:write"]));

        Assert.Equal(200, (int)mapped.StatusCode);
        Assert.Equal(403, (int)unmapped.StatusCode);
    }

    [Fact]
    public async Task CachePurge_IssuerRoleMappedToAdmin_IsAllowedAndDefaultRoleIsNot()
    {
        using var mapped = await PurgeAsync(f.Pemda.Mint("pemda-staff", [], claims: new Dictionary<string, object> { ["roles"] = MappedAdminRole }));
        using var defaultRole = await PurgeAsync(f.Pemda.Mint("pemda-staff", [], claims: new Dictionary<string, object> { ["roles"] = DefaultAdminRole }));

        Assert.Equal(200, (int)mapped.StatusCode);
        Assert.Equal(403, (int)defaultRole.StatusCode);
    }

    [Fact]
    public async Task SubjectBoundConsumer_TwoCitizens_EachReadsOwnNikOnly()
    {
        var tokenA = f.Pemda.Mint("portal-warga", ["kependudukan.read"], claims: new Dictionary<string, object> { ["nik"] = IdentityScopeFixture.CitizenA });
        var tokenB = f.Pemda.Mint("portal-warga", ["kependudukan.read"], claims: new Dictionary<string, object> { ["nik"] = IdentityScopeFixture.CitizenB });

        using var aOwn = await f.SendAsync("GET", $"/kependudukan/v1/penduduk/{IdentityScopeFixture.CitizenA}", bearer: tokenA);
        using var aOther = await f.SendAsync("GET", $"/kependudukan/v1/penduduk/{IdentityScopeFixture.CitizenB}", bearer: tokenA);
        using var bOwn = await f.SendAsync("GET", $"/kependudukan/v1/penduduk/{IdentityScopeFixture.CitizenB}", bearer: tokenB);
        using var bOther = await f.SendAsync("GET", $"/kependudukan/v1/penduduk/{IdentityScopeFixture.CitizenA}", bearer: tokenB);

        Assert.Equal(200, (int)aOwn.StatusCode);
        Assert.Equal(200, (int)bOwn.StatusCode);
        await ProblemAssert.IsProblemAsync(aOther, 403, ProblemTypes.SubjectMismatch);
        await ProblemAssert.IsProblemAsync(bOther, 403, ProblemTypes.SubjectMismatch);
    }

    [Fact]
    public async Task SubjectBoundConsumer_QueryParameterAndUnboundOperations_AreHeldToTheSubject()
    {
        var token = f.Pemda.Mint("portal-warga", ["pajak.read", "kependudukan.read"], claims: new Dictionary<string, object> { ["nik"] = IdentityScopeFixture.CitizenA });
        var noClaim = f.Pemda.Mint("portal-warga", ["kependudukan.read"]);

        using var own = await f.SendAsync("GET", $"/pajak-daerah/v1/objek-pajak?nik={IdentityScopeFixture.CitizenA}", bearer: token);
        using var other = await f.SendAsync("GET", $"/pajak-daerah/v1/objek-pajak?nik={IdentityScopeFixture.CitizenB}", bearer: token);
        using var noSubjectParameter = await f.SendAsync("GET", "/kependudukan/v1/keluarga/3404070101010001", bearer: token);
        using var withoutClaim = await f.SendAsync("GET", $"/kependudukan/v1/penduduk/{IdentityScopeFixture.CitizenA}", bearer: noClaim);

        Assert.Equal(200, (int)own.StatusCode);
        await ProblemAssert.IsProblemAsync(other, 403, ProblemTypes.SubjectMismatch);
        await ProblemAssert.IsProblemAsync(noSubjectParameter, 403, ProblemTypes.SubjectMismatch);
        await ProblemAssert.IsProblemAsync(withoutClaim, 403, ProblemTypes.SubjectMismatch);
    }

    [Fact]
    public async Task UnregisteredCaller_GatewayWithoutSettingsFiles_Is403UnknownConsumer()
    {
        using var tokens = new TestTokens();
        var settings = new CatalogSettings(tokens).Service("layanan", f.Upstream.BaseAddress).Build()
            .Where(p => !p.Key.Equals("Splp:Auth:RequireRegisteredConsumer", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(StringComparer.OrdinalIgnoreCase);
        await using var gateway = await GatewayTestHost.StartAsync(settings);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/layanan/v1/data");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.For("tak-dikenal"));

        using var response = await gateway.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, 403, ProblemTypes.UnknownConsumer);
    }

    private async Task<HttpResponseMessage> PurgeAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/cache/purge")
        {
            Content = new StringContent("{\"service\":\"kependudukan\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await f.Gateway.Client.SendAsync(request);
    }
}
