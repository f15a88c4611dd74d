using System.Buffers;
using System.Text.Json;
using Splp.Gateway.ExchangeLog;

namespace Splp.ExchangeLog.Benchmarks;

/// <summary>Writes a realistic exchange log (gateway records, a checkpoint every 10 000) for verify-log measurements.</summary>
internal static class LogGenerator
{
    private static readonly string[] Consumers = ["portal-warga", "dinsos", "disdik", "bpkad", "dinkes"];

    public static int Generate(string directory, long count, string keyPath)
    {
        using var key = LogSigningKey.LoadOrCreate(keyPath);
        using var writer = new ChainWriter(new ChainWriterSettings { Directory = directory, Instance = "bench", MaxFileBytes = 64L * 1024 * 1024 }, key);
        writer.Open();
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(buffer);
        var time = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(7));
        for (var i = 1L; i <= count; i++)
        {
            var record = SampleRecord(time, i);
            writer.Append(LogFormat.ExchangeType, record.Time, record.Serialize(buffer, json));
            if (i % 10_000 == 0)
            {
                writer.Checkpoint("records", record.Time);
            }

            time = time.AddMilliseconds(20);
        }

        writer.Checkpoint(ChainWriter.ShutdownReason, time);
        return 0;
    }

    public static ExchangeRecord SampleRecord(DateTimeOffset time, long i) => new()
    {
        Time = time,
        Instance = "bench",
        Consumer = Consumers[i % Consumers.Length],
        Organisation = "kab-sleman",
        Service = "kependudukan",
        Operation = "getPenduduk",
        Method = "GET",
        Status = 200,
        LatencyMs = 3.217 + (i % 50),
        TraceId = i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture),
        RequestSha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ResponseBytes = 412,
        ResponseSha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        PersonalData = ["/nik", "/nomorKk", "/namaLengkap", "/tempatLahir", "/tanggalLahir", "/alamat"],
        Subjects = [new ExchangeSubject("340407**********", "5d41402abc4b2a76b9719d911017c592aa4f7e0b2f8e8b4a2f5d5c1b9e3a7c11")],
    };
}
