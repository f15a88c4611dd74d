using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Splp.Adapters.Declarative;

/// <summary>A precompiled dot path (<c>data.items</c>, <c>location.lat</c>) resolved against a JSON element.</summary>
internal sealed class SourcePath
{
    private readonly byte[][] _segments;

    private SourcePath(string display, byte[][] segments)
    {
        Display = display;
        _segments = segments;
    }

    /// <summary>The path as configured, for messages.</summary>
    public string Display { get; }

    public static SourcePath Root { get; } = new("", []);

    /// <summary>Parses <paramref name="path"/>; returns null when a segment is empty.</summary>
    public static SourcePath? TryParse(string path)
    {
        if (path.Length == 0)
        {
            return Root;
        }

        var parts = path.Split('.');
        var segments = new byte[parts.Length][];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0)
            {
                return null;
            }

            segments[i] = Encoding.UTF8.GetBytes(parts[i]);
        }

        return new SourcePath(path, segments);
    }

    /// <summary>Finds the value at this path; false when a segment is missing or crosses a non-object.</summary>
    public bool TryResolve(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var segment in _segments)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(segment, out value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Finds a non-null value at this path.</summary>
    public bool TryResolveValue(JsonElement root, out JsonElement value) =>
        TryResolve(root, out value) && value.ValueKind != JsonValueKind.Null;
}

/// <summary>Reads scalars as UTF-8 text without allocating in the common (unescaped) case.</summary>
internal static class JsonValues
{
    /// <summary>The text of a string (unescaped), number (as written) or boolean; false for objects, arrays and null.</summary>
    public static bool TryGetText(JsonElement element, out ReadOnlySpan<byte> text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(element);
                raw = raw[1..^1];
                text = raw.Contains((byte)'\\') ? Encoding.UTF8.GetBytes(element.GetString()!) : raw;
                return true;
            case JsonValueKind.Number:
                text = JsonMarshal.GetRawUtf8Value(element);
                return true;
            case JsonValueKind.True:
                text = "true"u8;
                return true;
            case JsonValueKind.False:
                text = "false"u8;
                return true;
            default:
                text = default;
                return false;
        }
    }

    /// <summary>Transcodes short UTF-8 text into <paramref name="chars"/>; false when it does not fit.</summary>
    public static bool TryGetChars(ReadOnlySpan<byte> text, Span<char> chars, out int written)
    {
        written = 0;
        return text.Length <= chars.Length && Encoding.UTF8.TryGetChars(text, chars, out written);
    }

    /// <summary>The text of a scalar as a string (for detail messages passed through on purpose).</summary>
    public static string? GetTextString(JsonElement element) =>
        TryGetText(element, out var text) ? Encoding.UTF8.GetString(text) : null;

    /// <summary>A whole integer from a JSON number or a string of digits.</summary>
    public static bool TryGetInt64(JsonElement element, out long value)
    {
        value = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt64(out value),
            JsonValueKind.String => TryGetText(element, out var text)
                && System.Buffers.Text.Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length && text.Length > 0,
            _ => false,
        };
    }

    /// <summary>Writes the JSON of a value rendered once at build time.</summary>
    public static byte[] Render(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, DeclarativeAdapter.WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
