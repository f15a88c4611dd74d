using Splp.Contracts.Loading;
using Splp.Gateway.Catalog;

namespace Splp.Gateway.Validation;

/// <summary>The contract operation an exchange resolved to, for the steps after the request was validated.</summary>
/// <param name="Service">The service.</param>
/// <param name="Operation">The contract operation.</param>
internal sealed record ContractExchange(PublishedService Service, ContractOperation Operation)
{
    public ContractValidationMode Mode => Service.Validation;
}
