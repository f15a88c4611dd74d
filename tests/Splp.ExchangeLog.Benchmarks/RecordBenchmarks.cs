using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Splp.Gateway.ExchangeLog;

namespace Splp.ExchangeLog.Benchmarks;

/// <summary>
/// The per-request work of the exchange log off the request path: serializing one record, then chaining it
/// (SHA-256 over prev ‖ canonical bytes) and writing the line to a file (no fsync; that is per interval, not per record).
/// </summary>
[MemoryDiagnoser]
public class RecordBenchmarks : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _json;
    private readonly ExchangeRecord _record = LogGenerator.SampleRecord(DateTimeOffset.UnixEpoch, 1);
    private readonly string _directory = Directory.CreateTempSubdirectory("splp-xlog-bench-").FullName;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ChainWriter _writer;
    private Digest _prev;

    public RecordBenchmarks()
    {
        _json = new Utf8JsonWriter(_buffer);
        _writer = new ChainWriter(new ChainWriterSettings { Directory = _directory, Instance = "bench", MaxFileBytes = 1L << 32 }, _key);
        _writer.Open();
    }

    [Benchmark(Baseline = true)]
    public int Serialize() => _record.Serialize(_buffer, _json).Length;

    [Benchmark]
    public Digest SerializeAndHash() => _prev = LogFormat.ComputeHash(_prev, _record.Serialize(_buffer, _json));

    [Benchmark]
    public long SerializeHashAndAppend() => _writer.Append(LogFormat.ExchangeType, DateTimeOffset.UnixEpoch, _record.Serialize(_buffer, _json));

    public void Dispose()
    {
        _writer.Dispose();
        _key.Dispose();
        _json.Dispose();
        Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
