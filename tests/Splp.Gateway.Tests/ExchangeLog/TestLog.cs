using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Splp.ExchangeLog;

namespace Splp.Gateway.Tests.ExchangeLog;

/// <summary>A real log written by <see cref="ChainWriter"/> in a temporary directory, and ways to tamper with it.</summary>
internal sealed partial class TestLog : IDisposable
{
    public const string Instance = "gw-test";

    public TestLog(int records = 60, int checkpointEvery = 10, long maxFileBytes = 4096, DateTimeOffset? start = null, TimeSpan? step = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("splp-xlog-").FullName;
        KeyPath = Path.Combine(Directory, "..", Path.GetFileName(Directory) + "-key.pem");
        PublicKeyPath = KeyPath + ".pub";
        Key = LogSigningKey.LoadOrCreate(KeyPath);
        File.WriteAllText(PublicKeyPath, LogSigningKey.ExportPublicPem(Key));
        var time = start ?? new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        using var writer = Writer(maxFileBytes);
        writer.Open();
        for (var i = 1; i <= records; i++)
        {
            writer.Append(LogFormat.ExchangeType, time, Encoding.UTF8.GetBytes($"\"n\":{i},\"service\":\"kependudukan\",\"status\":200"));
            time += step ?? TimeSpan.FromSeconds(1);
            if (i % checkpointEvery == 0)
            {
                writer.Checkpoint("records", time);
            }
        }

        writer.Checkpoint("shutdown", time);
    }

    public string Directory { get; }

    public string KeyPath { get; }

    public string PublicKeyPath { get; }

    public ECDsa Key { get; }

    public ChainWriter Writer(long maxFileBytes = 4096) => new(
        new ChainWriterSettings { Directory = Directory, Instance = Instance, MaxFileBytes = maxFileBytes, TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta") },
        Key);

    public List<string> Files => LogFormat.FilesByInstance(Directory)[Instance];

    public List<string> Lines(int file) => [.. File.ReadAllLines(Files[file])];

    public void Write(int file, List<string> lines) => File.WriteAllText(Files[file], string.Concat(lines.Select(l => l + "\n")));

    public static long Seq(string line) => long.Parse(SeqPattern().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsCheckpoint(string line) => line.Contains("\"type\":\"checkpoint\"", StringComparison.Ordinal);

    /// <summary>
    /// What an attacker without the key can do: recompute every link and hash from line <paramref name="fromLine"/> of
    /// <paramref name="file"/> onward; checkpoints keep their signatures unless <paramref name="resignWith"/> is given.
    /// </summary>
    public void Rechain(int file, int fromLine, ECDsa? resignWith = null)
    {
        var previous = Digest.Genesis;
        for (var f = 0; f < Files.Count; f++)
        {
            var lines = Lines(f);
            for (var i = 0; i < lines.Count; i++)
            {
                if (f > file || (f == file && i >= fromLine))
                {
                    var line = PrevPattern().Replace(lines[i], $"\"prev\":\"{previous}\"", 1);
                    if (IsCheckpoint(line) && resignWith is not null)
                    {
                        var sealedSeq = Seq(line) - 1;
                        line = SealedHashPattern().Replace(line, $"\"sealedHash\":\"{previous}\"", 1);
                        line = SigPattern().Replace(line, $"\"sig\":\"{LogSigningKey.Sign(resignWith, Instance, sealedSeq, previous)}\"", 1);
                    }

                    var canonical = Encoding.UTF8.GetBytes(line[..^LogFormat.HashSuffixLength]);
                    var hash = LogFormat.ComputeHash(previous, canonical);
                    lines[i] = line[..^LogFormat.HashSuffixLength] + $",\"hash\":\"{hash}\"}}";
                }

                Assert.True(LogFormat.TrySplit(Encoding.UTF8.GetBytes(lines[i]), out _, out previous));
            }

            Write(f, lines);
        }
    }

    public void Dispose()
    {
        Key.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
        File.Delete(KeyPath);
        File.Delete(PublicKeyPath);
    }

    [GeneratedRegex("^\\{\"seq\":(\\d+),")]
    private static partial Regex SeqPattern();

    [GeneratedRegex("\"prev\":\"[0-9a-f]{64}\"")]
    private static partial Regex PrevPattern();

    [GeneratedRegex("\"sealedHash\":\"[0-9a-f]{64}\"")]
    private static partial Regex SealedHashPattern();

    [GeneratedRegex("\"sig\":\"[^\"]*\"")]
    private static partial Regex SigPattern();
}
