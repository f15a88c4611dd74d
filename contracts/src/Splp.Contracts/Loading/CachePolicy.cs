namespace Splp.Contracts.Loading;

/// <summary>
/// How long the gateway may serve a stored response of an operation, from its <c>x-splp-cache</c> extension.
/// </summary>
/// <param name="TimeToLive">How long a stored 200 answer is fresh (<c>ttlSeconds</c>, at least 1 s).</param>
/// <param name="StaleIfError">
/// How long past <paramref name="TimeToLive"/> a stored answer may still be served when the agency app
/// fails or times out (<c>staleIfErrorSeconds</c>, default zero).
/// </param>
public sealed record CachePolicy(TimeSpan TimeToLive, TimeSpan StaleIfError);
