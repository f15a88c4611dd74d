using System.Globalization;
using System.Net;
using System.Xml.Linq;

namespace Splp.SampleAgencies.Tests.Disdukcapil;

public sealed class DisdukcapilAppTests(DisdukcapilFixture fixture) : IClassFixture<DisdukcapilFixture>
{
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    private static readonly string[] BiodataElements =
    [
        "NIK", "NO_KK", "NAMA_LGKP", "TMPT_LHR", "TGL_LHR", "JENIS_KLMIN", "AGAMA", "STATUS_KAWIN", "JENIS_PKRJN",
        "ALAMAT", "NO_RT", "NO_RW", "KEL_NAME", "KEC_NAME", "KAB_NAME", "PROP_NAME",
    ];

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task GetBiodata_KnownNik_ReturnsBiodataInResponEnvelope()
    {
        var resident = fixture.Data.Residents.First(p => !p.Female);

        using var response = await Client.GetAsync(new Uri("ws/biodata?NIK=" + resident.Nik, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.StartsWith(Declaration, text, StringComparison.Ordinal);
        var respon = XDocument.Parse(text).Root!;
        Assert.Equal("RESPON", respon.Name.LocalName);
        Assert.Equal(["KODE", "PESAN", "BIODATA"], respon.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("00", respon.Element("KODE")!.Value);
        Assert.Equal("SUKSES", respon.Element("PESAN")!.Value);
        var biodata = respon.Element("BIODATA")!;
        Assert.Equal(BiodataElements, biodata.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(resident.Nik.Value, biodata.Element("NIK")!.Value);
        Assert.Equal(resident.NoKk, biodata.Element("NO_KK")!.Value);
        Assert.Equal(resident.NamaLengkap, biodata.Element("NAMA_LGKP")!.Value);
        Assert.Equal(resident.TempatLahir, biodata.Element("TMPT_LHR")!.Value);
        Assert.Equal(resident.TanggalLahir.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture), biodata.Element("TGL_LHR")!.Value);
        Assert.Equal("LAKI-LAKI", biodata.Element("JENIS_KLMIN")!.Value);
        Assert.Equal(resident.Agama, biodata.Element("AGAMA")!.Value);
        Assert.Equal(resident.StatusKawin, biodata.Element("STATUS_KAWIN")!.Value);
        Assert.Equal(resident.Pekerjaan, biodata.Element("JENIS_PKRJN")!.Value);
        Assert.Equal(resident.Alamat, biodata.Element("ALAMAT")!.Value);
        Assert.Equal(resident.Rt.ToString(CultureInfo.InvariantCulture), biodata.Element("NO_RT")!.Value);
        Assert.Equal(resident.Rw.ToString(CultureInfo.InvariantCulture), biodata.Element("NO_RW")!.Value);
        Assert.Equal(resident.Desa, biodata.Element("KEL_NAME")!.Value);
        Assert.Equal(resident.Kecamatan, biodata.Element("KEC_NAME")!.Value);
        Assert.Equal("SLEMAN", biodata.Element("KAB_NAME")!.Value);
        Assert.Equal("DI YOGYAKARTA", biodata.Element("PROP_NAME")!.Value);
    }

    [Fact]
    public async Task GetBiodata_Woman_JenisKelaminPerempuan()
    {
        var resident = fixture.Data.Residents.First(p => p.Female);

        var text = await HttpAssert.GetStringAsync(Client, "ws/biodata?NIK=" + resident.Nik, HttpStatusCode.OK);

        Assert.Equal("PEREMPUAN", XDocument.Parse(text).Root!.Element("BIODATA")!.Element("JENIS_KLMIN")!.Value);
    }

    [Fact]
    public async Task GetBiodata_UnknownValidNik_Http200WithKode11()
    {
        var text = await HttpAssert.GetStringAsync(Client, "ws/biodata?NIK=9471010101010001", HttpStatusCode.OK);

        Assert.Equal(Declaration + "\n<RESPON><KODE>11</KODE><PESAN>DATA TIDAK DITEMUKAN</PESAN></RESPON>", text);
    }

    [Theory]
    [InlineData("ws/biodata")]
    [InlineData("ws/biodata?NIK=")]
    [InlineData("ws/biodata?NIK=12345")]
    [InlineData("ws/biodata?NIK=3404071502850000")]
    [InlineData("ws/biodata?NIK=340407150285000X")]
    [InlineData("ws/biodata?NIK=3404073202850001")]
    public async Task GetBiodata_MissingOrInvalidNik_Http200WithKode12(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(Declaration + "\n<RESPON><KODE>12</KODE><PESAN>NIK TIDAK VALID</PESAN></RESPON>", text);
    }

    [Fact]
    public async Task GetKeluarga_KnownNoKk_ReturnsEveryMemberWithRelation()
    {
        var family = fixture.Data.Families.First(f => f.Members.Count >= 3);

        var text = await HttpAssert.GetStringAsync(Client, "ws/keluarga?NO_KK=" + family.NoKk, HttpStatusCode.OK);

        var respon = XDocument.Parse(text).Root!;
        Assert.Equal("00", respon.Element("KODE")!.Value);
        var keluarga = respon.Element("KELUARGA")!;
        Assert.Equal(["NO_KK", "ANGGOTA"], keluarga.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(family.NoKk, keluarga.Element("NO_KK")!.Value);
        var members = keluarga.Element("ANGGOTA")!.Elements("BIODATA").ToList();
        Assert.Equal(family.Members.Select(m => m.Nik.Value), members.Select(m => m.Element("NIK")!.Value));
        Assert.Equal(family.Members.Select(m => m.StatusHubunganKeluarga), members.Select(m => m.Element("STAT_HBKEL")!.Value));
        Assert.Equal([.. BiodataElements, "STAT_HBKEL"], members[0].Elements().Select(e => e.Name.LocalName));
        Assert.Equal("KEPALA KELUARGA", members[0].Element("STAT_HBKEL")!.Value);
    }

    [Fact]
    public async Task GetKeluarga_UnknownNoKk_Http200WithKode11()
    {
        var text = await HttpAssert.GetStringAsync(Client, "ws/keluarga?NO_KK=3404070101990001", HttpStatusCode.OK);

        Assert.Equal(Declaration + "\n<RESPON><KODE>11</KODE><PESAN>DATA TIDAK DITEMUKAN</PESAN></RESPON>", text);
    }

    [Theory]
    [InlineData("ws/keluarga")]
    [InlineData("ws/keluarga?NO_KK=34040701019900")]
    [InlineData("ws/keluarga?NO_KK=34040701019900AB")]
    public async Task GetKeluarga_MissingOrMalformedNoKk_Http200WithKode12(string path)
    {
        var text = await HttpAssert.GetStringAsync(Client, path, HttpStatusCode.OK);

        Assert.Equal("12", XDocument.Parse(text).Root!.Element("KODE")!.Value);
    }

    [Fact]
    public async Task GetHealth_Running_Returns200Ok() =>
        Assert.Equal("OK", await HttpAssert.GetStringAsync(Client, "health", HttpStatusCode.OK));
}
