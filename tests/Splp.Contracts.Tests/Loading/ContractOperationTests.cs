using System.Text;
using Microsoft.Extensions.Primitives;
using Splp.Contracts.Loading;
using Splp.Contracts.Validation;

namespace Splp.Contracts.Tests.Loading;

public sealed class ContractOperationTests
{
    // What the Disdukcapil XML adapter writes for a resident.
    private const string Penduduk = """
        {"nik":"3404074312850001","nomorKk":"3404071502100003","namaLengkap":"SITI RAHAYU","tempatLahir":"SLEMAN",
         "tanggalLahir":"1985-12-03","jenisKelamin":"P","agama":"BUDDHA","statusPerkawinan":"CERAI_HIDUP",
         "pekerjaan":"KARYAWAN SWASTA","alamat":{"jalan":"JL. KALIURANG KM 5","rt":"003","rw":"012",
         "desa":"CATURTUNGGAL","kecamatan":"DEPOK","kabupaten":"SLEMAN","provinsi":"DI YOGYAKARTA"}}
        """;

    private const string Permohonan = """
        {"nomorPermohonan":"DPMPTSP-2026-000123","pemohon":{"nik":"3404071708850003","nama":"BUDI SANTOSO"},
         "jenisIzin":{"kode":"PBG","nama":"Persetujuan Bangunan Gedung"},"namaUsaha":null,
         "lokasi":{"alamat":"JL. KALIURANG KM 5 NO. 21","kecamatan":"DEPOK","desa":"CATURTUNGGAL"},
         "diajukanPada":"2026-03-02T09:15:00+07:00","status":"SURVEI",
         "riwayat":[{"status":"DITERIMA","waktu":"2026-03-02T09:15:00+07:00","keterangan":"Berkas diterima."}]}
        """;

    private const string PermohonanBaru = """
        {"pemohon":{"nik":"3404125507900002","nama":"RINA PURNAMASARI"},"jenisIzin":"NIB","namaUsaha":"WARUNG MAKAN BU RINA",
         "lokasi":{"alamat":"JL. PALAGAN TENTARA PELAJAR NO. 8","kecamatan":"NGAGLIK","desa":"SARIHARJO"}}
        """;

    private const string Problem = """
        {"type":"urn:splp:problem:resource-not-found","title":"The record does not exist.","status":404,
         "detail":"No resident has this NIK.","instance":"/kependudukan/v1/penduduk/3404071708850003","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}
        """;

    private static readonly Dictionary<string, string> NoPath = [];

    private static ContractOperation GetPenduduk => ContractsFixture.Operation("kependudukan", "getPenduduk");

    private static ContractOperation GetPermohonan => ContractsFixture.Operation("perizinan", "getPermohonan");

    private static ContractOperation ListPermohonan => ContractsFixture.Operation("perizinan", "listPermohonan");

    private static ContractOperation CreatePermohonan => ContractsFixture.Operation("perizinan", "createPermohonan");

    [Theory]
    [InlineData(200, "application/json", true, UndescribedAnswer.None)]
    [InlineData(200, "application/json; charset=utf-8", true, UndescribedAnswer.None)]
    [InlineData(200, "APPLICATION/JSON", true, UndescribedAnswer.None)]
    [InlineData(404, "application/problem+json", true, UndescribedAnswer.None)]
    [InlineData(304, null, false, UndescribedAnswer.None)]
    [InlineData(200, "text/html", true, UndescribedAnswer.MediaType)]
    [InlineData(200, "application/jsonp", true, UndescribedAnswer.MediaType)] // a prefix is not the type
    [InlineData(404, "application/json", true, UndescribedAnswer.MediaType)] // the error's type is problem+json
    [InlineData(200, null, true, UndescribedAnswer.MediaType)] // a body with no type where JSON is declared
    [InlineData(200, null, false, UndescribedAnswer.None)] // no body: the schema validation speaks for it
    [InlineData(409, "application/json", true, UndescribedAnswer.Status)]
    [InlineData(201, "application/json", true, UndescribedAnswer.Status)]
    public void DescribesAnswer_ChecksTheDocumentedStatusAndItsDeclaredMediaTypes(int status, string? contentType, bool hasBody, UndescribedAnswer expected)
    {
        Assert.Equal(expected, GetPenduduk.DescribesAnswer(status, contentType, hasBody));
    }

