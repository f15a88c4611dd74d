using Splp.Gateway.Consumers;

namespace Splp.Gateway.Tests.RateLimiting;

public sealed class ConsumerPlansValidatorTests
{
    [Fact]
    public void Validate_EveryProblem_CollectedBeforeRefusing()
    {
        var options = new ConsumerPlansOptions
        {
            Plans = { ["rusak"] = new PlanOptions { RequestsPerSecond = -1, Burst = 0 } },
            Consumers =
            {
                ["tanpa-plan"] = new ConsumerOptions(),
                ["plan-asing"] = new ConsumerOptions { Plan = "emas" },
            },
        };

        var result = new ConsumerPlansValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.Contains("Plans:rusak", StringComparison.Ordinal) && f.Contains("RequestsPerSecond", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Plans:rusak", StringComparison.Ordinal) && f.Contains("Burst", StringComparison.Ordinal));
        Assert.Contains("Consumers:tanpa-plan:Plan is required.", failures);
        Assert.Contains("Consumers:plan-asing:Plan 'emas' is not listed under Plans.", failures);
    }

    [Fact]
    public void Validate_KnownPlans_Succeeds()
    {
        var options = new ConsumerPlansOptions
        {
            Plans = { ["standar"] = new PlanOptions { RequestsPerSecond = 20, Burst = 40, DailyQuota = 10_000 } },
            Consumers = { ["dinkes-app"] = new ConsumerOptions { Plan = "standar" } },
        };

        Assert.True(new ConsumerPlansValidator().Validate(null, options).Succeeded);
    }
}
