using System.Buffers;
using System.Text.Json;
using System.Xml;

namespace Splp.Adapters.Declarative;

/// <summary>A whole body read into a pooled buffer; return it with <see cref="Dispose"/>.</summary>
internal sealed class PooledBody : IDisposable
{
    private byte[]? _buffer;

    private PooledBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>
    /// Reads <paramref name="stream"/> to its end. <see cref="UpstreamBodyTooLargeException"/> from a
    /// <see cref="LengthLimitedStream"/> propagates; <paramref name="limit"/> adds a limit of its own.
    /// </summary>
    public static async ValueTask<PooledBody> ReadAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= limit)
                    {
                        throw new BodyTooLargeException(limit);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    throw new BodyTooLargeException(limit);
                }
            }

            return new PooledBody(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>A body over an adapter's own limit (request bodies).</summary>
internal sealed class BodyTooLargeException(int limit) : Exception($"The body exceeds {limit} bytes.")
{
    public int Limit { get; } = limit;
}

/// <summary>
/// Turns an XML body into JSON the field maps can read by element path: the root element's content becomes the
/// document; an element with children becomes an object, one with text only a string, repeated siblings an array,
/// attributes <c>@name</c> properties. DTDs and external entities are refused.
/// </summary>
internal static class XmlToJson
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        MaxCharactersInDocument = 0,
    };

    public static JsonDocument Parse(ReadOnlyMemory<byte> xml)
    {
        System.Xml.Linq.XElement root;
        using (var stream = new MemoryStream(xml.ToArray(), writable: false))
        using (var reader = XmlReader.Create(stream, Settings))
        {
            root = System.Xml.Linq.XElement.Load(reader);
        }

        var buffer = new ArrayBufferWriter<byte>(xml.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteContent(root, writer);
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    private static void WriteContent(System.Xml.Linq.XElement element, Utf8JsonWriter writer)
    {
        if (!element.HasElements && !element.HasAttributes)
        {
            writer.WriteStringValue(element.Value.Trim());
            return;
        }

        writer.WriteStartObject();
        foreach (var attribute in element.Attributes())
        {
            writer.WriteString("@" + attribute.Name.LocalName, attribute.Value);
        }

        foreach (var group in element.Elements().GroupBy(e => e.Name.LocalName, StringComparer.Ordinal))
        {
            writer.WritePropertyName(group.Key);
            if (group.Skip(1).Any())
            {
                writer.WriteStartArray();
                foreach (var child in group)
                {
                    WriteContent(child, writer);
                }

                writer.WriteEndArray();
            }
            else
            {
                WriteContent(group.First(), writer);
            }
        }

        writer.WriteEndObject();
    }
}
