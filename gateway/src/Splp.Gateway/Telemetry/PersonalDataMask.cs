namespace Splp.Gateway.Telemetry;

/// <summary>
/// Masks identifiers that are personal data before they reach traces or logs: any run of exactly 16
/// digits (a NIK or family card number) keeps its 6-digit region code and loses the rest.
/// </summary>
public static class PersonalDataMask
{
    /// <summary>Returns <paramref name="value"/> with every 16-digit run masked; the same instance when there is none.</summary>
    public static string Mask(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var span = value.AsSpan();
        var first = FindRun(span, 0);
        if (first < 0)
        {
            return value;
        }

        return string.Create(value.Length, value, static (destination, source) =>
        {
            source.AsSpan().CopyTo(destination);
            var at = FindRun(source, 0);
            while (at >= 0)
            {
                destination.Slice(at + 6, 10).Fill('*');
                at = FindRun(source, at + 16);
            }
        });
    }

    private static int FindRun(ReadOnlySpan<char> s, int from)
    {
        var runStart = -1;
        for (var i = from; i <= s.Length; i++)
        {
            var digit = i < s.Length && char.IsAsciiDigit(s[i]);
            if (digit && runStart < 0)
            {
                runStart = i;
            }
            else if (!digit && runStart >= 0)
            {
                if (i - runStart == 16)
                {
                    return runStart;
                }

                runStart = -1;
            }
        }

        return -1;
    }
}
