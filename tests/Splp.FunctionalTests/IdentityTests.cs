using Microsoft.IdentityModel.Tokens;
using Splp.Contracts.Problems;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>
/// Who may call what: bearer tokens from trusted OIDC issuers, API keys, the consumer registry, and every bad
/// credential the gateway must refuse cleanly — each refusal a problem with a stable type and no upstream call.
/// </summary>
public sealed class IdentityTests(IdentityFixture f) : IClassFixture<IdentityFixture>
{
    private const string Layanan = "/layanan/v1/data";

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha256)]
    [InlineData(SecurityAlgorithms.RsaSsaPssSha256)]
    [InlineData(SecurityAlgorithms.EcdsaSha256)]
    public async Task TokenFromTrustedIssuer_IsForwardedWithTheVerifiedIdentity(string algorithm)
    {
        using var response = await f.GetWithTokenAsync(Layanan, f.Pemda.Mint("portal", ["layanan.read"], algorithm));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("portal", f.Upstream.LastHeaders!["X-Splp-Consumer"].ToString());
        Assert.Equal("diskominfo", f.Upstream.LastHeaders!["X-Splp-Organisation"].ToString());
        Assert.Equal("bearer", f.Upstream.LastHeaders!["X-Splp-Auth-Method"].ToString());
        Assert.False(f.Upstream.LastHeaders!.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task TokenWithoutKid_IsCheckedAgainstTheIssuersKeys()
    {
        var token = f.Pemda.MintWithoutKid("portal", ["layanan.read"]);
        Assert.False(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).TryGetHeaderValue<string>("kid", out _));

        using var response = await f.GetWithTokenAsync(Layanan, token);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task AlgNone_Returns401InvalidToken() =>
        await AssertRefusedAsync("Bearer " + f.Pemda.MintUnsigned("portal", ["layanan.read"]), 401, ProblemTypes.InvalidToken);

    [Fact]
    public async Task Hs256SignedWithTheIssuersPublicKey_Returns401InvalidToken() =>
        await AssertRefusedAsync("Bearer " + f.Pemda.MintHs256WithPublicKey("portal", ["layanan.read"]), 401, ProblemTypes.InvalidToken);

    [Fact]
    public async Task ExpiredToken_Returns401InvalidToken() =>
        // Expired five minutes ago: well past the 30-second clock skew.
        await AssertRefusedAsync("Bearer " + f.Pemda.Mint("portal", ["layanan.read"], notBeforeOffset: TimeSpan.FromMinutes(-65), lifetime: TimeSpan.FromHours(1)), 401, ProblemTypes.InvalidToken);

    [Fact]
    public async Task NotYetValidToken_Returns401InvalidToken() =>
        await AssertRefusedAsync("Bearer " + f.Pemda.Mint("portal", ["layanan.read"], notBeforeOffset: TimeSpan.FromMinutes(10)), 401, ProblemTypes.InvalidToken);

    [Fact]
    public async Task WrongAudience_Returns401InvalidToken() =>
        await AssertRefusedAsync("Bearer " + f.Pemda.Mint("portal", ["layanan.read"], audience: "another-gateway"), 401, ProblemTypes.InvalidToken);

    [Fact]
    public async Task WrongIssuer_TokenSignedByOneTrustedIssuerClaimingAnother_Returns401InvalidToken() =>
        // Signed with pemda's EC key but claiming the development issuer: verified against the development key, it fails.
        await AssertRefusedAsync("Bearer " + f.Pemda.Mint("portal", ["layanan.read"], SecurityAlgorithms.EcdsaSha256, issuer: Splp.Gateway.Auth.DevTokenMinter.DefaultIssuer), 401, ProblemTypes.InvalidToken);

    [Fact]
    public async Task UnknownKid_Returns401InvalidToken_AndRefreshesTheJwksAtMostOnce()
    {
        var fetchesBefore = f.Pemda.JwksRequests;
        for (var i = 0; i < 5; i++)
        {
            await AssertRefusedAsync("Bearer " + f.Pemda.MintWithUnpublishedKey("portal", ["layanan.read"], kid: "forged-" + i), 401, ProblemTypes.InvalidToken);
        }

        // The minimum refresh interval (30 s by default) bounds what a flood of forged kids costs the identity provider.
        Assert.InRange(f.Pemda.JwksRequests - fetchesBefore, 0, 1);
    }

    [Fact]
    public async Task TokenFromAnUntrustedIssuerWithAValidShape_Returns401WithoutAnyNetworkCall()
    {
        await AssertRefusedAsync("Bearer " + f.Untrusted.Mint("portal", ["layanan.read"]), 401, ProblemTypes.InvalidToken);

        Assert.Equal(0, f.Untrusted.DiscoveryRequests);
        Assert.Equal(0, f.Untrusted.JwksRequests);
    }

    [Fact]
    public async Task OversizedToken_Returns401InvalidToken()
    {
        var padding = new Dictionary<string, object> { ["pad"] = new string('a', 9000) };
        var token = f.Pemda.Mint("portal", ["layanan.read"], claims: padding);
        Assert.InRange(token.Length, 8193, 15_000); // over the token limit, under the header limit

        await AssertRefusedAsync("Bearer " + token, 401, ProblemTypes.InvalidToken);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer a.b")]
    [InlineData("Bearer a.b.c.d.e.f")]
    [InlineData("Bearer !!!.???.###")]
    [InlineData("Basic cG9ydGFsOnNlY3JldA==")]
    [InlineData("ApiKey")]
    public async Task MalformedAuthorizationHeader_Returns401InvalidToken(string authorization) =>
        await AssertRefusedAsync(authorization, 401, ProblemTypes.InvalidToken);

    [Fact]
    public async Task NoCredentials_Returns401UnauthorizedWithBearerChallenge()
    {
        var before = f.Upstream.Requests;

        using var response = await f.GetAsync(Layanan);

        await ProblemAssert.IsProblemAsync(response, 401, ProblemTypes.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal(before, f.Upstream.Requests);
    }

    [Fact]
    public async Task RevokedApiKey_Returns401InvalidToken_WhileTheConsumersOtherKeysKeepWorking()
    {
        using (var first = await f.GetAsync(Layanan, headers: ("X-Api-Key", f.RevocableKey)))
        {
            Assert.Equal(200, (int)first.StatusCode);
        }

        using (var revoke = await f.AdminPostAsync("/admin/consumers/legacy/keys/k3/revoke"))
        {
            Assert.Equal(200, (int)revoke.StatusCode);
        }

        var before = f.Upstream.Requests;
        using var refused = await f.GetAsync(Layanan, headers: ("X-Api-Key", f.RevocableKey));
        await ProblemAssert.IsProblemAsync(refused, 401, ProblemTypes.InvalidToken);
        Assert.Equal(before, f.Upstream.Requests);
        using var other = await f.GetAsync(Layanan, headers: ("X-Api-Key", f.LegacyKey1));
        Assert.Equal(200, (int)other.StatusCode);
    }

    [Fact]
    public async Task ExpiredApiKey_Returns401InvalidToken() =>
        await AssertRefusedAsync(null, 401, ProblemTypes.InvalidToken, ("X-Api-Key", f.ExpiredKey));

    [Fact]
    public async Task UnknownApiKey_Returns401InvalidToken() =>
        await AssertRefusedAsync(null, 401, ProblemTypes.InvalidToken, ("X-Api-Key", Splp.Gateway.Auth.ApiKeyHash.Generate()));

    [Fact]
    public async Task ApiKey_InEitherHeaderForm_AuthenticatesTheConsumer_BothRotationKeysValid()
    {
        using var byHeader = await f.GetAsync(Layanan, headers: ("X-Api-Key", f.LegacyKey1));
        Assert.Equal(200, (int)byHeader.StatusCode);
        Assert.Equal("legacy", f.Upstream.LastHeaders!["X-Splp-Consumer"].ToString());
        Assert.Equal("bpkad", f.Upstream.LastHeaders!["X-Splp-Organisation"].ToString());
        Assert.Equal("api-key", f.Upstream.LastHeaders!["X-Splp-Auth-Method"].ToString());
        Assert.False(f.Upstream.LastHeaders!.ContainsKey("X-Api-Key"));

        using var byAuthorization = await f.GetAsync(Layanan, "ApiKey " + f.LegacyKey2);
        Assert.Equal(200, (int)byAuthorization.StatusCode);
        Assert.False(f.Upstream.LastHeaders!.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task ConsumerCallingAServiceItIsNotSubscribedTo_Returns403NotSubscribed() =>
        await AssertRefusedAsync("Bearer " + f.Pemda.Mint("portal", ["lain.read"]), 403, ProblemTypes.NotSubscribed, path: "/lain/v1/data");

    [Fact]
    public async Task ApiKeyConsumerCallingAServiceItIsNotSubscribedTo_Returns403NotSubscribed() =>
        await AssertRefusedAsync(null, 403, ProblemTypes.NotSubscribed, path: "/lain/v1/data", headers: ("X-Api-Key", f.LegacyKey1));

    [Fact]
    public async Task SubscribedConsumerCallingAnOperationOutsideItsSubscription_Returns403OperationNotAllowed()
    {
        var token = f.Pemda.Mint("portal", ["pajak.read"]);
        using (var allowed = await f.GetWithTokenAsync("/pajak-daerah/v1/objek-pajak/340407000100100010", token))
        {
            Assert.Equal(200, (int)allowed.StatusCode);
        }

        await AssertRefusedAsync("Bearer " + token, 403, ProblemTypes.OperationNotAllowed, path: "/pajak-daerah/v1/objek-pajak/340407000100100010/tagihan");
    }

    [Fact]
    public async Task ValidTokenOfAnUnregisteredConsumer_Returns403UnknownConsumer() =>
        await AssertRefusedAsync("Bearer " + f.Pemda.Mint("stranger", ["layanan.read"]), 403, ProblemTypes.UnknownConsumer);

    [Fact]
    public async Task TokenWithoutTheServiceScope_Returns403Forbidden() =>
        await AssertRefusedAsync("Bearer " + f.Pemda.Mint("portal", ["lain.read"]), 403, ProblemTypes.Forbidden);

    [Fact]
    public async Task ForgedIdentityHeaders_AreStripped_AndTheVerifiedIdentityIsSet()
    {
        using var response = await f.GetAsync(Layanan, headers:
        [
            ("X-Api-Key", f.LegacyKey1),
            ("X-Splp-Consumer", "portal"),
            ("X-Splp-Organisation", "gubernur"),
            ("X-Splp-Auth-Method", "mtls"),
            ("X-Splp-Anything", "x"),
            ("X-Consumer-Id", "admin"),
            ("X-Forwarded-User", "root"),
            ("X-Remote-User", "root"),
            ("X-Pegawai-Nip", "198001012005011001"),
        ]);

        Assert.Equal(200, (int)response.StatusCode);
        var headers = f.Upstream.LastHeaders!;
        Assert.Equal("legacy", headers["X-Splp-Consumer"].ToString());
        Assert.Equal("bpkad", headers["X-Splp-Organisation"].ToString());
        Assert.Equal("api-key", headers["X-Splp-Auth-Method"].ToString());
        foreach (var forged in new[] { "X-Splp-Anything", "X-Consumer-Id", "X-Forwarded-User", "X-Remote-User", "X-Pegawai-Nip", "X-Api-Key" })
        {
            Assert.False(headers.ContainsKey(forged), forged + " reached the upstream");
        }
    }

    [Theory]
    [InlineData("X_Splp_Consumer")]
    [InlineData("X-Splp_Consumer")]
    [InlineData("x_splp_organisation")]
    [InlineData("X_Splp_Anything")]
    [InlineData("X_Consumer_Id")]
    [InlineData("X_Forwarded_User")]
    [InlineData("Remote_User")]
    [InlineData("X_Api_Key")]
    public async Task ForgedIdentityHeaderWithUnderscores_IsStripped(string forged)
    {
        using var response = await f.GetAsync(Layanan, headers: [("X-Api-Key", f.LegacyKey1), (forged, "ops-admin")]);

        Assert.Equal(200, (int)response.StatusCode);
        var headers = f.Upstream.LastHeaders!;
        Assert.Equal("legacy", headers["X-Splp-Consumer"].ToString());
        Assert.False(headers.ContainsKey(forged), forged + " reached the upstream");
        Assert.DoesNotContain(headers, h => h.Value.ToString().Contains("ops-admin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OrdinaryHeaderWithUnderscores_ReachesTheUpstream()
    {
        using var response = await f.GetAsync(Layanan, headers: [("X-Api-Key", f.LegacyKey1), ("X_Request_Tag", "abc")]);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("abc", f.Upstream.LastHeaders!["X_Request_Tag"].ToString());
    }

    [Fact]
    public async Task ForgedIdentityHeadersFromAnAnonymousCaller_AreStripped()
    {
        using var response = await f.GetAsync("/publik/v1/data", headers: [("X-Splp-Consumer", "portal"), ("X-Consumer-Id", "portal")]);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.False(f.Upstream.LastHeaders!.ContainsKey("X-Splp-Consumer"));
        Assert.False(f.Upstream.LastHeaders!.ContainsKey("X-Consumer-Id"));
    }

    [Fact]
    public async Task GatewayClaimsInsideAToken_AreIgnored()
    {
        var forged = new Dictionary<string, object> { ["splp_org"] = "gubernur", ["splp_consumer"] = "legacy", ["splp_auth"] = "api-key" };

        using var response = await f.GetWithTokenAsync(Layanan, f.Pemda.Mint("portal", ["layanan.read"], claims: forged));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("portal", f.Upstream.LastHeaders!["X-Splp-Consumer"].ToString());
        Assert.Equal("diskominfo", f.Upstream.LastHeaders!["X-Splp-Organisation"].ToString());
        Assert.Equal("bearer", f.Upstream.LastHeaders!["X-Splp-Auth-Method"].ToString());
    }

    [Fact]
    public async Task RevokeOfAnUnknownKey_Returns404()
    {
        using var response = await f.AdminPostAsync("/admin/consumers/legacy/keys/nope/revoke");

        await ProblemAssert.IsProblemAsync(response, 404, ProblemTypes.ResourceNotFound);
    }

    [Fact]
    public async Task RevokeWithoutTheAdminRole_Returns403()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/consumers/legacy/keys/k1/revoke");
        request.Headers.TryAddWithoutValidation("X-Api-Key", f.LegacyKey1);

        using var response = await f.Gateway.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, 403, ProblemTypes.Forbidden);
        using var stillValid = await f.GetAsync(Layanan, headers: ("X-Api-Key", f.LegacyKey1));
        Assert.Equal(200, (int)stillValid.StatusCode);
    }

    private async Task AssertRefusedAsync(string? authorization, int status, string type, params (string Name, string Value)[] headers) =>
        await AssertRefusedAsync(authorization, status, type, Layanan, headers);

    private async Task AssertRefusedAsync(string? authorization, int status, string type, string path, params (string Name, string Value)[] headers)
    {
        var before = f.Upstream.Requests;

        using var response = await f.GetAsync(path, authorization, headers);

        await ProblemAssert.IsProblemAsync(response, status, type);
        if (status == 401)
        {
            Assert.NotEmpty(response.Headers.WwwAuthenticate);
        }

        Assert.Equal(before, f.Upstream.Requests);
    }
}
