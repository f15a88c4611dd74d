using System.Globalization;
using System.Text;
using System.Text.Json;
using Splp.ExchangeLog;

namespace Splp.Gateway.ExchangeLog;

/// <summary>A query of the log: records of one data subject and/or one service in a time range, newest first.</summary>
/// <param name="SubjectKey">The keyed hash of the NIK, or null.</param>
/// <param name="Service">The service, or null.</param>
/// <param name="From">Inclusive start.</param>
/// <param name="To">Inclusive end.</param>
/// <param name="Limit">Page size.</param>
/// <param name="Before">Only records strictly older than this position (the previous page's cursor).</param>
internal sealed record ExchangeQuery(string? SubjectKey, string? Service, DateTimeOffset From, DateTimeOffset To, int Limit, QueryCursor? Before);

/// <summary>A position in newest-first order: time, then instance, then sequence.</summary>
internal sealed record QueryCursor(DateTimeOffset Time, string Instance, long Seq) : IComparable<QueryCursor>
{
    public int CompareTo(QueryCursor? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byTime = Time.CompareTo(other.Time);
        if (byTime != 0)
        {
            return byTime;
        }

        var byInstance = string.CompareOrdinal(Instance, other.Instance);
        return byInstance != 0 ? byInstance : Seq.CompareTo(other.Seq);
    }

    public string Encode() => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Time.UtcTicks}:{Instance}:{Seq}")));

    public static QueryCursor? TryDecode(string text)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(text)).Split(':');
            return parts.Length == 3
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks is >= 0 and <= 3155378975999999999
                && LogFormat.InstancePattern().IsMatch(parts[1])
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                ? new QueryCursor(new DateTimeOffset(ticks, TimeSpan.Zero), parts[1], seq)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>Reads the log directory to answer <see cref="ExchangeQuery"/>s (the records are already masked).</summary>
internal sealed class ExchangeLogQuery(ExchangeLogWriter writer, Microsoft.Extensions.Options.IOptions<ExchangeLogOptions> options)
{
    /// <summary>The most matching records one query reads before it asks for a narrower range.</summary>
    public const int MaxScannedMatches = 20_000;

    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>The matching records (raw JSON lines), newest first, at most <c>Limit</c>, and whether more remain.</summary>
    public (List<(QueryCursor Position, byte[] Line)> Items, bool More, bool Truncated) Run(ExchangeQuery query)
    {
        var matches = new List<(QueryCursor, byte[])>();
        var fromDay = LocalDay(query.From);
        var toDay = LocalDay(query.To);
        var needles = new List<byte[]>();
        if (query.SubjectKey is not null)
        {
            needles.Add(Encoding.UTF8.GetBytes($"\"key\":\"{query.SubjectKey}\""));
        }

        if (query.Service is not null)
        {
            needles.Add(Encoding.UTF8.GetBytes($"\"service\":\"{query.Service}\""));
        }

        var truncated = false;
        foreach (var (_, files) in LogFormat.FilesByInstance(writer.Directory))
        {
            for (var i = 0; i < files.Count && !truncated; i++)
            {
                // A file holds the records of its day until the next file starts.
                if (!LogFormat.TryParseFileName(Path.GetFileName(files[i]), out _, out var day, out _) || day > toDay || (i + 1 < files.Count && LogFormat.TryParseFileName(Path.GetFileName(files[i + 1]), out _, out var nextDay, out _) && nextDay < fromDay))
                {
                    continue;
                }

                truncated = !Scan(files[i], needles, query, matches);
            }
        }

        matches.Sort((a, b) => b.Item1.CompareTo(a.Item1));
        var page = matches.Take(query.Limit + 1).ToList();
        var more = page.Count > query.Limit;
        if (more)
        {
            page.RemoveAt(page.Count - 1);
        }

        return (page, more, truncated);
    }

    private static bool Scan(string path, List<byte[]> needles, ExchangeQuery query, List<(QueryCursor, byte[])> matches)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        var content = new byte[stream.Length];
        stream.ReadExactly(content);
        var span = content.AsSpan();
        while (!span.IsEmpty)
        {
            var newline = span.IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            var line = span[..newline];
            span = span[(newline + 1)..];
            var all = true;
            foreach (var needle in needles)
            {
                if (line.IndexOf(needle) < 0)
                {
                    all = false;
                    break;
                }
            }

            if (!all || line.IndexOf("\"type\":\"exchange\""u8) < 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line.ToArray());
                var root = document.RootElement;
                var time = root.GetProperty("time").GetDateTimeOffset();
                if (time < query.From || time > query.To)
                {
                    continue;
                }

                var position = new QueryCursor(time, root.GetProperty("instance").GetString() ?? "", root.GetProperty("seq").GetInt64());
                if (query.Before is not null && position.CompareTo(query.Before) >= 0)
                {
                    continue;
                }

                matches.Add((position, line.ToArray()));
                if (matches.Count >= MaxScannedMatches)
                {
                    return false;
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                // A damaged line is the verifier's business; the query skips it.
            }
        }

        return true;
    }

    private DateOnly LocalDay(DateTimeOffset time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time, _zone).DateTime);
}