    [Fact]
    public void ValidateResponse_AdapterOutput_HasNoViolations()
    {
        Assert.Empty(GetPenduduk.ValidateResponse(200, Utf8(Penduduk)));
        Assert.Empty(GetPermohonan.ValidateResponse(200, Utf8(Permohonan)));
    }

    [Fact]
    public void ValidateResponse_ProblemForDocumentedError_HasNoViolations()
    {
        Assert.Empty(GetPenduduk.ValidateResponse(404, Utf8(Problem)));
    }

    [Theory]
    [InlineData(418)]
    [InlineData(201)]
    [InlineData(500)]
    public void ValidateResponse_UndocumentedStatus_IsViolation(int status)
    {
        var violation = Assert.Single(GetPenduduk.ValidateResponse(status, Utf8(Penduduk)));

        Assert.Equal(ContractViolation.StatusPointer, violation.Pointer);
        Assert.Equal($"status code {status} is not documented for getPenduduk", violation.Reason);
        Assert.False(GetPenduduk.DocumentsStatus(status));
    }

    [Theory]
    [InlineData("\"nik\":\"3404074312850001\"", "\"nik\":\"34040743128500\"", "/nik", "must match ^[0-9]{16}$")]
    [InlineData("\"jenisKelamin\":\"P\"", "\"jenisKelamin\":\"PEREMPUAN\"", "/jenisKelamin", "must be one of L, P")]
    [InlineData("\"tanggalLahir\":\"1985-12-03\"", "\"tanggalLahir\":\"03-12-1985\"", "/tanggalLahir", "must be a date (yyyy-MM-dd)")]
    [InlineData("\"tanggalLahir\":\"1985-12-03\"", "\"tanggalLahir\":\"1985-02-30\"", "/tanggalLahir", "must be a date (yyyy-MM-dd)")]
    [InlineData("\"rt\":\"003\"", "\"rt\":\"3\"", "/alamat/rt", "must match ^[0-9]{3}$")]
    [InlineData("\"rt\":\"003\"", "\"rt\":3", "/alamat/rt", "must be a string")]
    [InlineData("\"namaLengkap\":\"SITI RAHAYU\",", "", "/namaLengkap", "is required")]
    [InlineData("\"nik\":\"3404074312850001\"", "\"nik\":\"3404074312850001\",\"passwordHash\":\"x\"", "/passwordHash", "unexpected property")]
    [InlineData("\"alamat\":{", "\"alamat\":{\"kodePos\":\"55281\",", "/alamat/kodePos", "unexpected property")]
    [InlineData("\"nik\":\"3404074312850001\"", "\"nik\":null", "/nik", "must be a string")]
    [InlineData("\"alamat\":{", "\"alamat\":[],\"x\":{", "/alamat", "must be an object")]
    public void ValidateResponse_BrokenPenduduk_ReportsPointerAndReason(string original, string replacement, string expectedPointer, string reason)
    {
        var body = Penduduk.Replace(original, replacement, StringComparison.Ordinal);
        Assert.NotEqual(Penduduk, body);

        var violations = GetPenduduk.ValidateResponse(200, Utf8(body));

        Assert.Contains(new ContractViolation(expectedPointer, reason), violations);
    }

