using Splp.Contracts.Kependudukan;

namespace Splp.SampleAgencies.Tests.Kependudukan;

public sealed class NikTests
{
    [Fact]
    public void Parse_MaleNik_ExposesEveryPart()
    {
        var nik = Nik.Parse("3404071502850003");

        Assert.Equal("3404071502850003", nik.Value);
        Assert.Equal("340407", nik.RegionCode);
        Assert.Equal("34", nik.ProvinceCode);
        Assert.Equal("04", nik.RegencyCode);
        Assert.Equal("07", nik.KecamatanCode);
        Assert.False(nik.IsFemale);
        Assert.Equal((15, 2, 85), nik.BirthDateParts);
        Assert.Equal(3, nik.Serial);
        Assert.Equal("3404071502850003", nik.ToString());
    }

    [Fact]
    public void Parse_WomanNik_RemovesFortyFromDay()
    {
        var nik = Nik.Parse("3404074312850001");

        Assert.True(nik.IsFemale);
        Assert.Equal((3, 12, 85), nik.BirthDateParts);
        Assert.Equal(1, nik.Serial);
        Assert.Equal(new DateOnly(1985, 12, 3), nik.ResolveBirthDate(2026));
    }

    [Theory]
    [InlineData("1101010101010001")]
    [InlineData("9499990101999999")]
    [InlineData("3404073101000001")]
    [InlineData("3404077101000001")]
    [InlineData("3404072902000001")]
    [InlineData("3404076902010001")]
    [InlineData("3404073004000001")]
    [InlineData("3404074101010001")]
    public void TryParse_BoundaryValues_Succeeds(string value)
    {
        Assert.True(Nik.TryParse(value, out var nik));
        Assert.Equal(value, nik.Value);
        Assert.True(Nik.IsValid(value));
        Assert.Equal(value, Nik.Parse(value).Value);
    }

