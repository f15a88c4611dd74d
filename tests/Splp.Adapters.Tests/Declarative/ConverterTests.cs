using Splp.Contracts.Problems;

namespace Splp.Adapters.Tests.Declarative;

public sealed class ConverterTests
{
    private static async Task<string> MapOneAsync(string field, string upstreamValue, string extraAdapter = "")
    {
        var adapter = MappingHarness.Fields($$"""{ "v": {{field}} }""", extraAdapter: extraAdapter);
        var mapped = await MappingHarness.MapAsync(adapter, "op", $$"""{ "src": {{upstreamValue}} }""");
        return mapped.Json.GetProperty("v").GetRawText();
    }

    private static async Task<AdapterProblem> RefuseOneAsync(string field, string upstreamValue)
    {
        var adapter = MappingHarness.Fields($$"""{ "v": {{field}} }""");
        return (await MappingHarness.MapAsync(adapter, "op", $$"""{ "src": {{upstreamValue}} }""")).Problem;
    }

    [Theory]
    [InlineData("\"2026-03-02 09:15:00\"", "yyyy-MM-dd HH:mm:ss", "\"2026-03-02T09:15:00+07:00\"")]
    [InlineData("\"02/03/2026 23:59\"", "dd/MM/yyyy HH:mm", "\"2026-03-02T23:59:00+07:00\"")]
    [InlineData("1772417700", "unix", "\"2026-03-02T09:15:00+07:00\"")]
    [InlineData("\"1772417700\"", "unix", "\"2026-03-02T09:15:00+07:00\"")]
    public async Task DateTime_UpstreamFormatInJakarta_WritesIso8601WithWibOffset(string upstream, string format, string expected)
    {
        Assert.Equal(expected, await MapOneAsync($$"""{ "From": "src", "Converter": "datetime", "Format": "{{format}}" }""", upstream));
    }

    [Theory]
    [InlineData("Asia/Makassar", "\"2026-03-02T09:15:00+08:00\"")]
    [InlineData("+09:00", "\"2026-03-02T09:15:00+09:00\"")]
    public async Task DateTime_OtherTimeZone_WritesThatOffset(string zone, string expected)
    {
        Assert.Equal(expected, await MapOneAsync($$"""{ "From": "src", "Converter": "datetime", "Format": "yyyy-MM-dd HH:mm:ss", "TimeZone": "{{zone}}" }""", "\"2026-03-02 09:15:00\""));
    }

    [Fact]
    public async Task DateTime_UnixInMakassar_ConvertsTheInstant()
    {
        Assert.Equal("\"2026-03-02T10:15:00+08:00\"", await MapOneAsync("""{ "From": "src", "Converter": "datetime", "Format": "unix" }""", "1772417700", """ "TimeZone": "Asia/Makassar", """));
    }

    [Theory]
    [InlineData("\"2026-02-30 10:00:00\"")]
    [InlineData("\"2026-03-02 24:00:00\"")]
    [InlineData("\"2026-03-02 09:15\"")]
    [InlineData("\"2026-03-02T09:15:00\"")]
    [InlineData("\"2026-3-2 9:15:00\"")]
    [InlineData("\"\"")]
    public async Task DateTime_NotInTheUpstreamFormat_IsInvalidUpstreamResponse(string upstream)
    {
        var problem = await RefuseOneAsync("""{ "From": "src", "Converter": "datetime", "Format": "yyyy-MM-dd HH:mm:ss" }""", upstream);

        Assert.Equal("The agency application's response cannot be mapped: field 'v' (upstream 'src') is not a date-time in the format 'yyyy-MM-dd HH:mm:ss'.", problem.Detail);
    }

    [Theory]
    [InlineData("\"2026-01-15 09:15:00\"", "\"2026-01-15T09:15:00+01:00\"")]
    [InlineData("\"2026-07-15 09:15:00\"", "\"2026-07-15T09:15:00+02:00\"")]
    public async Task DateTime_ZoneWithDaylightSaving_UsesTheOffsetOfThatDate(string upstream, string expected)
    {
        Assert.Equal(expected, await MapOneAsync("""{ "From": "src", "Converter": "datetime", "Format": "yyyy-MM-dd HH:mm:ss", "TimeZone": "Europe/Amsterdam" }""", upstream));
    }

    [Fact]
    public async Task DateTime_FormatWithQuotedLiteral_UsesGeneralParser()
    {
        Assert.Equal("\"2026-03-02T09:15:00+07:00\"", await MapOneAsync("""{ "From": "src", "Converter": "datetime", "Format": "dd MMM yyyy 'pukul' HH.mm" }""", "\"02 Mar 2026 pukul 09.15\""));
    }

