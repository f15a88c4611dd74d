using System.ComponentModel.DataAnnotations;
using Splp.Gateway.Limits;

namespace Splp.Gateway.Tests.Limits;

public sealed class RequestLimitsOptionsTests
{
    [Fact]
    public void Defaults_AreValid_AndMatchKestrels()
    {
        var options = new RequestLimitsOptions();

        Assert.Empty(Validate(options));
        Assert.Equal(240, options.MinRequestBodyBytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RequestBodyGracePeriod);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RequestHeadersTimeout);
    }

    [Fact]
    public void SlowClientLimits_OutOfRange_AreEachRefused()
    {
        var options = new RequestLimitsOptions
        {
            MinRequestBodyBytesPerSecond = -1,
            RequestBodyGracePeriod = TimeSpan.FromSeconds(1), // Kestrel needs more than its one-second heartbeat
            RequestHeadersTimeout = TimeSpan.Zero,
        };

        var members = Validate(options).SelectMany(r => r.MemberNames).ToArray();

        Assert.Equal(
            [nameof(RequestLimitsOptions.MinRequestBodyBytesPerSecond), nameof(RequestLimitsOptions.RequestBodyGracePeriod), nameof(RequestLimitsOptions.RequestHeadersTimeout)],
            members.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MinRequestBodyBytesPerSecond_Zero_TurnsTheCheckOff()
    {
        Assert.Empty(Validate(new RequestLimitsOptions { MinRequestBodyBytesPerSecond = 0 }));
    }

    private static List<ValidationResult> Validate(RequestLimitsOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
