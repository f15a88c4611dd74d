using Splp.Contracts.Validation;

namespace Splp.Contracts.Tests.Validation;

public sealed class JsonFormatsTests
{
    [Theory]
    [InlineData("2026-03-02", true)]
    [InlineData("2024-02-29", true)]
    [InlineData("2026-02-29", false)]
    [InlineData("2026-13-01", false)]
    [InlineData("2026-3-2", false)]
    [InlineData("02-03-2026", false)]
    [InlineData("20260302", false)]
    [InlineData("2026-03-02T00:00:00+07:00", false)]
    [InlineData("", false)]
    public void IsDate_Value_MatchesRfc3339FullDate(string value, bool expected)
    {
        Assert.Equal(expected, JsonFormats.IsDate(value));
    }

    [Theory]
    [InlineData("2026-03-02T09:15:00+07:00", true)]
    [InlineData("2026-03-02t09:15:00z", true)]
    [InlineData("2026-03-02T09:15:00.5-03:30", true)]
    [InlineData("2026-03-02T09:15:00", false)]
    [InlineData("2026-03-02T09:15+07:00", false)]
    [InlineData("2026-03-02T09:15:00+0700", false)]
    [InlineData("2026-03-02T09:15:00.+07:00", false)]
    [InlineData("2026-03-02T09:60:00+07:00", false)]
    [InlineData("2026-03-02T09:15:00+24:00", false)]
    [InlineData("2026-03-02 09:15:00", false)]
    public void IsDateTime_Value_MatchesRfc3339WithOffset(string value, bool expected)
    {
        Assert.Equal(expected, JsonFormats.IsDateTime(value));
    }
}