    [Theory]
    [InlineData("\"20260302\"", "yyyyMMdd", "\"2026-03-02\"")]
    [InlineData("20260302", "yyyyMMdd", "\"2026-03-02\"")]
    [InlineData("\"02-03-2026\"", "dd-MM-yyyy", "\"2026-03-02\"")]
    [InlineData("\"2026-03-02\"", "yyyy-MM-dd", "\"2026-03-02\"")]
    public async Task Date_UpstreamFormat_WritesIsoDate(string upstream, string format, string expected)
    {
        Assert.Equal(expected, await MapOneAsync($$"""{ "From": "src", "Converter": "date", "Format": "{{format}}" }""", upstream));
    }

    [Theory]
    [InlineData("\"2026-13-02\"")]
    [InlineData("\"2026-03-02T09:15:00\"")]
    [InlineData("\"02/03/2026\"")]
    [InlineData("true")]
    [InlineData("{}")]
    public async Task Date_UnexpectedFormat_IsInvalidUpstreamResponseNamingTheField(string upstream)
    {
        var problem = await RefuseOneAsync("""{ "From": "src", "Converter": "date" }""", upstream);

        Assert.Equal(502, problem.Status);
        Assert.Equal(ProblemTypes.UpstreamInvalidResponse, problem.Type);
        Assert.Equal("The agency application's response cannot be mapped: field 'v' (upstream 'src') is not a date in the format 'yyyy-MM-dd'.", problem.Detail);
    }

    [Theory]
    [InlineData("42", "42")]
    [InlineData("\"42\"", "42")]
    [InlineData("-7", "-7")]
    [InlineData("\"9007199254740993\"", "9007199254740993")]
    public async Task Integer_NumberOrDigits_WritesInteger(string upstream, string expected)
    {
        Assert.Equal(expected, await MapOneAsync("""{ "From": "src", "Converter": "integer" }""", upstream));
    }

