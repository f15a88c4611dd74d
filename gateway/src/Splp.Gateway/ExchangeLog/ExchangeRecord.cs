using System.Buffers;
using System.Text.Json;

namespace Splp.Gateway.ExchangeLog;

/// <summary>
/// One exchange as the log keeps it. Only bounded, non-identifying values: names from the catalog and contracts,
/// consumer ids from verified tokens, masked NIKs and their keyed hashes; never paths, bodies or tokens.
/// </summary>
internal sealed class ExchangeRecord
{
    public required DateTimeOffset Time { get; init; }

    public required string Instance { get; init; }

    public string? Consumer { get; init; }

    public string? Organisation { get; init; }

    public required string Service { get; init; }

    public string? Operation { get; init; }

    public required string Method { get; init; }

    public int Status { get; init; }

    public double LatencyMs { get; init; }

    public string? TraceId { get; init; }

    public string? Problem { get; init; }

    public long RequestBytes { get; init; }

    public required string RequestSha256 { get; init; }

    public bool RequestPartial { get; init; }

    public long ResponseBytes { get; init; }

    public required string ResponseSha256 { get; init; }

    public bool Aborted { get; init; }

    public IReadOnlyList<string> PersonalData { get; init; } = [];

    public IReadOnlyList<ExchangeSubject> Subjects { get; init; } = [];

    public bool SubjectsTruncated { get; init; }

    /// <summary>When the gateway withheld the agency app's answer: the app's status code (absent otherwise).</summary>
    public int? UpstreamStatus { get; init; }

    /// <summary>When withheld: the app's Content-Type, if it sent one.</summary>
    public string? UpstreamMediaType { get; init; }

    /// <summary>When withheld: the app's body size, when it was known.</summary>
    public long? UpstreamBytes { get; init; }

    /// <summary>Writes the record's members (after the chain's <c>seq</c>, <c>prev</c>, <c>type</c>, <c>time</c>) as a JSON object.</summary>
    public void WriteTo(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("instance", Instance);
        WriteOptional(json, "consumer", Consumer);
        WriteOptional(json, "org", Organisation);
        json.WriteString("service", Service);
        WriteOptional(json, "operation", Operation);
        json.WriteString("method", Method);
        json.WriteNumber("status", Status);
        json.WriteNumber("latencyMs", Math.Round(LatencyMs, 3));
        WriteOptional(json, "traceId", TraceId);
        WriteOptional(json, "problem", Problem);
        json.WriteNumber("reqBytes", RequestBytes);
        json.WriteString("reqSha256", RequestSha256);
        if (RequestPartial)
        {
            json.WriteBoolean("reqPartial", true);
        }

        json.WriteNumber("respBytes", ResponseBytes);
        json.WriteString("respSha256", ResponseSha256);
        if (Aborted)
        {
            json.WriteBoolean("aborted", true);
        }

        json.WriteStartArray("personalData");
        foreach (var pointer in PersonalData)
        {
            json.WriteStringValue(pointer);
        }

        json.WriteEndArray();
        json.WriteStartArray("subjects");
        foreach (var subject in Subjects)
        {
            json.WriteStartObject();
            json.WriteString("nik", subject.Masked);
            json.WriteString("key", subject.Key);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (SubjectsTruncated)
        {
            json.WriteBoolean("subjectsTruncated", true);
        }

        if (UpstreamStatus is { } upstreamStatus)
        {
            json.WriteStartObject("upstream");
            json.WriteNumber("status", upstreamStatus);
            WriteOptional(json, "type", UpstreamMediaType);
            if (UpstreamBytes is { } upstreamBytes)
            {
                json.WriteNumber("bytes", upstreamBytes);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>The members as the chain writer takes them: the JSON object without its braces.</summary>
    public ReadOnlySpan<byte> Serialize(ArrayBufferWriter<byte> buffer, Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(json);
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        WriteTo(json);
        json.Flush();
        return buffer.WrittenSpan[1..^1];
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