    [Fact]
    public void ValidateResponse_ItemInList_PointsIntoArray()
    {
        var broken = Permohonan.Replace("\"status\":\"SURVEI\"", "\"status\":\"DIBATALKAN\"", StringComparison.Ordinal);
        var list = "{\"data\":[" + string.Join(',', Permohonan, Permohonan, Permohonan, broken) + "],\"paging\":{\"page\":1,\"pageSize\":20,\"totalItems\":4,\"totalPages\":1}}";

        var violation = Assert.Single(ListPermohonan.ValidateResponse(200, Utf8(list)));

        Assert.Equal("/data/3/status", violation.Pointer);
        Assert.StartsWith("must be one of DITERIMA, VERIFIKASI", violation.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"tahunPajak\":2026", "\"tahunPajak\":\"2026\"", "/data/0/tahunPajak", "must be an integer")]
    [InlineData("\"tahunPajak\":2026", "\"tahunPajak\":2026.5", "/data/0/tahunPajak", "must be an integer")]
    [InlineData("\"pokok\":1102500", "\"pokok\":-5", "/data/0/pokok", "must be >= 0")]
    [InlineData("\"tanggalBayar\":null", "\"tanggalBayar\":\"20260915\"", "/data/0/tanggalBayar", "must be a date (yyyy-MM-dd)")]
    [InlineData("\"statusBayar\":\"BELUM_BAYAR\"", "\"statusBayar\":0", "/data/0/statusBayar", "must be a string")]
    public void ValidateResponse_BrokenTagihan_ReportsPointerAndReason(string original, string replacement, string expectedPointer, string reason)
    {
        const string Tagihan = """{"data":[{"nop":"340407000100500120","tahunPajak":2026,"pokok":1102500,"denda":0,"jatuhTempo":"2026-08-31","statusBayar":"BELUM_BAYAR","tanggalBayar":null}]}""";
        var operation = ContractsFixture.Operation("pajak-daerah", "listTagihan");
        Assert.Empty(operation.ValidateResponse(200, Utf8(Tagihan)));

        var violations = operation.ValidateResponse(200, Utf8(Tagihan.Replace(original, replacement, StringComparison.Ordinal)));

        Assert.Equal(new ContractViolation(expectedPointer, reason), Assert.Single(violations));
    }

    [Theory]
    [InlineData("2026-03-02T09:15:00+07:00", true)]
    [InlineData("2026-03-02T02:15:00Z", true)]
    [InlineData("2026-03-02T09:15:00.123+07:00", true)]
    [InlineData("2026-03-02 09:15:00", false)]
    [InlineData("2026-03-02T09:15:00", false)]
    [InlineData("1772417700", false)]
    [InlineData("2026-03-02T25:15:00+07:00", false)]
    public void ValidateResponse_DateTimeFormats_AcceptsOnlyRfc3339WithOffset(string value, bool valid)
    {
        var body = Permohonan.Replace("\"diajukanPada\":\"2026-03-02T09:15:00+07:00\"", $"\"diajukanPada\":\"{value}\"", StringComparison.Ordinal);

        var violations = GetPermohonan.ValidateResponse(200, Utf8(body));

        if (valid)
        {
            Assert.Empty(violations);
        }
        else
        {
            Assert.Equal("/diajukanPada", Assert.Single(violations).Pointer);
        }
    }

