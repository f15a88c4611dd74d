namespace Splp.Contracts.Validation;

/// <summary>Allocation-free checks of the string formats the contracts use.</summary>
internal static class JsonFormats
{
    /// <summary>Whether <paramref name="s"/> is an RFC 3339 full-date (<c>yyyy-MM-dd</c>) that exists in the calendar.</summary>
    public static bool IsDate(ReadOnlySpan<char> s) => s.Length == 10 && TryDate(s, out _, out _, out _);

    /// <summary>
    /// Whether <paramref name="s"/> is an RFC 3339 date-time: <c>yyyy-MM-ddTHH:mm:ss</c>, optional fraction,
    /// then <c>Z</c> or <c>±HH:mm</c>. The offset is mandatory: a local time is ambiguous across Pemda.
    /// </summary>
    public static bool IsDateTime(ReadOnlySpan<char> s)
    {
        if (s.Length < 20 || !TryDate(s[..10], out _, out _, out _) || (s[10] != 'T' && s[10] != 't'))
        {
            return false;
        }

        if (!TryTwoDigits(s, 11, out var hour) || s[13] != ':' || !TryTwoDigits(s, 14, out var minute) || s[16] != ':'
            || !TryTwoDigits(s, 17, out var second) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        var i = 19;
        if (s[i] == '.')
        {
            i++;
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (i >= s.Length)
        {
            return false;
        }

        if (s[i] is 'Z' or 'z')
        {
            return i + 1 == s.Length;
        }

        return (s[i] is '+' or '-') && s.Length - i == 6
            && TryTwoDigits(s, i + 1, out var offsetHour) && s[i + 3] == ':' && TryTwoDigits(s, i + 4, out var offsetMinute)
            && offsetHour <= 23 && offsetMinute <= 59;
    }

    private static bool TryDate(ReadOnlySpan<char> s, out int year, out int month, out int day)
    {
        month = day = 0;
        year = 0;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-')
        {
            return false;
        }

        for (var i = 0; i < 4; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }

            year = (year * 10) + (s[i] - '0');
        }

        return TryTwoDigits(s, 5, out month) && TryTwoDigits(s, 8, out day)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    private static bool TryTwoDigits(ReadOnlySpan<char> s, int start, out int value)
    {
        if (start + 1 < s.Length && char.IsAsciiDigit(s[start]) && char.IsAsciiDigit(s[start + 1]))
        {
            value = ((s[start] - '0') * 10) + (s[start + 1] - '0');
            return true;
        }

        value = 0;
        return false;
    }
}
