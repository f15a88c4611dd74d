using Splp.Gateway.Auth;

namespace Splp.Gateway.Tests.Auth;

public sealed class AuthOptionsValidatorTests
{
    [Fact]
    public void Collect_ValidIssuer_HasNoProblems() =>
        Assert.Empty(AuthOptionsValidator.Collect(With(Issuer())));

    [Fact]
    public void Collect_ListsEveryProblemOfEveryIssuer()
    {
        var bad = Issuer();
        bad.Authority = "http://idp.example";
        bad.Audiences.Clear();
        bad.ValidAlgorithms.AddRange(["none", "HS256", "RS256"]);
        bad.ClockSkew = TimeSpan.FromHours(1);
        var other = Issuer();
        other.Authority = "not a uri";
        var options = With(bad);
        options.Issuers["other"] = other;

        var errors = AuthOptionsValidator.Collect(options);

        Assert.Contains(errors, e => e.Contains("Issuers:pemda:Authority must use https", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Issuers:pemda:Audiences", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'none' is not allowed", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'HS256' is not allowed", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("'RS256'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Issuers:pemda", StringComparison.Ordinal) && e.Contains("ClockSkew", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Issuers:other:Authority must be an absolute", StringComparison.Ordinal));
    }

    [Fact]
    public void Collect_TwoIssuersWithTheSameIss_IsRefused()
    {
        var options = With(Issuer());
        options.Issuers["copy"] = Issuer();

        Assert.Contains(AuthOptionsValidator.Collect(options), e => e.Contains("already trusted", StringComparison.Ordinal));
    }

    [Fact]
    public void Collect_HttpAuthorityWithHttpsNotRequired_IsAllowedForLoopbackTests()
    {
        var issuer = Issuer();
        issuer.Authority = "http://127.0.0.1:5000";
        issuer.RequireHttpsMetadata = false;

        Assert.Empty(AuthOptionsValidator.Collect(With(issuer)));
    }

    [Fact]
    public void Collect_GatewayClaimAsConsumerClaim_IsRefused()
    {
        var options = With(Issuer());
        options.ConsumerClaim = "splp_org";

        Assert.Contains(AuthOptionsValidator.Collect(options), e => e.Contains("ConsumerClaim", StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_AreAsymmetricAlgorithmsAndASmallSkew()
    {
        var issuer = new TrustedIssuerOptions();

        Assert.Equal(["RS256", "PS256", "ES256"], issuer.EffectiveAlgorithms);
        Assert.Equal(TimeSpan.FromSeconds(30), issuer.ClockSkew);
        Assert.True(issuer.RequireHttpsMetadata);
        Assert.DoesNotContain(TrustedIssuerOptions.AllowedAlgorithms, a => a.StartsWith("HS", StringComparison.Ordinal) || a == "none");
    }

    private static TrustedIssuerOptions Issuer() => new() { Authority = "https://sso.slemankab.go.id/realms/pemda", Audiences = ["splp-gateway"] };

    private static AuthOptions With(TrustedIssuerOptions issuer)
    {
        var options = new AuthOptions();
        options.Issuers["pemda"] = issuer;
        return options;
    }
}
