using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Splp.Adapters.Declarative;

/// <summary>Which way a mapping runs: upstream response → contract, or contract request → upstream.</summary>
internal enum MappingDirection
{
    Response,
    Request,
}

/// <summary>Why one value could not be mapped; the plan adds where it was.</summary>
internal sealed class MappingException : Exception
{
    public MappingException(string reason, string? target = null, string? source = null)
        : base(reason)
    {
        Reason = reason;
        Target = target;
        SourcePathText = source;
    }

    public string Reason { get; }

    /// <summary>The target path (contract field for responses, upstream field for request bodies).</summary>
    public string? Target { get; }

    /// <summary>The source path (upstream field for responses, contract field for request bodies).</summary>
    public string? SourcePathText { get; }

    public MappingException At(string target, string source) =>
        new(Reason, Target ?? target, SourcePathText ?? source);

    public MappingException Under(string target, string source) =>
        new(Reason, Target is null ? target : target + "." + Target, SourcePathText is null ? source : source + "." + SourcePathText);
}

/// <summary>Writes one source value as the target value; throws <see cref="MappingException"/> when it cannot.</summary>
internal abstract class ValueConverter
{
    public abstract void Write(JsonElement value, Utf8JsonWriter writer);
}

/// <summary>Copies the value as it is.</summary>
internal sealed class CopyConverter : ValueConverter
{
    public static CopyConverter Instance { get; } = new();

    public override void Write(JsonElement value, Utf8JsonWriter writer) => value.WriteTo(writer);
}

/// <summary>A string; from upstreams, numbers become their text (consumers' bodies must send strings).</summary>
internal sealed class StringConverter(bool acceptNumbers) : ValueConverter
{
    public static StringConverter Instance { get; } = new(acceptNumbers: true);

    public static StringConverter Strict { get; } = new(acceptNumbers: false);

    public override void Write(JsonElement value, Utf8JsonWriter writer)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                value.WriteTo(writer);
                break;
            case JsonValueKind.Number when acceptNumbers && JsonValues.TryGetText(value, out var text):
                writer.WriteStringValue(text);
                break;
            default:
                throw new MappingException("is not a string");
        }
    }
}

/// <summary>A whole number from a JSON number or a string of digits.</summary>
internal sealed class IntegerConverter : ValueConverter
{
    public static IntegerConverter Instance { get; } = new();

    public override void Write(JsonElement value, Utf8JsonWriter writer) =>
        writer.WriteNumberValue(JsonValues.TryGetInt64(value, out var n) ? n : throw new MappingException("is not an integer"));
}

/// <summary>A number from a JSON number (kept exactly as written) or a numeric string.</summary>
internal sealed class NumberConverter : ValueConverter
{
    public static NumberConverter Instance { get; } = new();

    public override void Write(JsonElement value, Utf8JsonWriter writer)
    {
        if (value.ValueKind == JsonValueKind.Number && JsonValues.TryGetText(value, out var raw))
        {
            writer.WriteRawValue(raw, skipInputValidation: true);
        }
        else if (value.ValueKind == JsonValueKind.String && JsonValues.TryGetText(value, out var text)
            && Utf8Parser.TryParse(text, out decimal number, out var consumed) && consumed == text.Length && text.Length > 0)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            throw new MappingException("is not a number");
        }
    }
}

/// <summary>
/// A boolean from JSON booleans or configured true/false texts (compared exactly, e.g. <c>1</c>/<c>0</c>, <c>Y</c>/<c>N</c>).
/// Towards an upstream with configured texts, writes the first true or false text.
/// </summary>
internal sealed class BooleanConverter(byte[][] trueValues, byte[][] falseValues, MappingDirection direction, string? upstreamTrue, string? upstreamFalse) : ValueConverter
{
    public override void Write(JsonElement value, Utf8JsonWriter writer)
    {
        if (direction == MappingDirection.Request)
        {
            var flag = value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new MappingException("is not a boolean"),
            };
            var text = flag ? upstreamTrue : upstreamFalse;
            if (text is null)
            {
                writer.WriteBooleanValue(flag);
            }
            else
            {
                writer.WriteStringValue(text);
            }

            return;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            writer.WriteBooleanValue(value.ValueKind == JsonValueKind.True);
            return;
        }

        if (JsonValues.TryGetText(value, out var upstream))
        {
            if (Contains(trueValues, upstream))
            {
                writer.WriteBooleanValue(true);
                return;
            }

            if (Contains(falseValues, upstream))
            {
                writer.WriteBooleanValue(false);
                return;
            }
        }

