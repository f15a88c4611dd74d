using Splp.Gateway.Limits;

namespace Splp.Gateway.Tests.Limits;

public sealed class RequestLimitsMiddlewareTests
{
    [Theory]
    [InlineData("/kependudukan/v1/penduduk/1", "/kependudukan/v1/penduduk/1", false)]
    [InlineData("/perizinan/v1/cari", "/perizinan/v1/cari?q=a%2Fb", false)] // encoded slash in the query is data
    [InlineData("/perizinan/v1/a%2Fb", "/perizinan/v1/a%2Fb", true)]
    [InlineData("/perizinan/v1/a%2fb", "/perizinan/v1/a%2fb", true)]
    [InlineData("/perizinan/v1/a\\b", "/perizinan/v1/a%5Cb", true)]
    [InlineData("/perizinan/v1/a\0", "/perizinan/v1/a%00", true)]
    [InlineData("/perizinan/v1/a\nb", "/perizinan/v1/a%0Ab", true)]
    public void IsMalformedPath_Cases(string decodedPath, string rawTarget, bool malformed) =>
        Assert.Equal(malformed, RequestLimitsMiddleware.IsMalformedPath(decodedPath, rawTarget));
}
