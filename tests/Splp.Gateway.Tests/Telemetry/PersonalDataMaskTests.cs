using Splp.Gateway.Telemetry;

namespace Splp.Gateway.Tests.Telemetry;

public sealed class PersonalDataMaskTests
{
    [Theory]
    [InlineData("/kependudukan/v1/penduduk/3404074312850001", "/kependudukan/v1/penduduk/340407**********")]
    [InlineData("/ws/biodata?NIK=3404074312850001", "/ws/biodata?NIK=340407**********")]
    [InlineData("3404074312850001/3404071502100003", "340407**********/340407**********")]
    [InlineData("/pajak-daerah/v1/objek-pajak/340407000100100010", "/pajak-daerah/v1/objek-pajak/340407000100100010")] // an 18-digit NOP is not a NIK
    [InlineData("/perizinan/v1/permohonan/DPMPTSP-2026-000123", "/perizinan/v1/permohonan/DPMPTSP-2026-000123")]
    [InlineData("", "")]
    public void Mask_Cases(string input, string expected) => Assert.Equal(expected, PersonalDataMask.Mask(input));

    [Fact]
    public void Mask_NothingToMask_ReturnsTheSameInstance()
    {
        var path = "/healthz/ready";

        Assert.Same(path, PersonalDataMask.Mask(path));
    }
}