        throw new MappingException("is not one of the configured true or false values");
    }

    private static bool Contains(byte[][] values, ReadOnlySpan<byte> text)
    {
        foreach (var v in values)
        {
            if (text.SequenceEqual(v))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A code list: a known source code becomes its target code; an unknown one is an error.</summary>
internal sealed class CodeConverter(byte[][] from, JsonEncodedText[] to, string allowed) : ValueConverter
{
    /// <summary>The accepted source codes, comma separated, for messages.</summary>
    public string Allowed => allowed;

    public override void Write(JsonElement value, Utf8JsonWriter writer)
    {
        if (JsonValues.TryGetText(value, out var text))
        {
            for (var i = 0; i < from.Length; i++)
            {
                if (text.SequenceEqual(from[i]))
                {
                    writer.WriteStringValue(to[i]);
                    return;
                }
            }
        }

        throw new MappingException(value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            ? "is not a code"
            : "carries a code the mapping does not know");
    }

    /// <summary>Looks a code up as text (query parameters).</summary>
    public bool TryMap(string code, out string mapped)
    {
        var bytes = Encoding.UTF8.GetBytes(code);
        for (var i = 0; i < from.Length; i++)
        {
            if (bytes.AsSpan().SequenceEqual(from[i]))
            {
                mapped = Encoding.UTF8.GetString(to[i].EncodedUtf8Bytes);
                return true;
            }
        }

        mapped = "";
        return false;
    }
}

/// <summary>
/// Dates and timestamps. Towards the contract: the upstream's format (or Unix seconds) read in the upstream's time
/// zone, written as <c>yyyy-MM-dd</c> or ISO 8601 with the offset. Towards the upstream: the reverse.
/// </summary>
/// <remarks>
/// Formats made only of fixed-width numeric fields (yyyy, MM, dd, HH, mm, ss) and punctuation are parsed straight
/// from UTF-8, and a zone with one offset since 1970 (all of Indonesia's) skips the time zone rules: both are per
/// item costs on large lists. Anything else goes through <see cref="DateTime.TryParseExact(ReadOnlySpan{char}, ReadOnlySpan{char}, IFormatProvider?, DateTimeStyles, out DateTime)"/>.
/// </remarks>
internal sealed class DateConverter : ValueConverter
{
    private const string ContractDate = "yyyy-MM-dd";

    private static readonly DateTime FixedSince = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    private readonly bool _dateOnly;
    private readonly string _format;
    private readonly TimeZoneInfo _zone;
    private readonly MappingDirection _direction;
    private readonly bool _unix;
    private readonly TimeSpan? _fixedOffset;
    private readonly (char Kind, int Position, byte Literal)[]? _fastFormat;
    private readonly int _fastLength;

    public DateConverter(bool dateOnly, string format, TimeZoneInfo zone, MappingDirection direction)
    {
        _dateOnly = dateOnly;
        _format = format;
        _zone = zone;
        _direction = direction;
        _unix = format == "unix";
        _fixedOffset = FixedOffset(zone);
        _fastFormat = _unix ? null : CompileFast(format, out _fastLength);
    }

    public override void Write(JsonElement value, Utf8JsonWriter writer)
    {
        if (_direction == MappingDirection.Response)
        {
            var instant = ReadUpstream(value);
            Span<byte> utf8 = stackalloc byte[32];
            writer.WriteStringValue(utf8[..WriteContract(instant, utf8)]);
            return;
        }

        var contract = ReadContract(value);
        if (_unix)
        {
            writer.WriteNumberValue(contract.ToUnixTimeSeconds());
            return;
        }

        var local = TimeZoneInfo.ConvertTime(contract, _zone);
        writer.WriteStringValue(local.ToString(_format, CultureInfo.InvariantCulture));
    }

    private int WriteContract(DateTimeOffset instant, Span<byte> utf8)
    {
        var d = instant.DateTime;
        Digits(utf8, 0, d.Year, 4);
        utf8[4] = (byte)'-';
        Digits(utf8, 5, d.Month, 2);
        utf8[7] = (byte)'-';
        Digits(utf8, 8, d.Day, 2);
        if (_dateOnly)
        {
            return 10;
        }

        utf8[10] = (byte)'T';
        Digits(utf8, 11, d.Hour, 2);
        utf8[13] = (byte)':';
        Digits(utf8, 14, d.Minute, 2);
        utf8[16] = (byte)':';
        Digits(utf8, 17, d.Second, 2);
        var offset = instant.Offset;
        utf8[19] = offset < TimeSpan.Zero ? (byte)'-' : (byte)'+';
        offset = offset.Duration();
        Digits(utf8, 20, offset.Hours, 2);
        utf8[22] = (byte)':';
        Digits(utf8, 23, offset.Minutes, 2);
        return 25;
    }

    private static void Digits(Span<byte> utf8, int at, int value, int width)
    {
        for (var i = at + width - 1; i >= at; i--)
        {
            utf8[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private TimeSpan Offset(DateTime local) =>
        _fixedOffset is { } fixedOffset && local >= FixedSince ? fixedOffset : _zone.GetUtcOffset(local);

    private DateTimeOffset ReadUpstream(JsonElement value)
    {
        if (_unix)
        {
            if (!JsonValues.TryGetInt64(value, out var seconds) || seconds < -62135596800L || seconds > 253402300799L)
            {
                throw new MappingException("is not a Unix timestamp in seconds");
            }

            var utc = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return utc.ToOffset(_fixedOffset is { } fixedOffset && utc.Year >= 1970 ? fixedOffset : _zone.GetUtcOffset(utc));
        }

        if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number) || !JsonValues.TryGetText(value, out var text))
        {
            throw Unexpected();
        }

        if (_fastFormat is not null)
        {
            return TryParseFast(text, out var fast) ? new DateTimeOffset(fast, Offset(fast)) : throw Unexpected();
        }

        Span<char> chars = stackalloc char[64];
        if (!JsonValues.TryGetChars(text, chars, out var length)
            || !DateTime.TryParseExact(chars[..length], _format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw Unexpected();
        }

        return new DateTimeOffset(local, Offset(local));
    }

    private MappingException Unexpected() =>
        new(_dateOnly ? $"is not a date in the format '{_format}'" : $"is not a date-time in the format '{_format}'");

    private bool TryParseFast(ReadOnlySpan<byte> text, out DateTime value)
    {
        value = default;
        if (text.Length != _fastLength)
        {
            return false;
        }

        int year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0;
        foreach (var (kind, position, literal) in _fastFormat!)
        {
            if (kind == '\0')
            {
                if (text[position] != literal)
                {
                    return false;
                }

                continue;
            }

            var width = kind == 'y' ? 4 : 2;
            var n = 0;
            for (var i = position; i < position + width; i++)
            {
                var digit = text[i] - '0';
                if ((uint)digit > 9)
                {
                    return false;
                }

                n = (n * 10) + digit;
            }

            switch (kind)
            {
                case 'y': year = n; break;
                case 'M': month = n; break;
                case 'd': day = n; break;
                case 'H': hour = n; break;
                case 'm': minute = n; break;
                default: second = n; break;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    /// <summary>A parse plan for formats of fixed-width numeric fields and punctuation; null for anything else.</summary>
    private static (char, int, byte)[]? CompileFast(string format, out int length)
    {
        var plan = new List<(char, int, byte)>();
        var position = 0;
        length = 0;
        for (var i = 0; i < format.Length;)
        {
            var c = format[i];
            var run = 1;
            while (i + run < format.Length && format[i + run] == c)
            {
                run++;
            }

            if (c is 'y' or 'M' or 'd' or 'H' or 'm' or 's')
            {
                if (run != (c == 'y' ? 4 : 2))
                {
                    return null;
                }

                plan.Add((c, position, 0));
                position += run;
                i += run;
            }
            else if (c is '-' or '/' or ':' or ' ' or '.')
            {
                plan.Add(('\0', position, (byte)c));
                position++;
                i++;
            }
            else
            {
                return null;
            }
        }

        length = position;
        return [.. plan];
    }

    /// <summary>The zone's offset when it has had one offset since 1970 and no daylight saving; null otherwise.</summary>
    private static TimeSpan? FixedOffset(TimeZoneInfo zone)
    {
        if (zone.SupportsDaylightSavingTime)
        {
            return null;
        }

        var offset = zone.GetUtcOffset(FixedSince);
        for (var year = 1970; year <= 2100; year++)
        {
            if (zone.GetUtcOffset(new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified)) != offset
                || zone.GetUtcOffset(new DateTime(year, 7, 1, 0, 0, 0, DateTimeKind.Unspecified)) != offset)
            {
                return null;
            }
        }

        return offset;
    }

    private DateTimeOffset ReadContract(JsonElement value)
    {
        Span<char> chars = stackalloc char[64];
        if (value.ValueKind != JsonValueKind.String || !JsonValues.TryGetText(value, out var text) || !JsonValues.TryGetChars(text, chars, out var length))
        {
            throw new MappingException(_dateOnly ? "is not a date" : "is not a date-time");
        }

        if (_dateOnly)
        {
            return DateTime.TryParseExact(chars[..length], ContractDate, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? new DateTimeOffset(date, Offset(date))
                : throw new MappingException("is not a date (yyyy-MM-dd)");
        }

        var span = chars[..length];
        if (DateTimeOffset.TryParseExact(span, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            || DateTimeOffset.TryParseExact(span, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant))
        {
            return instant;
        }

        throw new MappingException("is not an ISO 8601 date-time with an offset");
    }
}
