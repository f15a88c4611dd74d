using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using NJsonSchema;
using Splp.Contracts.Loading;

namespace Splp.Contracts.Benchmarks;

/// <summary>
/// <c>ValidateResponse</c> of <c>pajak-daerah</c> <c>listObjekPajak</c> (a list without a page limit) on
/// valid bodies of about 1 KB, 100 KB and 5 MB, against two references in the same run: reading every
/// token with <see cref="Utf8JsonReader"/> and nothing else (the floor), and NJsonSchema's validator.
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private const string Item = """
        {"nop":"340407000100500120","jenisPajak":{"kode":"PBB_P2","nama":"Pajak Bumi dan Bangunan Perdesaan dan Perkotaan"},
        "wajibPajak":{"nama":"BUDI SANTOSO","nik":"3404071708850003"},
        "lokasi":{"alamat":"JL. KALIURANG KM 5 NO. 21","kecamatan":"DEPOK","desa":"CATURTUNGGAL"},
        "luasTanah":240,"luasBangunan":150,"njop":735000000,"aktif":true}
        """;

    private ContractOperation _operation = null!;
    private JsonSchema _schema = null!;
    private byte[] _body = [];
    private string _text = string.Empty;

    /// <summary>The approximate body size in KB.</summary>
    [Params(1, 100, 5120)]
    public int SizeKb { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var registry = await ContractRegistry.LoadAsync(ContractRegistry.DefaultRoot, CancellationToken.None);
        registry.TryGet(new ContractId("pajak-daerah", 1), out var contract);
        contract!.TryGetOperation("listObjekPajak", out var operation);
        _operation = operation!;
        _schema = operation!.Definition.Responses["200"].ActualResponse.Content["application/json"].Schema;

        var itemBytes = Encoding.UTF8.GetByteCount(Item);
        var count = Math.Max(1, SizeKb * 1024 / itemBytes);
        _text = "{\"data\":[" + string.Join(',', Enumerable.Repeat(Item, count)) + "],\"paging\":{\"page\":1,\"pageSize\":"
            + count.ToString(CultureInfo.InvariantCulture) + ",\"totalItems\":" + count.ToString(CultureInfo.InvariantCulture) + ",\"totalPages\":1}}";
        _body = Encoding.UTF8.GetBytes(_text);
        if (_operation.ValidateResponse(200, _body).Count != 0 || _schema.Validate(_text).Count != 0)
        {
            throw new InvalidOperationException("The benchmark body must be valid.");
        }
    }

    /// <summary>The floor: every token read, nothing checked.</summary>
    [Benchmark(Baseline = true)]
    public int ReadTokensOnly()
    {
        var reader = new Utf8JsonReader(_body);
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    /// <summary>The compiled contract validator.</summary>
    [Benchmark]
    public int ValidateResponse() => _operation.ValidateResponse(200, _body).Count;

    /// <summary>NJsonSchema on the same schema and body (parses to a JToken tree first).</summary>
    [Benchmark]
    public int NJsonSchemaValidate() => _schema.Validate(_text).Count;
}
