using Splp.Contracts.Loading;

namespace Splp.Contracts.Tests.Loading;

public sealed class ServiceContractTests
{
    [Theory]
    [InlineData("kependudukan", "GET", "/penduduk/3404071708850003", "getPenduduk")]
    [InlineData("kependudukan", "get", "/keluarga/3404070101120005", "getKeluarga")]
    [InlineData("perizinan", "GET", "/permohonan", "listPermohonan")]
    [InlineData("perizinan", "POST", "/permohonan", "createPermohonan")]
    [InlineData("perizinan", "GET", "/permohonan/DPMPTSP-2026-000123", "getPermohonan")]
    [InlineData("pajak-daerah", "GET", "/objek-pajak", "listObjekPajak")]
    [InlineData("pajak-daerah", "GET", "/objek-pajak/340407000100500120", "getObjekPajak")]
    [InlineData("pajak-daerah", "GET", "/objek-pajak/340407000100500120/tagihan", "listTagihan")]
    [InlineData("pengaduan", "GET", "/aduan", "listAduan")]
    [InlineData("pengaduan", "POST", "/aduan", "createAduan")]
    [InlineData("pengaduan", "GET", "/aduan/LAPOR-2026-00012", "getAduan")]
    [InlineData("pengaduan", "GET", "/aduan/LAPOR-2026-00012/riwayat", "getRiwayatAduan")]
    public void TryResolve_KnownOperation_FindsIt(string contract, string method, string path, string operationId)
    {
        Assert.True(ContractsFixture.Get(contract).TryResolve(method, path, out var operation, out _));
        Assert.Equal(operationId, operation.OperationId);
    }

    [Fact]
    public void TryResolve_PathWithParameters_CapturesValuesByName()
    {
        var contract = ContractsFixture.Get("pajak-daerah");

        Assert.True(contract.TryResolve("GET", "/objek-pajak/340407000100500120/tagihan", out _, out var parameters));

        Assert.Equal(new Dictionary<string, string> { ["nop"] = "340407000100500120" }, parameters);
    }

    [Fact]
    public void TryResolve_NoParameters_ReturnsEmptyDictionary()
    {
        Assert.True(ContractsFixture.Get("pengaduan").TryResolve("GET", "/aduan", out _, out var parameters));
        Assert.Empty(parameters);
    }

    [Theory]
    [InlineData("/penduduk/3404071708850003/")]
    [InlineData("/penduduk/3404071708850003")]
    public void TryResolve_TrailingSlash_IsTolerated(string path)
    {
        Assert.True(ContractsFixture.Get("kependudukan").TryResolve("GET", path, out var operation, out var parameters));
        Assert.Equal("getPenduduk", operation.OperationId);
        Assert.Equal("3404071708850003", parameters["nik"]);
    }

    [Theory]
    [InlineData("GET", "/penduduk")]
    [InlineData("GET", "/penduduk/")]
    [InlineData("GET", "/penduduk/3404071708850003/keluarga")]
    [InlineData("GET", "/Penduduk/3404071708850003")]
    [InlineData("GET", "/penduduk//3404071708850003")]
    [InlineData("GET", "")]
    [InlineData("GET", "/")]
    [InlineData("GET", "penduduk/3404071708850003")]
    [InlineData("GET", "/kependudukan/v1/penduduk/3404071708850003")]
    [InlineData("DELETE", "/penduduk/3404071708850003")]
    [InlineData("POST", "/penduduk/3404071708850003")]
    public void TryResolve_UnknownPathOrMethod_ReturnsFalse(string method, string path)
    {
        Assert.False(ContractsFixture.Get("kependudukan").TryResolve(method, path, out var operation, out var parameters));
        Assert.Null(operation);
        Assert.Empty(parameters);
    }

    [Fact]
    public void TryResolve_PathDeeperThanAnyTemplate_ReturnsFalse()
    {
        var path = string.Concat(Enumerable.Repeat("/x", 100));

        Assert.False(ContractsFixture.Get("pengaduan").TryResolve("GET", path, out _, out _));
    }

    [Fact]
    public async Task TryResolve_LiteralAndParameterAtSamePosition_LiteralWins()
    {
        using var temp = new TempContracts();
        temp.Write("uji", "v1", ContractRegistryTests.MinimalContract);
        var contract = Assert.Single((await ContractRegistry.LoadAsync(temp.Root, CancellationToken.None)).Contracts);

        Assert.True(contract.TryResolve("GET", "/aduan/statistik", out var literal, out var none));
        Assert.Equal("getStatistik", literal.OperationId);
        Assert.Empty(none);

        Assert.True(contract.TryResolve("GET", "/aduan/LAPOR-2026-00012", out var parameter, out var values));
        Assert.Equal("getAduan", parameter.OperationId);
        Assert.Equal("LAPOR-2026-00012", values["nomorTiket"]);
    }

    [Fact]
    public void TryGetOperation_ById_FindsOperation()
    {
        var contract = ContractsFixture.Get("perizinan");

        Assert.True(contract.TryGetOperation("createPermohonan", out var operation));
        Assert.Equal("POST /permohonan (createPermohonan)", operation.ToString());
        Assert.False(contract.TryGetOperation("deletePermohonan", out _));
    }
}