    [Theory]
    [InlineData("", "16 digits")]
    [InlineData("340407150285000", "16 digits")]
    [InlineData("34040715028500031", "16 digits")]
    [InlineData(" 3404071502850003", "16 digits")]
    [InlineData("340407150285000A", "ASCII digits")]
    [InlineData("3404071502 50003", "ASCII digits")]
    [InlineData("340407150285000\u0663", "ASCII digits")]
    [InlineData("1004071502850003", "province")]
    [InlineData("9504071502850003", "province")]
    [InlineData("0004071502850003", "province")]
    [InlineData("3400071502850003", "regency")]
    [InlineData("3404001502850003", "kecamatan")]
    [InlineData("3404070002850003", "birth day")]
    [InlineData("3404073202850003", "birth day")]
    [InlineData("3404074002850003", "birth day")]
    [InlineData("3404077202850003", "birth day")]
    [InlineData("3404079902850003", "birth day")]
    [InlineData("3404071500850003", "birth month")]
    [InlineData("3404071513850003", "birth month")]
    [InlineData("3404073104850003", "does not exist")]
    [InlineData("3404073002850003", "does not exist")]
    [InlineData("3404077002850003", "does not exist")]
    [InlineData("3404077106850003", "does not exist")]
    [InlineData("3404071502850000", "serial")]
    public void Parse_InvalidNik_FailsWithReason(string value, string reason)
    {
        Assert.False(Nik.TryParse(value, out var nik));
        Assert.Equal(default, nik);
        Assert.False(Nik.IsValid(value));
        var error = Assert.Throws<FormatException>(() => Nik.Parse(value));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidNik_MessageDoesNotRepeatTheNumber()
    {
        var error = Assert.Throws<FormatException>(() => Nik.Parse("3404071502850000"));

        Assert.DoesNotContain("3404071502850000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException() =>
        Assert.Throws<ArgumentNullException>(() => Nik.Parse(null!));

    [Fact]
    public void Create_Woman_AddsFortyToDayAndRoundTrips()
    {
        var nik = Nik.Create("340407", new DateOnly(1985, 12, 3), female: true, serial: 1);

        Assert.Equal("3404074312850001", nik.Value);
        Assert.Equal(nik, Nik.Parse(nik.Value));
        Assert.Equal(new DateOnly(1985, 12, 3), nik.ResolveBirthDate(2026));
    }

    [Fact]
    public void Create_Man_PadsEveryField()
    {
        var nik = Nik.Create("340401", new DateOnly(2005, 1, 2), female: false, serial: 9999);

        Assert.Equal("3404010201059999", nik.Value);
    }

    [Theory]
    [InlineData("34040")]
    [InlineData("3404070")]
    [InlineData("34040A")]
    [InlineData("100407")]
    [InlineData("340007")]
    [InlineData("340400")]
    public void Create_InvalidRegionCode_ThrowsArgumentException(string regionCode)
    {
        var error = Assert.Throws<ArgumentException>(() => Nik.Create(regionCode, new DateOnly(1985, 1, 1), false, 1));

        Assert.Equal("regionCode", error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10000)]
    [InlineData(-1)]
    public void Create_SerialOutOfRange_ThrowsArgumentOutOfRangeException(int serial) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Nik.Create("340407", new DateOnly(1985, 1, 1), false, serial));

    [Theory]
    [InlineData("3404071502850003", 2026, 1985)]
    [InlineData("3404071502050003", 2026, 2005)]
    [InlineData("3404071502260003", 2026, 2026)]
    [InlineData("3404071502270003", 2026, 1927)]
    [InlineData("3404071502000003", 2026, 2000)]
    [InlineData("3404071502990003", 2000, 1999)]
    public void ResolveBirthDate_TwoDigitYear_PicksLatestCenturyNotAfterReference(string value, int referenceYear, int expectedYear)
    {
        var nik = Nik.Parse(value);

        Assert.Equal(new DateOnly(expectedYear, 2, 15), nik.ResolveBirthDate(referenceYear));
    }

    [Fact]
    public void ResolveBirthDate_LeapDayInLeapYear_Resolves() =>
        Assert.Equal(new DateOnly(2000, 2, 29), Nik.Parse("3404076902000001").ResolveBirthDate(2026));

    [Fact]
    public void ResolveBirthDate_LeapDayInCommonYear_ThrowsInvalidOperationException() =>
        Assert.Throws<InvalidOperationException>(() => Nik.Parse("3404072902010001").ResolveBirthDate(2026));

    [Theory]
    [InlineData(99)]
    [InlineData(10000)]
    public void ResolveBirthDate_ReferenceYearOutOfRange_ThrowsArgumentOutOfRangeException(int referenceYear) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Nik.Parse("3404071502850003").ResolveBirthDate(referenceYear));

    [Fact]
    public void Masked_ValidNik_KeepsRegionCodeOnly() =>
        Assert.Equal("340407**********", Nik.Parse("3404074312850001").Masked);

    [Fact]
    public void Equals_SameDigits_EqualAndSameHash()
    {
        var a = Nik.Parse("3404074312850001");
        var b = Nik.Parse(new string("3404074312850001".AsSpan()));
        var c = Nik.Parse("3404074312850002");

        Assert.True(a == b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a != c);
        Assert.False(a.Equals(null));
    }

    [Fact]
    public void Default_HasEmptyValueAndThrowsOnParts()
    {
        var nik = default(Nik);

        Assert.Equal(string.Empty, nik.Value);
        Assert.Equal(string.Empty, nik.ToString());
        Assert.Throws<InvalidOperationException>(() => nik.RegionCode);
        Assert.Throws<InvalidOperationException>(() => nik.Masked);
    }

    [Fact]
    public void IsValid_ManyCalls_AllocatesNothing()
    {
        const string value = "3404074312850001";
        Assert.True(Nik.IsValid(value));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Nik.IsValid(value);
            Nik.IsValid("3404071502850000");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void TryParse_ManyCalls_AllocatesOnlyTheStoredString()
    {
        var value = "3404074312850001".AsSpan();
        Assert.True(Nik.TryParse(value, out _));
        Assert.False(Nik.TryParse("3404071502850000", out _));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _ = Nik.TryParse(value, out _);
            _ = Nik.TryParse("3404071502850000", out _);
        }

        // A 16-character string is 56 bytes on 64-bit; failures allocate nothing.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 1, 1000 * 64);
    }
}
