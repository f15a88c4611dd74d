using System.Text;
using Splp.Contracts.Problems;

namespace Splp.Adapters.Tests.Declarative;

public sealed class ResponseMappingTests
{
    private const string Envelope = """ "Envelope": { "Data": "data", "SuccessWhen": { "Field": "status", "Is": [ "success" ] } }, """;

    private static readonly IServiceAdapter Paged = MappingHarness.Build("""
        { "Operations": [
          { "OperationId": "page", "Path": "/p", "Upstream": { "Path": "/p" },
            "Response": { "Envelope": { "Data": "data" }, "Kind": "Page", "Items": "items", "Paging": { "Page": "page", "PageSize": "per_page", "TotalItems": "total" },
              "Fields": { "id": { "From": "id", "Converter": "integer", "Required": true }, "tags": { "From": "tags", "Items": { "t": { "From": "name" } } } } } },
          { "OperationId": "single", "Path": "/s", "Upstream": { "Path": "/s" },
            "Response": { "Kind": "Page", "Fields": { "id": { "From": "ID", "Converter": "integer" } } } },
          { "OperationId": "list", "Path": "/l", "Upstream": { "Path": "/l" },
            "Response": { "Kind": "List", "Fields": { "id": { "From": "ID", "Converter": "integer" } } } }
        ] }
        """);

    [Fact]
    public async Task MapResponse_EnvelopeWithSuccessStatus_UnwrapsData()
    {
        var adapter = MappingHarness.Fields("""{ "nomor": { "From": "no" } }""", Envelope);

        var mapped = await MappingHarness.MapAsync(adapter, "op", """{ "status": "success", "data": { "no": "A-1", "internal_id": 99 }, "message": "Data ditemukan" }""");

        Assert.Equal(200, mapped.Result.StatusCode);
        Assert.Equal("""{"nomor":"A-1"}""", mapped.Json.GetRawText());
    }

