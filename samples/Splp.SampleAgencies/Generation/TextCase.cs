namespace Splp.SampleAgencies.Generation;

/// <summary>Case conversions between the registry's upper case and the title case other agencies use.</summary>
internal static class TextCase
{
    /// <summary>"JL. KALIURANG KM 5" → "Jl. Kaliurang Km 5", "SITI RAHAYU" → "Siti Rahayu".</summary>
    public static string ToTitle(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        var wordStart = true;
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (char.IsLetter(c))
            {
                span[i] = wordStart ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c);
                wordStart = false;
            }
            else
            {
                span[i] = c;
                wordStart = c is ' ' or '-' or '/' or '(';
            }
        }
    });
}
