using System.Security.Claims;
using Splp.Gateway.Auth;

namespace Splp.Gateway.Tests.Auth;

public sealed class ServiceAccessHandlerTests
{
    [Theory]
    [InlineData("scope", "kependudukan.read pajak.read", true)]
    [InlineData("scope", "pajak.read", false)]
    [InlineData("scp", "kependudukan.read", true)]
    [InlineData("scope", "kependudukan.read.all", false)] // no prefix matching
    [InlineData("scope", "", false)]
    [InlineData("role", "kependudukan.read", false)]
    public void HasAnyScope_Cases(string claimType, string value, bool expected)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(claimType, value)], "test"));

        Assert.Equal(expected, ServiceAccessHandler.HasAnyScope(user, ["kependudukan.read", "kependudukan.write"]));
    }
}
