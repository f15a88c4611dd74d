using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Splp.Adapters.Declarative;
using Splp.Adapters.Disdukcapil;
using Splp.SampleAgencies;

namespace Splp.Adapters.Benchmarks;

/// <summary>
/// <c>MapResponseAsync</c> of each sample adapter on upstream list bodies of about 1 KB, 100 KB and 5 MB, built by
/// repeating real items fetched from the sample apps. The three declarative adapters are loaded from
/// <c>adapters/mappings</c>; <see cref="KependudukanXmlAdapter"/> is the hand-written C# baseline.
/// </summary>
[MemoryDiagnoser]
public class AdapterBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(1024 * 1024);
    private IServiceAdapter _adapter = null!;
    private string _operationId = "";
    private string _contentType = "";
    private byte[] _body = [];

    /// <summary>The adapter (and its sample upstream).</summary>
    [Params("disdukcapil-xml", "dpmptsp-oss", "bapenda-simpada", "lapor-sp4n")]
    public string Adapter { get; set; } = "";

    /// <summary>The approximate upstream body size in KB.</summary>
    [Params(1, 100, 5120)]
    public int SizeKb { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var agency = Adapter switch
        {
            "disdukcapil-xml" => SampleAgency.Disdukcapil,
            "dpmptsp-oss" => SampleAgency.Dpmptsp,
            "bapenda-simpada" => SampleAgency.Bapenda,
            _ => SampleAgency.Lapor,
        };
        await using var host = await SampleAgencyHost.StartAsync(agency, "http://127.0.0.1:0");
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        var data = SampleDataSet.Default;
        var target = SizeKb * 1024;
        switch (agency)
        {
            case SampleAgency.Disdukcapil:
                _adapter = new KependudukanXmlAdapter();
                _operationId = KependudukanXmlAdapter.GetKeluarga;
                _contentType = "application/xml; charset=utf-8";
                var xml = await client.GetStringAsync("/ws/keluarga?NO_KK=" + data.Families[0].NoKk);
                var start = xml.IndexOf("<BIODATA>", StringComparison.Ordinal);
                var end = xml.IndexOf("</BIODATA>", start, StringComparison.Ordinal) + "</BIODATA>".Length;
                var member = xml[start..end];
                var close = xml.IndexOf("</ANGGOTA>", StringComparison.Ordinal);
                var prefix = xml[..xml.IndexOf("<BIODATA>", StringComparison.Ordinal)];
                _body = Encoding.UTF8.GetBytes(prefix + Repeat(member, target - xml.Length, "") + xml[close..]);
                break;
            case SampleAgency.Dpmptsp:
                _operationId = "listPermohonan";
                var envelope = JsonNode.Parse(await client.GetStringAsync("/api/v1/permohonan?per_page=1"))!;
                var permit = envelope["data"]!["items"]![0]!.ToJsonString();
                var permits = Repeat(permit, target, ",");
                var count = Count(permit, target, ",");
                _body = Encoding.UTF8.GetBytes($$"""{"status":"success","data":{"items":[{{permits}}],"page":1,"per_page":{{count}},"total":{{count}}},"message":"OK"}""");
                break;
            case SampleAgency.Bapenda:
                _operationId = "listObjekPajak";
                var taxObject = JsonNode.Parse(await client.GetStringAsync("/objek-pajak/" + data.TaxObjects[0].Nop))!.ToJsonString();
                _body = Encoding.UTF8.GetBytes("[" + Repeat(taxObject, target, ",") + "]");
                break;
            default:
                _operationId = "listAduan";
                var complaint = JsonNode.Parse(await client.GetStringAsync("/api/complaints/" + data.Complaints[0].TrackingId))!.ToJsonString();
                _body = Encoding.UTF8.GetBytes("{\"results\":[" + Repeat(complaint, target, ",")
                    + "],\"pagination\":{\"page\":1,\"limit\":50,\"total_items\":1000,\"total_pages\":20}}");
                break;
        }

        if (agency != SampleAgency.Disdukcapil)
        {
            _contentType = "application/json; charset=utf-8";
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "mappings", Adapter + ".json"))
                .Build();
            var errors = new List<string>();
            _adapter = DeclarativeAdapterFactory.TryBuildAll(configuration, errors).Single();
        }

        var result = await MapAsync();
        if (result.Problem is not null)
        {
            throw new InvalidOperationException($"{Adapter} cannot map its benchmark body: {result.Problem.Detail}");
        }

        using var mapped = JsonDocument.Parse(_output.WrittenMemory);
    }

    /// <summary>One upstream body mapped into the contract body.</summary>
    [Benchmark]
    public ValueTask<ResponseMapping> MapAsync()
    {
        _output.ResetWrittenCount();
        return _adapter.MapResponseAsync(
            new UpstreamResponse(_operationId, 200, _contentType, new MemoryStream(_body, writable: false)),
            _output,
            CancellationToken.None);
    }

    private static string Repeat(string item, int targetBytes, string separator) =>
        string.Join(separator, Enumerable.Repeat(item, Count(item, targetBytes, separator)));

    private static int Count(string item, int targetBytes, string separator) =>
        Math.Max(1, targetBytes / (Encoding.UTF8.GetByteCount(item) + separator.Length));
}