    [Theory]
    [InlineData("4.5")]
    [InlineData("\"4.5\"")]
    [InlineData("\"12a\"")]
    [InlineData("\"\"")]
    [InlineData("true")]
    [InlineData("[1]")]
    public async Task Integer_NotAWholeNumber_IsInvalidUpstreamResponse(string upstream)
    {
        var problem = await RefuseOneAsync("""{ "From": "src", "Converter": "integer" }""", upstream);

        Assert.Equal(502, problem.Status);
        Assert.Contains("field 'v' (upstream 'src') is not an integer", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-7.7552", "-7.7552")]
    [InlineData("\"110.3895\"", "110.3895")]
    [InlineData("1e2", "1e2")]
    public async Task Number_NumberOrNumericString_WritesNumber(string upstream, string expected)
    {
        Assert.Equal(expected, await MapOneAsync("""{ "From": "src", "Converter": "number" }""", upstream));
    }

    [Theory]
    [InlineData("1", "true")]
    [InlineData("0", "false")]
    [InlineData("\"1\"", "true")]
    [InlineData("\"Y\"", "true")]
    [InlineData("\"N\"", "false")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    public async Task Boolean_DefaultValues_WritesBoolean(string upstream, string expected)
    {
        Assert.Equal(expected, await MapOneAsync("""{ "From": "src", "Converter": "boolean" }""", upstream));
    }

    [Theory]
    [InlineData("\"AKTIF\"", "true")]
    [InlineData("\"NONAKTIF\"", "false")]
    public async Task Boolean_CustomValues_WritesBoolean(string upstream, string expected)
    {
        Assert.Equal(expected, await MapOneAsync("""{ "From": "src", "Converter": "boolean", "TrueValues": [ "AKTIF" ], "FalseValues": [ "NONAKTIF" ] }""", upstream));
    }

    [Fact]
    public async Task Boolean_UnknownValue_IsInvalidUpstreamResponse()
    {
        var problem = await RefuseOneAsync("""{ "From": "src", "Converter": "boolean" }""", "\"MUNGKIN\"");

        Assert.Contains("field 'v' (upstream 'src') is not one of the configured true or false values", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", "\"PBB_P2\"")]
    [InlineData("\"7\"", "\"PAJAK_PARKIR\"")]
    public async Task Code_KnownCodeNumberOrString_WritesContractCode(string upstream, string expected)
    {
        Assert.Equal(expected, await MapOneAsync("""{ "From": "src", "Codes": { "1": "PBB_P2", "7": "PAJAK_PARKIR" } }""", upstream));
    }

    [Fact]
    public async Task Code_NamedList_WritesContractCode()
    {
        Assert.Equal("\"INFRASTRUKTUR\"", await MapOneAsync("""{ "From": "src", "CodeList": "k" }""", "\"INFRA\"", """ "CodeLists": { "k": { "INFRA": "INFRASTRUKTUR" } }, """));
    }

    [Fact]
    public async Task Code_UnknownCode_IsInvalidUpstreamResponseWithoutEchoingIt()
    {
        var problem = await RefuseOneAsync("""{ "From": "src", "Codes": { "1": "PBB_P2" } }""", "\"9-SECRET\"");

        Assert.Equal(ProblemTypes.UpstreamInvalidResponse, problem.Type);
        Assert.Equal("The agency application's response cannot be mapped: field 'v' (upstream 'src') carries a code the mapping does not know.", problem.Detail);
    }

    [Theory]
    [InlineData("""{ "Constant": "DPUPKP" }""", "\"DPUPKP\"")]
    [InlineData("""{ "Constant": "5", "Converter": "integer" }""", "5")]
    [InlineData("""{ "Constant": "true" }""", "true")]
    [InlineData("""{ "Constant": "20260302", "Converter": "date", "Format": "yyyyMMdd" }""", "\"2026-03-02\"")]
    public async Task Constant_WritesConvertedValueWithoutReadingTheSource(string field, string expected)
    {
        Assert.Equal(expected, await MapOneAsync(field, "\"ignored\""));
    }

    [Fact]
    public async Task Default_SourceMissingOrNull_WritesDefault()
    {
        var adapter = MappingHarness.Fields("""{ "v": { "From": "src", "Default": "0", "Converter": "integer" } }""");

        Assert.Equal(0, (await MappingHarness.MapAsync(adapter, "op", "{}")).Json.GetProperty("v").GetInt32());
        Assert.Equal(0, (await MappingHarness.MapAsync(adapter, "op", """{ "src": null }""")).Json.GetProperty("v").GetInt32());
        Assert.Equal(3, (await MappingHarness.MapAsync(adapter, "op", """{ "src": "3" }""")).Json.GetProperty("v").GetInt32());
    }

    [Fact]
    public async Task Missing_OptionalNullableRequired_OmitsWritesNullOrRefuses()
    {
        var adapter = MappingHarness.Fields("""{ "o": { "From": "a" }, "n": { "From": "b", "Nullable": true } }""");
        var required = MappingHarness.Fields("""{ "r": { "From": "data_x", "Required": true } }""");

        var mapped = (await MappingHarness.MapAsync(adapter, "op", "{}")).Json;
        var problem = (await MappingHarness.MapAsync(required, "op", """{ "data_x": null }""")).Problem;

        Assert.False(mapped.TryGetProperty("o", out _));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, mapped.GetProperty("n").ValueKind);
        Assert.Equal(502, problem.Status);
        Assert.Equal("The agency application's response cannot be mapped: field 'r' (upstream 'data_x') is missing.", problem.Detail);
    }

    [Fact]
    public async Task NestAndFlatten_DotPathsBothSides_Restructure()
    {
        var adapter = MappingHarness.Fields("""
            { "pemohon.nik": { "From": "nik_pemohon" }, "pemohon.nama": { "From": "nama_pemohon" }, "kota": { "From": "alamat.kota.nama" } }
            """);

        var json = (await MappingHarness.MapAsync(adapter, "op", """{ "nik_pemohon": "3404", "nama_pemohon": "Siti", "alamat": { "kota": { "nama": "Sleman" } }, "secret": 1 }""")).Json;

        Assert.Equal("""{"kota":"Sleman","pemohon":{"nama":"Siti","nik":"3404"}}""", json.GetRawText());
    }

    [Fact]
    public async Task NullableObject_NoChildHasValue_WritesNull()
    {
        var adapter = MappingHarness.Fields("""{ "pelapor": { "Nullable": true }, "pelapor.nik": { "From": "reporter_nik" } }""");

        var anonymous = (await MappingHarness.MapAsync(adapter, "op", """{ "reporter_nik": null }""")).Json;
        var named = (await MappingHarness.MapAsync(adapter, "op", """{ "reporter_nik": "3404" }""")).Json;

        Assert.Equal("""{"pelapor":null}""", anonymous.GetRawText());
        Assert.Equal("""{"pelapor":{"nik":"3404"}}""", named.GetRawText());
    }

    [Fact]
    public async Task String_NumberSource_WritesText()
    {
        Assert.Equal("\"3404\"", await MapOneAsync("""{ "From": "src", "Converter": "string" }""", "3404"));
        Assert.Contains("is not a string", (await RefuseOneAsync("""{ "From": "src", "Converter": "string" }""", "{}")).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_EscapedString_KeepsValue()
    {
        Assert.Equal("\"Jl. \\\"Kaliurang\\\" km 5\"", await MapOneAsync("""{ "From": "src" }""", "\"Jl. \\\"Kaliurang\\\" km 5\""));
    }
}
