using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Splp.Gateway.Caching;
using Splp.Gateway.Catalog;

namespace Splp.Gateway.Tests.Caching;

public sealed class CacheKeyTests
{
    [Fact]
    public void Build_QueryInAnyOrder_GivesOneKey()
    {
        var rule = Rule(CacheVary.None);

        var a = CacheKey.Build(rule, Request("/wilayah/v1/desa", "?kecamatan=01&kab=34&kab=12"), Anonymous());
        var b = CacheKey.Build(rule, Request("/wilayah/v1/desa", "?kab=12&kecamatan=01&kab=34"), Anonymous());

        Assert.Equal(a, b);
        Assert.Equal("wilayah|desa|/wilayah/v1/desa?kab=12&kab=34&kecamatan=01|*", a);
    }

    [Fact]
    public void Build_TrailingAndDoubledSlashes_GiveTheSameKey() =>
        Assert.Equal(
            CacheKey.Build(Rule(CacheVary.None), Request("/wilayah/v1/desa/01"), Anonymous()),
            CacheKey.Build(Rule(CacheVary.None), Request("/wilayah/v1//desa/01/"), Anonymous()));

    [Fact]
    public void Build_QueryValuesNeedingEscapes_CannotForgeAnotherQuery() =>
        Assert.NotEqual(
            CacheKey.Build(Rule(CacheVary.None), Request("/wilayah/v1/desa", "?a=1%26b%3D2"), Anonymous()),
            CacheKey.Build(Rule(CacheVary.None), Request("/wilayah/v1/desa", "?a=1&b=2"), Anonymous()));

    [Fact]
    public void Build_VaryByConsumer_SeparatesConsumers()
    {
        var rule = Rule(CacheVary.Consumer);

        var a = CacheKey.Build(rule, Request("/wilayah/v1/desa"), Consumer("dinkes-app", "wilayah.baca"));
        var b = CacheKey.Build(rule, Request("/wilayah/v1/desa"), Consumer("bapenda-app", "wilayah.baca"));

        Assert.NotEqual(a, b);
        Assert.EndsWith("|c:dinkes-app", a, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_VaryByScopes_SharesBetweenConsumersWithTheSameScopesOfTheService()
    {
        var rule = Rule(CacheVary.Scopes);

        var a = CacheKey.Build(rule, Request("/wilayah/v1/desa"), Consumer("dinkes-app", "wilayah.baca lain.scope"));
        var b = CacheKey.Build(rule, Request("/wilayah/v1/desa"), Consumer("bapenda-app", "wilayah.baca"));
        var c = CacheKey.Build(rule, Request("/wilayah/v1/desa"), Consumer("diskominfo-app", "wilayah.baca wilayah.rinci"));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.EndsWith("|s:wilayah.baca wilayah.rinci", c, StringComparison.Ordinal);
    }

    [Fact]
    public void ServicePrefix_IsThePrefixOfEveryKeyOfTheService() =>
        Assert.StartsWith(CacheKey.ServicePrefix("wilayah"), CacheKey.Build(Rule(CacheVary.None), Request("/wilayah/v1/desa"), Anonymous()), StringComparison.Ordinal);

    internal static CompiledCacheRule Rule(CacheVary vary, TimeSpan? staleIfError = null)
    {
        Assert.True(CacheRuleMatcher.TryParse("/desa/{**rest}", out var matcher));
        return new CompiledCacheRule("wilayah", "desa", "/wilayah/v1", matcher, TimeSpan.FromMinutes(1), staleIfError ?? TimeSpan.Zero, vary, ["wilayah.baca", "wilayah.rinci"]);
    }

    private static HttpRequest Request(string path, string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    private static ClaimsPrincipal Anonymous() => new(new ClaimsIdentity());

    private static ClaimsPrincipal Consumer(string clientId, string scope) =>
        new(new ClaimsIdentity([new Claim("client_id", clientId), new Claim("scope", scope)], "Bearer"));
}