    [Theory]
    [InlineData("{\"nik\":")]
    [InlineData("{\"nik\":\"3404074312850001\",}")]
    [InlineData("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>")]
    [InlineData("{\"nik\":\"3404074312850001\"} {\"nik\":\"3404074312850001\"}")]
    [InlineData("\"just a string\" trailing")]
    public void ValidateResponse_MalformedBody_ReportsItAtTheRoot(string body)
    {
        var violations = GetPenduduk.ValidateResponse(200, Utf8(body));

        Assert.Contains(violations, v => v.Pointer.Length == 0 && v.Reason.StartsWith("must be", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ValidateResponse_EmptyBody_IsViolation(string body)
    {
        Assert.Equal(new ContractViolation(string.Empty, "a JSON body is required"), Assert.Single(GetPenduduk.ValidateResponse(200, Utf8(body))));
    }

    [Fact]
    public void ValidateResponse_WrongTopLevelType_IsViolation()
    {
        Assert.Equal(new ContractViolation(string.Empty, "must be an object"), Assert.Single(GetPenduduk.ValidateResponse(200, Utf8("[]"))));
    }

    [Fact]
    public void ValidateResponse_DeeplyNestedBody_ReportsWithoutCrashing()
    {
        var body = new string('[', 10_000) + new string(']', 10_000);

        var violations = GetPenduduk.ValidateResponse(200, Utf8(body));

        Assert.NotEmpty(violations);
    }

    [Fact]
    public void ValidateResponse_EscapedStrings_AreUnescapedBeforeChecks()
    {
        var body = Penduduk.Replace("\"jenisKelamin\":\"P\"", "\"jenisKelamin\":\"\\u0050\"", StringComparison.Ordinal)
            .Replace("\"nik\"", "\"n\\u0069k\"", StringComparison.Ordinal);

        Assert.Empty(GetPenduduk.ValidateResponse(200, Utf8(body)));
    }

    [Fact]
    public void ValidateResponse_PropertyNameWithSlash_IsEscapedInPointer()
    {
        var body = Penduduk.Replace("\"nik\":", "\"a/b~c\":1,\"nik\":", StringComparison.Ordinal);

        Assert.Contains(new ContractViolation("/a~1b~0c", "unexpected property"), GetPenduduk.ValidateResponse(200, Utf8(body)));
    }

    [Fact]
    public void ValidateResponse_ManyViolations_StopsAtFifty()
    {
        var extra = string.Concat(Enumerable.Range(0, 500).Select(i => $"\"x{i}\":{i},"));
        var body = "{" + extra + Penduduk.TrimStart()[1..];

        var violations = GetPenduduk.ValidateResponse(200, Utf8(body));

        Assert.Equal(ContractViolation.MaxPerValidation, violations.Count);
        Assert.All(violations, v => Assert.Equal("unexpected property", v.Reason));
    }

    [Fact]
    public void ValidateResponse_TwentyMegabyteListOfBrokenItems_StopsAtFiftyWithBoundedMemory()
    {
        var broken = Permohonan.Replace("\"PBG\"", "\"IMB\"", StringComparison.Ordinal);
        var body = List(broken, targetBytes: 20 * 1024 * 1024);
        var operation = ListPermohonan;
        // Warm up with the same body: the first call on a thread may rent fresh buffers from the shared pool
        // (seen once on a busy machine); what must stay bounded is every call after that.
        operation.ValidateResponse(200, body);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var violations = operation.ValidateResponse(200, body);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(ContractViolation.MaxPerValidation, violations.Count);
        Assert.Equal("/data/0/jenisIzin/kode", violations[0].Pointer);
        Assert.Equal("/data/49/jenisIzin/kode", violations[^1].Pointer);
        Assert.True(allocated < 256 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void ValidateResponse_TwentyMegabyteValidList_ReadsItAllWithBoundedMemory()
    {
        var body = List(Permohonan, targetBytes: 20 * 1024 * 1024);
        var operation = ListPermohonan;
        // Warm up with the same body: the first call on a thread may rent fresh buffers from the shared pool
        // (seen once on a busy machine); what must stay bounded is every call after that.
        operation.ValidateResponse(200, body);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var violations = operation.ValidateResponse(200, body);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The list is far beyond a page: the one violation is the item count, found after reading it all.
        Assert.Equal(new ContractViolation("/data", "must have at most 100 items"), Assert.Single(violations));
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void ValidateResponse_ConcurrentCallers_GetTheirOwnResults()
    {
        var valid = Utf8(Penduduk);
        var broken = Utf8(Penduduk.Replace("\"jenisKelamin\":\"P\"", "\"jenisKelamin\":\"X\"", StringComparison.Ordinal));
        var failures = 0;

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var violations = GetPenduduk.ValidateResponse(200, i % 2 == 0 ? valid : broken);
            var expected = i % 2 == 0 ? 0 : 1;
            if (violations.Count != expected || (expected == 1 && violations[0].Pointer != "/jenisKelamin"))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void ValidateRequest_ValidCreate_HasNoViolations()
    {
        Assert.Empty(CreatePermohonan.ValidateRequest(NoPath, null, Utf8(PermohonanBaru)));
    }

    [Theory]
    [InlineData("\"nik\":\"3404125507900002\"", "\"nik\":\"3404-1255-0790\"", "/pemohon/nik", "must match ^[0-9]{16}$")]
    [InlineData("\"jenisIzin\":\"NIB\"", "\"jenisIzin\":\"IMB\"", "/jenisIzin", "must be one of PBG, SLF, NIB, SIP, SIUP, REKLAME, IUMK, TDUP")]
    [InlineData("\"desa\":\"SARIHARJO\"", "\"desa\":\"\"", "/lokasi/desa", "must be at least 1 characters")]
    [InlineData(",\"desa\":\"SARIHARJO\"", "", "/lokasi/desa", "is required")]
    [InlineData("\"namaUsaha\":\"WARUNG MAKAN BU RINA\"", "\"namaUsaha\":null", "", "")]
    [InlineData("\"jenisIzin\":\"NIB\"", "\"jenisIzin\":{\"kode\":\"NIB\"}", "/jenisIzin", "must be a string")]
    public void ValidateRequest_BrokenCreateBody_ReportsPointerAndReason(string original, string replacement, string expectedPointer, string reason)
    {
        var body = PermohonanBaru.Replace(original, replacement, StringComparison.Ordinal);
        Assert.NotEqual(PermohonanBaru, body);

        var violations = CreatePermohonan.ValidateRequest(NoPath, null, Utf8(body));

        if (expectedPointer.Length == 0)
        {
            Assert.Empty(violations);
        }
        else
        {
            Assert.Equal(new ContractViolation(expectedPointer, reason), Assert.Single(violations));
        }
    }

    [Fact]
    public void ValidateRequest_MissingRequiredBody_IsViolation()
    {
        Assert.Equal(new ContractViolation(string.Empty, "a JSON body is required"), Assert.Single(CreatePermohonan.ValidateRequest(NoPath, null, null)));
        Assert.Equal(new ContractViolation(string.Empty, "a JSON body is required"), Assert.Single(CreatePermohonan.ValidateRequest(NoPath, null, ReadOnlyMemory<byte>.Empty)));
    }

    [Fact]
    public void ValidateRequest_BodyOnOperationWithoutOne_IsViolation()
    {
        var violations = GetPenduduk.ValidateRequest(Path("nik", "3404071708850003"), null, Utf8("{}"));

        Assert.Equal(new ContractViolation(string.Empty, "no request body is allowed"), Assert.Single(violations));
    }

    [Fact]
    public void ValidateRequest_MalformedBody_IsViolation()
    {
        var violation = Assert.Single(CreatePermohonan.ValidateRequest(NoPath, null, Utf8("{\"pemohon\":{\"nik\":")));

        Assert.Equal(string.Empty, violation.Pointer);
        Assert.StartsWith("must be valid JSON", violation.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3404071708850003", null)]
    [InlineData("340407170885000", "must match ^[0-9]{16}$")]
    [InlineData("3404O71708850003", "must match ^[0-9]{16}$")]
    public void ValidateRequest_PathParameter_IsChecked(string nik, string? reason)
    {
        var violations = GetPenduduk.ValidateRequest(Path("nik", nik), null, null);

        if (reason is null)
        {
            Assert.Empty(violations);
        }
        else
        {
            Assert.Equal(new ContractViolation("path:nik", reason), Assert.Single(violations));
        }
    }

    [Fact]
    public void ValidateRequest_MissingPathParameter_IsViolation()
    {
        Assert.Equal(new ContractViolation("path:nik", "is required"), Assert.Single(GetPenduduk.ValidateRequest(NoPath, null, null)));
    }

    [Theory]
    [InlineData("pageSize", "20", null, null)]
    [InlineData("pageSize", "100", null, null)]
    [InlineData("pageSize", "500", "query:pageSize", "must be <= 100")]
    [InlineData("pageSize", "0", "query:pageSize", "must be >= 1")]
    [InlineData("pageSize", "dua puluh", "query:pageSize", "must be an integer")]
    [InlineData("pageSize", "2.5", "query:pageSize", "must be an integer")]
    [InlineData("page", "-1", "query:page", "must be >= 1")]
    [InlineData("status", "SURVEI", null, null)]
    [InlineData("status", "survei", "query:status", "must be one of DITERIMA, VERIFIKASI, SURVEI, DISETUJUI, DITOLAK, TERBIT")]
    [InlineData("nik", "3404071708850003", null, null)]
    [InlineData("nik", "budi", "query:nik", "must match ^[0-9]{16}$")]
    [InlineData("limit", "10", "query:limit", "is not a parameter of this operation")]
    [InlineData("PageSize", "10", "query:PageSize", "is not a parameter of this operation")]
    public void ValidateRequest_QueryParameter_IsChecked(string name, string value, string? expectedPointer, string? reason)
    {
        var violations = ListPermohonan.ValidateRequest(NoPath, Query((name, value)), null);

        if (expectedPointer is null)
        {
            Assert.Empty(violations);
        }
        else
        {
            Assert.Equal(new ContractViolation(expectedPointer, reason!), Assert.Single(violations));
        }
    }

    [Fact]
    public void ValidateRequest_RepeatedQueryParameter_IsViolation()
    {
        var query = new[] { KeyValuePair.Create("pageSize", new StringValues(["10", "20"])) };

        Assert.Equal(new ContractViolation("query:pageSize", "must be given once"), Assert.Single(ListPermohonan.ValidateRequest(NoPath, query, null)));
    }

    [Fact]
    public void ValidateRequest_MissingRequiredQueryParameter_IsViolation()
    {
        var listObjekPajak = ContractsFixture.Operation("pajak-daerah", "listObjekPajak");

        Assert.Equal(new ContractViolation("query:nik", "is required"), Assert.Single(listObjekPajak.ValidateRequest(NoPath, null, null)));
        Assert.Empty(listObjekPajak.ValidateRequest(NoPath, Query(("nik", "3404071708850003")), null));
    }

    [Fact]
    public void ValidateRequest_PageSizeAboveFiftyForComplaints_IsViolation()
    {
        var listAduan = ContractsFixture.Operation("pengaduan", "listAduan");

        Assert.Equal(new ContractViolation("query:pageSize", "must be <= 50"), Assert.Single(listAduan.ValidateRequest(NoPath, Query(("pageSize", "100")), null)));
    }

    [Fact]
    public void ValidateRequest_ComplaintWithCoordinatesOutOfRange_IsViolation()
    {
        const string Aduan = """{"judul":"Lampu jalan mati","isi":"Tiga lampu di Jl. Godean KM 10 mati.","kategori":"INFRASTRUKTUR","lokasi":{"lintang":-97.7,"bujur":110.29},"anonim":true,"pelapor":null}""";
        var createAduan = ContractsFixture.Operation("pengaduan", "createAduan");

        Assert.Equal(new ContractViolation("/lokasi/lintang", "must be >= -11"), Assert.Single(createAduan.ValidateRequest(NoPath, null, Utf8(Aduan))));
    }

    internal static ReadOnlyMemory<byte> Utf8(string s) => Encoding.UTF8.GetBytes(s);

    internal static ReadOnlyMemory<byte> List(string item, int count) =>
        Encoding.UTF8.GetBytes(
            "{\"data\":[" + string.Join(',', Enumerable.Repeat(item, count)) + "],\"paging\":{\"page\":1,\"pageSize\":20,\"totalItems\":"
            + count.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"totalPages\":1}}");

    private static ReadOnlyMemory<byte> List(string item, long targetBytes) => List(item, (int)(targetBytes / Encoding.UTF8.GetByteCount(item)) + 1);

    private static Dictionary<string, string> Path(string name, string value) => new() { [name] = value };

    private static KeyValuePair<string, StringValues>[] Query(params (string Name, string Value)[] values) =>
        values.Select(v => KeyValuePair.Create(v.Name, new StringValues(v.Value))).ToArray();
}
