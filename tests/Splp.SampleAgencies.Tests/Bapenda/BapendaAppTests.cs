using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Splp.SampleAgencies.Tests.Bapenda;

public sealed class BapendaAppTests(BapendaFixture fixture) : IClassFixture<BapendaFixture>
{
    private static readonly string[] ObjectFields =
        ["NOP", "JNS_PAJAK", "NM_WP", "NIK_WP", "ALAMAT_OP", "KEC_OP", "KEL_OP", "LUAS_TNH", "LUAS_BNG", "NJOP", "STS_OP"];

    private static readonly string[] BillFields = ["NOP", "THN_PAJAK", "POKOK", "DENDA", "JATUH_TEMPO", "STS_BYR", "TGL_BYR"];

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task GetObjekPajak_KnownNop_ReturnsObject()
    {
        var taxObject = fixture.Data.TaxObjects.First(o => o.JenisPajak == 1 && o.LuasBangunan > 0);

        var root = await HttpAssert.GetJsonAsync(Client, "objek-pajak/" + taxObject.Nop, HttpStatusCode.OK);

        Assert.Equal(ObjectFields, HttpAssert.PropertyNames(root));
        Assert.Equal(taxObject.Nop, root.GetProperty("NOP").GetString());
        Assert.Equal(1, root.GetProperty("JNS_PAJAK").GetInt32());
        Assert.Equal(taxObject.NamaWajibPajak, root.GetProperty("NM_WP").GetString());
        Assert.Equal(taxObject.NikWajibPajak.Value, root.GetProperty("NIK_WP").GetString());
        Assert.Equal(taxObject.AlamatObjek, root.GetProperty("ALAMAT_OP").GetString());
        Assert.Equal(taxObject.KecamatanObjek, root.GetProperty("KEC_OP").GetString());
        Assert.Equal(taxObject.KelurahanObjek, root.GetProperty("KEL_OP").GetString());
        Assert.Equal(taxObject.LuasTanah, root.GetProperty("LUAS_TNH").GetInt32());
        Assert.Equal(taxObject.LuasBangunan, root.GetProperty("LUAS_BNG").GetInt32());
        Assert.Equal(taxObject.Njop, root.GetProperty("NJOP").GetInt64());
        Assert.Equal(taxObject.StatusObjek, root.GetProperty("STS_OP").GetInt32());
    }

