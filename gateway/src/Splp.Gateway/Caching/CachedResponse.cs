using System.Text;
using Microsoft.Extensions.Primitives;

namespace Splp.Gateway.Caching;

/// <summary>A stored response as the consumer got it (after the adapter): status, end-to-end headers, body.</summary>
internal sealed class CachedResponse
{
    private const byte FormatVersion = 1;

    public CachedResponse(int status, KeyValuePair<string, StringValues>[] headers, byte[] body, DateTimeOffset storedAt, DateTimeOffset expiresAt, DateTimeOffset staleUntil)
    {
        Status = status;
        Headers = headers;
        Body = body;
        StoredAt = storedAt;
        ExpiresAt = expiresAt;
        StaleUntil = staleUntil;
    }

    public int Status { get; }

    public KeyValuePair<string, StringValues>[] Headers { get; }

    public byte[] Body { get; }

    public DateTimeOffset StoredAt { get; }

    public DateTimeOffset ExpiresAt { get; }

    /// <summary>Until when it may be served stale when the upstream fails (equals <see cref="ExpiresAt"/> when not opted in).</summary>
    public DateTimeOffset StaleUntil { get; }

    public bool IsFresh(DateTimeOffset now) => now < ExpiresAt;

    public bool IsUsableStale(DateTimeOffset now) => now < StaleUntil;

    /// <summary>Approximate memory held.</summary>
    public long Size => Body.Length + 256;

    public byte[] Serialize()
    {
        using var stream = new MemoryStream(Body.Length + 256);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(Status);
            writer.Write(StoredAt.UtcTicks);
            writer.Write(ExpiresAt.UtcTicks);
            writer.Write(StaleUntil.UtcTicks);
            writer.Write(Headers.Length);
            foreach (var (name, values) in Headers)
            {
                writer.Write(name);
                writer.Write(values.Count);
                foreach (var value in values)
                {
                    writer.Write(value ?? "");
                }
            }

            writer.Write(Body.Length);
            writer.Write(Body);
        }

        return stream.ToArray();
    }

    /// <summary>Reads an entry written by <see cref="Serialize"/>; null when the format is unknown (e.g. a newer replica wrote it).</summary>
    public static CachedResponse? Deserialize(byte[] data)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
            if (reader.ReadByte() != FormatVersion)
            {
                return null;
            }

            var status = reader.ReadInt32();
            var storedAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var expiresAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var staleUntil = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var headers = new KeyValuePair<string, StringValues>[reader.ReadInt32()];
            for (var i = 0; i < headers.Length; i++)
            {
                var name = reader.ReadString();
                var values = new string[reader.ReadInt32()];
                for (var j = 0; j < values.Length; j++)
                {
                    values[j] = reader.ReadString();
                }

                headers[i] = new(name, new StringValues(values));
            }

            var body = reader.ReadBytes(reader.ReadInt32());
            return new CachedResponse(status, headers, body, storedAt, expiresAt, staleUntil);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException)
        {
            return null;
        }
    }
}
