using Splp.Contracts.Problems;

namespace Splp.Adapters.Tests.Declarative;

public sealed class RequestMappingTests
{
    private static readonly IServiceAdapter Dpmptsp = MappingHarness.LoadMappingFile("dpmptsp-oss");
    private static readonly IServiceAdapter Bapenda = MappingHarness.LoadMappingFile("bapenda-simpada");
    private static readonly IServiceAdapter Lapor = MappingHarness.LoadMappingFile("lapor-sp4n");

    [Fact]
    public void MapRequest_PathParameter_FillsUpstreamPathTemplate()
    {
        var mapping = Dpmptsp.MapRequest(MappingHarness.Get("/permohonan/DPMPTSP-2026-000123/"));

        Assert.Null(mapping.Problem);
        Assert.Equal("getPermohonan", mapping.OperationId);
        Assert.Equal("/api/v1/permohonan/DPMPTSP-2026-000123", mapping.UpstreamPath);
        Assert.Empty(mapping.Query);
        Assert.Null(mapping.Body);
    }

    [Fact]
    public void MapRequest_ContractPagingAndFilters_BecomeUpstreamNamesWithReverseCodes()
    {
        var mapping = Lapor.MapRequest(MappingHarness.Get("/aduan?page=3&pageSize=50&status=DIPROSES&kategori=INFRASTRUKTUR&kecamatan=DEPOK&unknown=1"));

        Assert.Null(mapping.Problem);
        Assert.Equal("/api/complaints", mapping.UpstreamPath);
        Assert.Equal(
            [KeyValuePair.Create("page", "3"), KeyValuePair.Create("limit", "50"), KeyValuePair.Create("status", "IN_PROGRESS"),
             KeyValuePair.Create("category", "INFRA"), KeyValuePair.Create("kecamatan", "DEPOK")],
            mapping.Query.OrderBy(p => p.Key switch { "page" => 0, "limit" => 1, "status" => 2, "category" => 3, _ => 4 }));
    }

    [Fact]
    public void MapRequest_PathParameterToUpstreamQuery_MovesIt()
    {
        var mapping = Bapenda.MapRequest(MappingHarness.Get("/objek-pajak/340401000100200301/tagihan?tahun=2025"));

        Assert.Equal("listTagihan", mapping.OperationId);
        Assert.Equal("/tagihan", mapping.UpstreamPath);
        Assert.Equal([KeyValuePair.Create("nop", "340401000100200301"), KeyValuePair.Create("thn", "2025")], mapping.Query.OrderBy(p => p.Key));
    }

    [Theory]
    [InlineData("/aduan?pageSize=51", "Query parameter 'pageSize' must be an integer from 1 to 50.")]
    [InlineData("/aduan?pageSize=abc", "Query parameter 'pageSize' must be an integer from 1 to 50.")]
    [InlineData("/aduan?page=0", "Query parameter 'page' must be an integer of at least 1.")]
    [InlineData("/aduan?status=SUBMITTED", "Query parameter 'status' must be one of DIAJUKAN, DIPROSES, DITOLAK, DITUTUP, DIVERIFIKASI, SELESAI.")]
    [InlineData("/aduan?page=1&page=2", "Query parameter 'page' must be given once.")]
    [InlineData("/aduan/LAPOR-2026-1", "Path parameter 'nomorTiket' does not have the format the contract requires.")]
    public void MapRequest_InvalidParameter_Rejects400(string pathAndQuery, string detail)
    {
        var mapping = Lapor.MapRequest(MappingHarness.Get(pathAndQuery));

        Assert.Equal(400, mapping.Problem?.Status);
        Assert.Equal(ProblemTypes.InvalidRequest, mapping.Problem?.Type);
        Assert.Equal(detail, mapping.Problem?.Detail);
    }

    [Fact]
    public void MapRequest_RequiredQueryMissing_Rejects400()
    {
        var mapping = Bapenda.MapRequest(MappingHarness.Get("/objek-pajak"));

        Assert.Equal("Query parameter 'nik' is required.", mapping.Problem?.Detail);
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/aduan/LAPOR-2026-00001/riwayat/x")]
    [InlineData("DELETE", "/aduan/LAPOR-2026-00001")]
    [InlineData("POST", "/aduan/LAPOR-2026-00001")]
    [InlineData("GET", "/aduanx")]
    [InlineData("GET", "//aduan")]
    public void MapRequest_UnknownOperation_Rejects404(string method, string path)
    {
        var mapping = Lapor.MapRequest(new ContractRequest(method, path, Microsoft.AspNetCore.Http.QueryCollection.Empty));

        Assert.Equal(404, mapping.Problem?.Status);
        Assert.Equal(ProblemTypes.OperationNotFound, mapping.Problem?.Type);
    }

    [Fact]
    public void MapRequest_PathValueWithReservedCharacters_IsEscapedUpstream()
    {
        var adapter = MappingHarness.Build("""
            { "Operations": [ { "OperationId": "op", "Path": "/x/{id}", "Upstream": { "Path": "/up/{id}/detail", "Query": { "format": "json" } }, "Response": { "Fields": { "a": { "From": "a" } } } } ] }
            """);

        var mapping = adapter.MapRequest(MappingHarness.Get("/x/a b?c"));

        Assert.Equal("/up/a%20b/detail", mapping.UpstreamPath);
        Assert.Equal([KeyValuePair.Create("format", "json")], mapping.Query);
    }

    [Fact]
    public void MapRequest_ConcurrentCalls_AreIndependent()
    {
        var results = new string?[2000];
        Parallel.For(0, results.Length, i =>
            results[i] = Dpmptsp.MapRequest(MappingHarness.Get($"/permohonan/DPMPTSP-2026-{i:000000}")).UpstreamPath);

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal($"/api/v1/permohonan/DPMPTSP-2026-{i:000000}", results[i]);
        }
    }
}