    [Fact]
    public async Task GetObjekPajak_UnknownNop_404TidakTerdaftar()
    {
        using var response = await Client.GetAsync(new Uri("objek-pajak/340417999999999990", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"ERR_CODE":404,"ERR_MSG":"NOP TIDAK TERDAFTAR"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("34040700010010001")]
    [InlineData("3404070001001000100")]
    [InlineData("35040700010010001A")]
    [InlineData("350407000100100010")]
    [InlineData("34.04.070.001.001")]
    public async Task GetObjekPajak_MalformedNop_400FormatSalah(string nop)
    {
        using var response = await Client.GetAsync(new Uri("objek-pajak/" + nop, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"ERR_CODE":400,"ERR_MSG":"FORMAT NOP SALAH"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetTagihan_KnownNop_ReturnsEveryYearAsArray()
    {
        var taxObject = fixture.Data.TaxObjects.First(o => o.Tagihan.Count == 5);

        var root = await HttpAssert.GetJsonAsync(Client, "tagihan?nop=" + taxObject.Nop, HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Array, root.ValueKind);
        var bills = root.EnumerateArray().ToList();
        Assert.Equal([2022, 2023, 2024, 2025, 2026], bills.Select(b => b.GetProperty("THN_PAJAK").GetInt32()));
        foreach (var (bill, expected) in bills.Zip(taxObject.Tagihan))
        {
            Assert.Equal(BillFields, HttpAssert.PropertyNames(bill));
            Assert.Equal(taxObject.Nop, bill.GetProperty("NOP").GetString());
            Assert.Equal(expected.Pokok, bill.GetProperty("POKOK").GetInt64());
            Assert.Equal(expected.Denda, bill.GetProperty("DENDA").GetInt64());
            Assert.Equal(expected.JatuhTempo.ToString("yyyyMMdd", CultureInfo.InvariantCulture), bill.GetProperty("JATUH_TEMPO").GetString());
            Assert.Equal(expected.StatusBayar, bill.GetProperty("STS_BYR").GetInt32());
            var paid = bill.GetProperty("TGL_BYR");
            if (expected.TanggalBayar is { } date)
            {
                Assert.Equal(date.ToString("yyyyMMdd", CultureInfo.InvariantCulture), paid.GetString());
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, paid.ValueKind);
            }
        }
    }

    [Fact]
    public async Task GetTagihan_WithYear_ReturnsOnlyThatYear()
    {
        var taxObject = fixture.Data.TaxObjects.First(o => o.Tagihan.Count == 5);

        var root = await HttpAssert.GetJsonAsync(Client, $"tagihan?nop={taxObject.Nop}&thn=2024", HttpStatusCode.OK);

        var bill = Assert.Single(root.EnumerateArray());
        Assert.Equal(2024, bill.GetProperty("THN_PAJAK").GetInt32());
    }

    [Fact]
    public async Task GetTagihan_YearWithoutBill_EmptyArray()
    {
        var taxObject = fixture.Data.TaxObjects[0];

        var root = await HttpAssert.GetJsonAsync(Client, $"tagihan?nop={taxObject.Nop}&thn=2019", HttpStatusCode.OK);

        Assert.Equal(0, root.GetArrayLength());
    }

    [Fact]
    public async Task GetTagihan_UnpaidAndPaidBills_StatusAndPaymentDateAgree()
    {
        var bills = fixture.Data.TaxObjects.SelectMany(o => o.Tagihan).ToList();
        Assert.Contains(bills, b => b.StatusBayar == 0);
        Assert.Contains(bills, b => b.StatusBayar == 1);
        Assert.Contains(bills, b => b.StatusBayar == 2);
        var unpaid = bills.First(b => b.StatusBayar == 0 && b.Denda > 0);

        var root = await HttpAssert.GetJsonAsync(Client, $"tagihan?nop={unpaid.Nop}&thn={unpaid.TahunPajak}", HttpStatusCode.OK);

        var bill = Assert.Single(root.EnumerateArray());
        Assert.Equal(0, bill.GetProperty("STS_BYR").GetInt32());
        Assert.Equal(JsonValueKind.Null, bill.GetProperty("TGL_BYR").ValueKind);
        Assert.True(bill.GetProperty("DENDA").GetInt64() > 0);
    }

    [Fact]
    public async Task GetTagihan_UnknownNop_404TidakTerdaftar()
    {
        using var response = await Client.GetAsync(new Uri("tagihan?nop=340417999999999990", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"ERR_CODE":404,"ERR_MSG":"NOP TIDAK TERDAFTAR"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("tagihan")]
    [InlineData("tagihan?nop=")]
    [InlineData("tagihan?nop=12345")]
    public async Task GetTagihan_MissingOrMalformedNop_400FormatSalah(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"ERR_CODE":400,"ERR_MSG":"FORMAT NOP SALAH"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("26")]
    [InlineData("20x6")]
    [InlineData("202601")]
    public async Task GetTagihan_MalformedYear_400(string thn)
    {
        var root = await HttpAssert.GetJsonAsync(Client, $"tagihan?nop={fixture.Data.TaxObjects[0].Nop}&thn={thn}", HttpStatusCode.BadRequest);

        Assert.Equal(400, root.GetProperty("ERR_CODE").GetInt32());
        Assert.Equal("FORMAT TAHUN SALAH", root.GetProperty("ERR_MSG").GetString());
    }

    [Fact]
    public async Task GetObjekPajakByNik_Taxpayer_ReturnsTheirObjects()
    {
        var nik = fixture.Data.TaxObjects.GroupBy(o => o.NikWajibPajak).First(g => g.Count() >= 2).Key;
        var expected = fixture.Data.TaxObjects.Where(o => o.NikWajibPajak == nik).Select(o => o.Nop);

        var root = await HttpAssert.GetJsonAsync(Client, "objek-pajak?nik=" + nik, HttpStatusCode.OK);

        Assert.Equal(expected, root.EnumerateArray().Select(o => o.GetProperty("NOP").GetString()));
        Assert.All(root.EnumerateArray(), o => Assert.Equal(ObjectFields, HttpAssert.PropertyNames(o)));
    }

    [Fact]
    public async Task GetObjekPajakByNik_ResidentWithoutObjects_EmptyArray()
    {
        var owners = fixture.Data.TaxObjects.Select(o => o.NikWajibPajak).ToHashSet();
        var resident = fixture.Data.Residents.First(p => !owners.Contains(p.Nik));

        var text = await HttpAssert.GetStringAsync(Client, "objek-pajak?nik=" + resident.Nik, HttpStatusCode.OK);

        Assert.Equal("[]", text);
    }

    [Theory]
    [InlineData("objek-pajak")]
    [InlineData("objek-pajak?nik=123")]
    [InlineData("objek-pajak?nik=3404071502850000")]
    public async Task GetObjekPajakByNik_MissingOrInvalidNik_400(string path)
    {
        var root = await HttpAssert.GetJsonAsync(Client, path, HttpStatusCode.BadRequest);

        Assert.Equal("""{"ERR_CODE":400,"ERR_MSG":"FORMAT NIK SALAH"}""", root.GetRawText());
    }

    [Fact]
    public async Task GetHealth_Running_Returns200Ok() =>
        Assert.Equal("OK", await HttpAssert.GetStringAsync(Client, "health", HttpStatusCode.OK));
}
