namespace Splp.Gateway.Consumers;

/// <summary>
/// Finds the plan of a consumer. The configuration-backed default is replaced by the identity feature
/// (subscriptions) later; register another implementation to replace it.
/// </summary>
public interface IConsumerPlanRegistry
{
    /// <summary>The plan of <paramref name="consumerId"/>, or null when the consumer has none (not limited).</summary>
    ConsumerPlan? GetPlan(string consumerId);
}

/// <summary>A resolved plan.</summary>
/// <param name="Name">The plan's name, used in metrics and headers.</param>
/// <param name="RequestsPerSecond">Sustained requests per second per service; 0 = no rate limit.</param>
/// <param name="Burst">Requests allowed at once.</param>
/// <param name="DailyQuota">Requests per service per local day; 0 = no quota.</param>
/// <param name="OnStoreFailure">What to do while the shared store is unreachable.</param>
public sealed record ConsumerPlan(string Name, double RequestsPerSecond, int Burst, long DailyQuota, StoreFailureMode OnStoreFailure)
{
    /// <summary>Whether the plan limits anything.</summary>
    public bool IsLimited => RequestsPerSecond > 0 || DailyQuota > 0;
}