    [Fact]
    public async Task MapResponse_EnvelopeFailureInside200_IsUpstreamErrorWithoutUpstreamMessage()
    {
        var adapter = MappingHarness.Fields("""{ "nomor": { "From": "no" } }""", Envelope);

        var problem = (await MappingHarness.MapAsync(adapter, "op", """{ "status": "error", "data": null, "message": "SQLSTATE[42S02] table permohonan missing" }""")).Problem;

        Assert.Equal(502, problem.Status);
        Assert.Equal(ProblemTypes.UpstreamError, problem.Type);
        Assert.DoesNotContain("SQLSTATE", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapResponse_EnvelopeWithoutData_IsInvalidUpstreamResponse()
    {
        var adapter = MappingHarness.Fields("""{ "nomor": { "From": "no" } }""", Envelope);

        var problem = (await MappingHarness.MapAsync(adapter, "op", """{ "status": "success", "message": "ok" }""")).Problem;

        Assert.Equal("The agency application's response lacks its payload 'data'.", problem.Detail);
    }

    [Fact]
    public async Task MapResponse_PageWithUpstreamPaging_WritesDataAndComputedPaging()
    {
        var mapped = await MappingHarness.MapAsync(Paged, "page", """
            { "data": { "items": [ { "id": "1", "tags": [ { "name": "a" }, { "name": "b" } ] }, { "id": 2, "tags": [] } ], "page": 2, "per_page": 2, "total": 5 } }
            """);

        Assert.Equal(
            """{"data":[{"id":1,"tags":[{"t":"a"},{"t":"b"}]},{"id":2,"tags":[]}],"paging":{"page":2,"pageSize":2,"totalItems":5,"totalPages":3}}""",
            mapped.Json.GetRawText());
    }

    [Fact]
    public async Task MapResponse_PlainArrayAsPage_BecomesSinglePage()
    {
        var mapped = await MappingHarness.MapAsync(Paged, "single", """[ { "ID": 1 }, { "ID": 2 }, { "ID": 3 } ]""");
        var empty = await MappingHarness.MapAsync(Paged, "single", "[]");

        Assert.Equal("""{"data":[{"id":1},{"id":2},{"id":3}],"paging":{"page":1,"pageSize":3,"totalItems":3,"totalPages":1}}""", mapped.Json.GetRawText());
        Assert.Equal("""{"data":[],"paging":{"page":1,"pageSize":0,"totalItems":0,"totalPages":0}}""", empty.Json.GetRawText());
    }

    [Fact]
    public async Task MapResponse_PlainArrayAsList_WrapsInData()
    {
        var mapped = await MappingHarness.MapAsync(Paged, "list", """[ { "ID": 1 } ]""");

        Assert.Equal("""{"data":[{"id":1}]}""", mapped.Json.GetRawText());
    }

    [Fact]
    public async Task MapResponse_BadItemDeepInArray_NamesItemIndexAndField()
    {
        var problem = (await MappingHarness.MapAsync(Paged, "page", """
            { "data": { "items": [ { "id": 1 }, { "id": 2, "tags": [ { "name": "a" }, 7 ] } ], "page": 1, "per_page": 2, "total": 2 } }
            """)).Problem;

        Assert.Equal(502, problem.Status);
        Assert.Equal("The agency application's response cannot be mapped: field 'data[1].tags[1]' (upstream 'data.items[1].tags[1]') is not an object.", problem.Detail);
    }

    [Fact]
    public async Task MapResponse_ArrayWhereObjectExpected_IsInvalidUpstreamResponse()
    {
        var problem = (await MappingHarness.MapAsync(Paged, "list", """{ "ID": 1 }""")).Problem;

        Assert.Contains("field 'data' (upstream '(body)') is not an array", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapResponse_PagingFieldMissing_IsInvalidUpstreamResponseNamingIt()
    {
        var problem = (await MappingHarness.MapAsync(Paged, "page", """{ "data": { "items": [], "page": 1, "per_page": 2 } }""")).Problem;

        Assert.Equal("The agency application's response cannot be mapped: field 'paging.totalItems' (upstream 'data.total') is missing.", problem.Detail);
    }

    [Fact]
    public async Task MapResponse_LargeArray_MapsEveryItem()
    {
        var body = new StringBuilder("[");
        for (var i = 0; i < 50_000; i++)
        {
            body.Append(i == 0 ? "" : ",").Append("{\"ID\":").Append(i).Append('}');
        }

        var mapped = await MappingHarness.MapAsync(Paged, "list", body.Append(']').ToString());

        Assert.Equal(50_000, mapped.Json.GetProperty("data").GetArrayLength());
        Assert.Equal(49_999, mapped.Json.GetProperty("data")[49_999].GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task MapResponse_Xml_MapsElementPathsAndRepeatedElementsAsArrays()
    {
        var adapter = MappingHarness.Build("""
            { "UpstreamFormat": "Xml",
              "Operations": [ { "OperationId": "keluarga", "Path": "/keluarga/{nomorKk}", "Upstream": { "Path": "/ws/keluarga" },
                "Parameters": { "nomorKk": { "Pattern": "^[0-9]{16}$", "Upstream": "NO_KK" } },
                "Response": {
                  "Envelope": { "Data": "KELUARGA", "SuccessWhen": { "Field": "KODE", "Is": [ "00" ] } },
                  "Fields": {
                    "nomorKk": { "From": "NO_KK", "Required": true },
                    "anggota": { "From": "ANGGOTA.BIODATA", "Required": true, "Items": {
                      "nik": { "From": "NIK", "Required": true },
                      "tanggalLahir": { "From": "TGL_LHR", "Converter": "date", "Format": "dd-MM-yyyy" },
                      "jenisKelamin": { "From": "JENIS_KLMIN", "Codes": { "LAKI-LAKI": "L", "PEREMPUAN": "P" } },
                      "alamat.rt": { "From": "NO_RT", "Converter": "integer" } } } } },
                "Errors": [ { "Status": "200", "When": { "Field": "KODE", "Is": [ "11" ] }, "Problem": "ResourceNotFound", "Detail": "No family card with this number is registered." } ] } ] }
            """);
        const string Member = "<BIODATA><NIK>3404074312850001</NIK><TGL_LHR>03-12-1985</TGL_LHR><JENIS_KLMIN>PEREMPUAN</JENIS_KLMIN><NO_RT>3</NO_RT></BIODATA>";

        var two = await MappingHarness.MapAsync(adapter, "keluarga", $"<?xml version=\"1.0\"?><RESPON><KODE>00</KODE><KELUARGA><NO_KK>3404071502100003</NO_KK><ANGGOTA>{Member}{Member}</ANGGOTA></KELUARGA></RESPON>", contentType: "application/xml");
        var one = await MappingHarness.MapAsync(adapter, "keluarga", $"<RESPON><KODE>00</KODE><KELUARGA><NO_KK>3404071502100003</NO_KK><ANGGOTA>{Member}</ANGGOTA></KELUARGA></RESPON>", contentType: "text/xml");
        var notFound = await MappingHarness.MapAsync(adapter, "keluarga", "<RESPON><KODE>11</KODE><PESAN>DATA TIDAK DITEMUKAN</PESAN></RESPON>", contentType: "application/xml");
        var malformed = await MappingHarness.MapAsync(adapter, "keluarga", "<RESPON><KODE>00</KODE><KELUARGA>", contentType: "application/xml");
        var json = await MappingHarness.MapAsync(adapter, "keluarga", "{}");

        Assert.Equal(
            """{"anggota":[{"alamat":{"rt":3},"jenisKelamin":"P","nik":"3404074312850001","tanggalLahir":"1985-12-03"},{"alamat":{"rt":3},"jenisKelamin":"P","nik":"3404074312850001","tanggalLahir":"1985-12-03"}],"nomorKk":"3404071502100003"}""",
            two.Json.GetRawText());
        Assert.Equal(1, one.Json.GetProperty("anggota").GetArrayLength());
        Assert.Equal(ProblemTypes.ResourceNotFound, notFound.Problem.Type);
        Assert.DoesNotContain("DITEMUKAN", notFound.Problem.Detail, StringComparison.Ordinal);
        Assert.StartsWith("The agency application's XML is malformed or truncated", malformed.Problem.Detail, StringComparison.Ordinal);
        Assert.Equal("The agency application answered 'application/json; charset=utf-8' instead of XML.", json.Problem.Detail);
    }

    [Fact]
    public async Task MapResponse_CreatedWithLocation_FillsTemplateFromTheMappedIdentifier()
    {
        var adapter = MappingHarness.Build("""
            { "Operations": [ { "OperationId": "op", "Method": "POST", "Path": "/aduan", "Upstream": { "Path": "/up" },
              "Response": { "Status": 201, "Location": "/aduan/{nomorTiket}/riwayat", "Fields": { "nomorTiket": { "From": "tracking_id" } } } } ] }
            """);

        var created = await MappingHarness.MapAsync(adapter, "op", """{ "tracking_id": "LAPOR-2026/1" }""", 201);
        var without = await MappingHarness.MapAsync(adapter, "op", "{}", 201);

        Assert.Equal(201, created.Result.StatusCode);
        Assert.Equal("/aduan/LAPOR-2026%2F1/riwayat", created.Result.Location);
        Assert.Null(without.Result.Location);
    }

    [Fact]
    public async Task MapResponse_ConcurrentCallsOnOneInstance_AreIndependent()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            MappingHarness.MapAsync(Paged, "list", $$"""[ { "ID": {{i}} }, { "ID": {{i + 1}} } ]"""))));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal($$"""{"data":[{"id":{{i}}},{"id":{{i + 1}}}]}""", results[i].Json.GetRawText());
        }
    }

    [Fact]
    public async Task MapResponse_XmlWithDtd_IsRefused()
    {
        var adapter = MappingHarness.Fields("""{ "a": { "From": "A" } }""", extraAdapter: """ "UpstreamFormat": "Xml", """);

        var problem = (await MappingHarness.MapAsync(adapter, "op", "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r><A>&x;</A></r>", contentType: "application/xml")).Problem;

        Assert.Equal(ProblemTypes.UpstreamInvalidResponse, problem.Type);
    }
}
