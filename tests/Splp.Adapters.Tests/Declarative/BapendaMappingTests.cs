using System.Globalization;
using System.Text.Json;
using Splp.Contracts.Problems;
using Splp.SampleAgencies;

namespace Splp.Adapters.Tests.Declarative;

/// <summary><c>bapenda-simpada.json</c> against the real Bapenda sample app.</summary>
public sealed class BapendaMappingTests(BapendaUpstream upstream) : IClassFixture<BapendaUpstream>
{
    private static readonly IServiceAdapter Adapter = MappingHarness.LoadMappingFile("bapenda-simpada");
    private static readonly IReadOnlyList<TaxObject> Objects = SampleDataSet.Default.TaxObjects;
    private static readonly string[] Codes = ["PBB_P2", "BPHTB", "PAJAK_HOTEL", "PAJAK_RESTORAN", "PAJAK_REKLAME", "PAJAK_AIR_TANAH", "PAJAK_PARKIR"];
    private static readonly string[] PaymentCodes = ["BELUM_BAYAR", "LUNAS", "KURANG_BAYAR"];

    private static void AssertObjekPajak(TaxObject expected, JsonElement actual)
    {
        Assert.Equal(["aktif", "jenisPajak", "lokasi", "luasBangunan", "luasTanah", "njop", "nop", "wajibPajak"], actual.EnumerateObject().Select(p => p.Name));
        Assert.Equal(expected.Nop, actual.GetProperty("nop").GetString());
        Assert.Equal(Codes[expected.JenisPajak - 1], actual.GetProperty("jenisPajak").GetProperty("kode").GetString());
        Assert.False(string.IsNullOrEmpty(actual.GetProperty("jenisPajak").GetProperty("nama").GetString()));
        Assert.Equal(expected.NamaWajibPajak, actual.GetProperty("wajibPajak").GetProperty("nama").GetString());
        Assert.Equal(expected.NikWajibPajak.Value, actual.GetProperty("wajibPajak").GetProperty("nik").GetString());
        Assert.Equal(expected.AlamatObjek, actual.GetProperty("lokasi").GetProperty("alamat").GetString());
        Assert.Equal(expected.KecamatanObjek, actual.GetProperty("lokasi").GetProperty("kecamatan").GetString());
        Assert.Equal(expected.KelurahanObjek, actual.GetProperty("lokasi").GetProperty("desa").GetString());
        Assert.Equal(expected.LuasTanah, actual.GetProperty("luasTanah").GetInt32());
        Assert.Equal(expected.LuasBangunan, actual.GetProperty("luasBangunan").GetInt32());
        Assert.Equal(expected.Njop, actual.GetProperty("njop").GetInt64());
        Assert.Equal(expected.StatusObjek == 1, actual.GetProperty("aktif").GetBoolean());
    }

