using System.Diagnostics.CodeAnalysis;

namespace Splp.Contracts.Kependudukan;

/// <summary>
/// A Nomor Induk Kependudukan: the 16-digit population identity number of an Indonesian resident.
/// </summary>
/// <remarks>
/// <para>
/// The digits are, in order: the 6-digit region code of registration (2 province, 2 regency or city,
/// 2 kecamatan), the 6-digit birth date <c>DDMMYY</c> where women have 40 added to the day, and a
/// 4-digit serial <c>0001</c>–<c>9999</c> that tells apart residents registered in the same region on
/// the same birth date.
/// </para>
/// <para>
/// A NIK is personal data: exception messages produced here never repeat the number, and
/// <see cref="Masked"/> is the form to put in logs. The <see langword="default"/> value holds no
/// number; its <see cref="Value"/> is empty and its other members throw
/// <see cref="InvalidOperationException"/>.
/// </para>
/// </remarks>
public readonly struct Nik : IEquatable<Nik>
{
    /// <summary>The number of digits in a NIK.</summary>
    public const int Length = 16;

    private const int RegionLength = 6;
    private const int FemaleDayOffset = 40;
    private const int MinProvince = 11;
    private const int MaxProvince = 94;

    private readonly string? _value;

    private Nik(string value) => _value = value;

    /// <summary>The 16 digits, or an empty string for the <see langword="default"/> value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>The 6-digit region code of registration, e.g. <c>340407</c> (Depok, Sleman, DI Yogyakarta).</summary>
    public string RegionCode => Digits.Substring(0, RegionLength);

    /// <summary>The 2-digit province code, e.g. <c>34</c> (DI Yogyakarta).</summary>
    public string ProvinceCode => Digits.Substring(0, 2);

    /// <summary>The 2-digit regency or city code within the province, e.g. <c>04</c> (Sleman).</summary>
    public string RegencyCode => Digits.Substring(2, 2);

    /// <summary>The 2-digit kecamatan code within the regency, e.g. <c>07</c> (Depok).</summary>
    public string KecamatanCode => Digits.Substring(4, 2);

    /// <summary>Whether the birth day carries the +40 that marks a woman.</summary>
    public bool IsFemale => TwoDigits(Digits, 6) > FemaleDayOffset;

    /// <summary>The 4-digit serial, 1–9999.</summary>
    public int Serial => (TwoDigits(Digits, 12) * 100) + TwoDigits(Digits, 14);

    /// <summary>
    /// The birth date as written in the NIK, with the +40 for women removed. The year has two digits:
    /// the century is not recorded (see <see cref="ResolveBirthDate(int)"/>).
    /// </summary>
    public (int Day, int Month, int TwoDigitYear) BirthDateParts
    {
        get
        {
            var digits = Digits;
            var day = TwoDigits(digits, 6);
            return (day > FemaleDayOffset ? day - FemaleDayOffset : day, TwoDigits(digits, 8), TwoDigits(digits, 10));
        }
    }

    /// <summary>The region code followed by ten <c>*</c>, e.g. <c>340407**********</c>: safe for logs.</summary>
    public string Masked => string.Create(Length, Digits, static (span, digits) =>
    {
        digits.AsSpan(0, RegionLength).CopyTo(span);
        span[RegionLength..].Fill('*');
    });

    /// <summary>
    /// Resolves the two-digit birth year to the latest year that is not after <paramref name="referenceYear"/>,
    /// e.g. <c>85</c> with reference 2026 is 1985 and <c>05</c> is 2005.
    /// </summary>
    /// <param name="referenceYear">Usually the current year; 100–9999.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="referenceYear"/> is outside 100–9999.</exception>
    /// <exception cref="InvalidOperationException">The NIK says 29 February and the resolved year is not a leap year.</exception>
    public DateOnly ResolveBirthDate(int referenceYear)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(referenceYear, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(referenceYear, 9999);
        var (day, month, twoDigitYear) = BirthDateParts;
        var year = (referenceYear / 100 * 100) + twoDigitYear;
        if (year > referenceYear)
        {
            year -= 100;
        }

        if (day > DateTime.DaysInMonth(year, month))
        {
            throw new InvalidOperationException(
                $"The NIK gives 29 February as birth date, but the resolved year {year} is not a leap year.");
        }

        return new DateOnly(year, month, day);
    }

    /// <summary>Whether <paramref name="s"/> is a structurally valid NIK (see <see cref="TryParse"/>).</summary>
    public static bool IsValid(ReadOnlySpan<char> s) => Validate(s) == NikError.None;

    /// <summary>
    /// Parses a NIK: exactly 16 ASCII digits, province 11–94, regency and kecamatan not <c>00</c>, day
    /// 1–31 (41–71 for women) and valid for the month (29 February allowed, the year being unknown),
    /// month 1–12, serial not <c>0000</c>. Allocates only the stored string.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> s, out Nik nik)
    {
        if (Validate(s) != NikError.None)
        {
            nik = default;
            return false;
        }

        nik = new Nik(new string(s));
        return true;
    }

    /// <summary>Parses a NIK with the rules of <see cref="TryParse"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not a valid NIK; the message says why.</exception>
    public static Nik Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var error = Validate(s);
        if (error != NikError.None)
        {
            throw new FormatException(Describe(error, s));
        }

        return new Nik(s);
    }

    /// <summary>Builds the NIK of a resident.</summary>
    /// <param name="regionCode">The 6-digit region code, e.g. <c>340407</c>.</param>
    /// <param name="birthDate">The birth date; only its last two year digits are kept.</param>
    /// <param name="female">Whether to add 40 to the day.</param>
    /// <param name="serial">The serial, 1–9999.</param>
    /// <exception cref="ArgumentException"><paramref name="regionCode"/> is not a valid region code.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="serial"/> is outside 1–9999.</exception>
    public static Nik Create(string regionCode, DateOnly birthDate, bool female, int serial)
    {
        ArgumentNullException.ThrowIfNull(regionCode);
        ArgumentOutOfRangeException.ThrowIfLessThan(serial, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 9999);
        if (regionCode.Length != RegionLength || !AllDigits(regionCode))
        {
            throw new ArgumentException("A region code has exactly 6 ASCII digits.", nameof(regionCode));
        }

        var regionError = ValidateRegion(regionCode);
        if (regionError != NikError.None)
        {
            throw new ArgumentException(Describe(regionError, regionCode), nameof(regionCode));
        }

        Span<char> digits = stackalloc char[Length];
        regionCode.AsSpan().CopyTo(digits);
        WriteTwoDigits(digits[6..], birthDate.Day + (female ? FemaleDayOffset : 0));
        WriteTwoDigits(digits[8..], birthDate.Month);
        WriteTwoDigits(digits[10..], birthDate.Year % 100);
        WriteTwoDigits(digits[12..], serial / 100);
        WriteTwoDigits(digits[14..], serial % 100);
        return new Nik(new string(digits));
    }

    /// <inheritdoc />
    public bool Equals(Nik other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Nik other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The 16 digits (<see cref="Value"/>).</summary>
    public override string ToString() => Value;

    /// <summary>Whether two NIKs are the same number.</summary>
    public static bool operator ==(Nik left, Nik right) => left.Equals(right);

    /// <summary>Whether two NIKs are different numbers.</summary>
    public static bool operator !=(Nik left, Nik right) => !left.Equals(right);

    private string Digits => _value ?? throw new InvalidOperationException("The NIK is the default value and holds no number.");

    private static NikError Validate(ReadOnlySpan<char> s)
    {
        if (s.Length != Length)
        {
            return NikError.Length;
        }

        if (!AllDigits(s))
        {
            return NikError.NotDigits;
        }

        var regionError = ValidateRegion(s);
        if (regionError != NikError.None)
        {
            return regionError;
        }

        var day = TwoDigits(s, 6);
        if (day > FemaleDayOffset)
        {
            day -= FemaleDayOffset;
        }

        if (day is < 1 or > 31)
        {
            return NikError.Day;
        }

        var month = TwoDigits(s, 8);
        if (month is < 1 or > 12)
        {
            return NikError.Month;
        }

        // The year is not known from two digits, so 29 February must be accepted.
        if (day > DaysInMonthAnyYear(month))
        {
            return NikError.DayNotInMonth;
        }

        if (TwoDigits(s, 12) == 0 && TwoDigits(s, 14) == 0)
        {
            return NikError.Serial;
        }

        return NikError.None;
    }

    private static NikError ValidateRegion(ReadOnlySpan<char> s)
    {
        var province = TwoDigits(s, 0);
        if (province is < MinProvince or > MaxProvince)
        {
            return NikError.Province;
        }

        if (TwoDigits(s, 2) == 0)
        {
            return NikError.Regency;
        }

        return TwoDigits(s, 4) == 0 ? NikError.Kecamatan : NikError.None;
    }

    private static string Describe(NikError error, ReadOnlySpan<char> s) => error switch
    {
        NikError.Length => $"A NIK has exactly 16 digits, but the value has {s.Length} characters.",
        NikError.NotDigits => "A NIK contains only the ASCII digits 0-9.",
        NikError.Province => $"The province code (digits 1-2) must be 11-94, but is {s[..2]}.",
        NikError.Regency => "The regency or city code (digits 3-4) must not be 00.",
        NikError.Kecamatan => "The kecamatan code (digits 5-6) must not be 00.",
        NikError.Day => $"The birth day (digits 7-8) must be 01-31, or 41-71 for women, but is {s.Slice(6, 2)}.",
        NikError.Month => $"The birth month (digits 9-10) must be 01-12, but is {s.Slice(8, 2)}.",
        NikError.DayNotInMonth => $"The birth day (digits 7-8) {s.Slice(6, 2)} does not exist in month {s.Slice(8, 2)}.",
        NikError.Serial => "The serial (digits 13-16) must not be 0000.",
        _ => "The value is not a valid NIK.",
    };

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int TwoDigits(ReadOnlySpan<char> s, int start) => ((s[start] - '0') * 10) + (s[start + 1] - '0');

    private static void WriteTwoDigits(Span<char> destination, int value)
    {
        destination[0] = (char)('0' + (value / 10));
        destination[1] = (char)('0' + (value % 10));
    }

    private static int DaysInMonthAnyYear(int month) => month switch
    {
        2 => 29,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    private enum NikError
    {
        None,
        Length,
        NotDigits,
        Province,
        Regency,
        Kecamatan,
        Day,
        Month,
        DayNotInMonth,
        Serial,
    }
}