    [Fact]
    public async Task GetObjekPajak_EveryTaxKindAndStatus_MapsContractShapeFieldByField()
    {
        var samples = Objects.GroupBy(o => (o.JenisPajak, o.StatusObjek)).Select(g => g.First()).ToList();
        Assert.Contains(samples, o => o.StatusObjek == 0);

        foreach (var expected in samples)
        {
            var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get("/objek-pajak/" + expected.Nop));

            AssertObjekPajak(expected, mapped.Json);
        }
    }

    [Fact]
    public async Task GetObjekPajak_Unregistered_IsResourceNotFound()
    {
        var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get("/objek-pajak/340499999999999999"));

        Assert.Equal(ProblemTypes.ResourceNotFound, mapped.Problem.Type);
        Assert.DoesNotContain("NOP TIDAK TERDAFTAR", mapped.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetObjekPajak_NopTheUpstreamRefuses_IsInvalidRequest()
    {
        // Contract-valid (18 digits) but not a Sleman NOP: the upstream answers 400.
        var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get("/objek-pajak/110100000000000000"));

        Assert.Equal(400, mapped.Problem.Status);
        Assert.Equal(ProblemTypes.InvalidRequest, mapped.Problem.Type);
    }

    [Fact]
    public async Task ListObjekPajak_TaxpayerWithSeveralObjects_IsSinglePage()
    {
        var nik = Objects.GroupBy(o => o.NikWajibPajak).First(g => g.Count() > 1).Key;
        var expected = Objects.Where(o => o.NikWajibPajak == nik).ToList();

        var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get("/objek-pajak?nik=" + nik.Value));

        var data = mapped.Json.GetProperty("data");
        Assert.Equal(expected.Count, data.GetArrayLength());
        for (var i = 0; i < expected.Count; i++)
        {
            AssertObjekPajak(expected[i], data[i]);
        }

        Assert.Equal(
            $$"""{"page":1,"pageSize":{{expected.Count}},"totalItems":{{expected.Count}},"totalPages":1}""",
            mapped.Json.GetProperty("paging").GetRawText());
    }

    [Fact]
    public async Task ListObjekPajak_TaxpayerWithoutObjects_IsEmptyPage()
    {
        var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get("/objek-pajak?nik=3404074312850009"));

        Assert.Equal("""{"data":[],"paging":{"page":1,"pageSize":0,"totalItems":0,"totalPages":0}}""", mapped.Json.GetRawText());
    }

    [Fact]
    public async Task ListTagihan_AllYearsAndOneYear_MapsEveryBill()
    {
        var taxObject = Objects.First(o => o.Tagihan.Any(b => b.TanggalBayar is null) && o.Tagihan.Any(b => b.TanggalBayar is not null));

        var all = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get($"/objek-pajak/{taxObject.Nop}/tagihan"));
        var year = taxObject.Tagihan[^1].TahunPajak;
        var one = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get($"/objek-pajak/{taxObject.Nop}/tagihan?tahun={year}"));

        Assert.Equal(["data"], all.Json.EnumerateObject().Select(p => p.Name));
        var data = all.Json.GetProperty("data");
        Assert.Equal(taxObject.Tagihan.Count, data.GetArrayLength());
        for (var i = 0; i < taxObject.Tagihan.Count; i++)
        {
            var bill = taxObject.Tagihan[i];
            var actual = data[i];
            Assert.Equal(bill.Nop, actual.GetProperty("nop").GetString());
            Assert.Equal(bill.TahunPajak, actual.GetProperty("tahunPajak").GetInt32());
            Assert.Equal(bill.Pokok, actual.GetProperty("pokok").GetInt64());
            Assert.Equal(bill.Denda, actual.GetProperty("denda").GetInt64());
            Assert.Equal(bill.JatuhTempo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), actual.GetProperty("jatuhTempo").GetString());
            Assert.Equal(PaymentCodes[bill.StatusBayar], actual.GetProperty("statusBayar").GetString());
            if (bill.TanggalBayar is { } paid)
            {
                Assert.Equal(paid.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), actual.GetProperty("tanggalBayar").GetString());
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, actual.GetProperty("tanggalBayar").ValueKind);
            }
        }

        Assert.All(one.Json.GetProperty("data").EnumerateArray(), b => Assert.Equal(year, b.GetProperty("tahunPajak").GetInt32()));
        Assert.Equal(taxObject.Tagihan.Count(b => b.TahunPajak == year), one.Json.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task ListTagihan_UnknownNop_IsResourceNotFound()
    {
        var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get("/objek-pajak/340499999999999999/tagihan"));

        Assert.Equal(ProblemTypes.ResourceNotFound, mapped.Problem.Type);
    }

    [Fact]
    public async Task MapResponse_UnknownTaxKindCode_IsInvalidUpstreamResponse()
    {
        var problem = (await MappingHarness.MapAsync(Adapter, "getObjekPajak", """
            {"NOP":"340401000100200301","JNS_PAJAK":9,"NM_WP":"BUDI","NIK_WP":"3404074312850001","ALAMAT_OP":"a","KEC_OP":"DEPOK","KEL_OP":"CT",
             "LUAS_TNH":1,"LUAS_BNG":1,"NJOP":1,"STS_OP":1}
            """)).Problem;

        Assert.Equal("The agency application's response cannot be mapped: field 'jenisPajak.kode' (upstream 'JNS_PAJAK') carries a code the mapping does not know.", problem.Detail);
    }

    [Fact]
    public async Task MapResponse_AreaAsText_IsInvalidUpstreamResponse()
    {
        var problem = (await MappingHarness.MapAsync(Adapter, "getObjekPajak", """
            {"NOP":"340401000100200301","JNS_PAJAK":1,"NM_WP":"BUDI","NIK_WP":"3404074312850001","ALAMAT_OP":"a","KEC_OP":"DEPOK","KEL_OP":"CT",
             "LUAS_TNH":"120 m2","LUAS_BNG":1,"NJOP":1,"STS_OP":1}
            """)).Problem;

        Assert.Equal("The agency application's response cannot be mapped: field 'luasTanah' (upstream 'LUAS_TNH') is not an integer.", problem.Detail);
    }
}
