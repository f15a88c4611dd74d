using Splp.Contracts.Problems;
using Splp.Contracts.Validation;
using Splp.Gateway.Catalog;
using Splp.Gateway.Problems;

namespace Splp.Gateway.Validation;

/// <summary>Reports contract violations: counted and logged always, answered as problems in enforce mode.</summary>
internal sealed partial class ContractViolationResponses(ContractMetrics metrics, ILogger<ContractViolationResponses> logger)
{
    /// <summary>The most violations named in one problem document.</summary>
    private const int MaxListed = 20;

    /// <summary>Records a request that breaks the contract; in enforce mode answers 400 and returns true.</summary>
    public async Task<bool> RequestViolatedAsync(HttpContext context, PublishedService service, string operationId, IReadOnlyList<ContractViolation> violations)
    {
        Report(context, service, operationId, "request", violations);
        if (service.Validation != ContractValidationMode.Enforce)
        {
            return false;
        }

        await ProblemResponses.WriteAsync(context, 400, ProblemTypes.InvalidRequest, "Request violates the contract",
            $"The request does not satisfy the {service.Contract} contract ({violations.Count} violation(s)).",
            errors: List(violations));
        return true;
    }

    /// <summary>Records a request for an operation the contract does not define; in enforce mode answers 404 and returns true.</summary>
    public async Task<bool> OperationUnknownAsync(HttpContext context, PublishedService service, string method, string path)
    {
        Report(context, service, "(unknown)", "request", [new ContractViolation("", $"no operation {method} in the contract for this path")]);
        if (service.Validation != ContractValidationMode.Enforce)
        {
            return false;
        }

        await ProblemResponses.WriteAsync(context, 404, ProblemTypes.OperationNotFound, "Operation not found",
            $"The {service.Contract} contract defines no operation for {method} {path}.");
        return true;
    }

    /// <summary>Records an upstream response that breaks the contract; in enforce mode answers 502 and returns true.</summary>
    public async Task<bool> ResponseViolatedAsync(HttpContext context, PublishedService service, string operationId, IReadOnlyList<ContractViolation> violations)
    {
        Report(context, service, operationId, "response", violations);
        if (service.Validation != ContractValidationMode.Enforce)
        {
            return false;
        }

        await ProblemResponses.WriteAsync(context, 502, ProblemTypes.UpstreamContractViolation, "Agency application response violates the contract",
            $"The agency application's response does not satisfy the {service.Contract} contract ({violations.Count} violation(s)); the gateway withheld it.",
            errors: List(violations));
        return true;
    }

    /// <summary>
    /// Records an upstream answer the contract does not describe (a status or media type it does not declare);
    /// returns true in enforce mode, where the caller withholds it.
    /// </summary>
    public bool AnswerUndescribed(HttpContext context, PublishedService service, string operationId, string reason)
    {
        Report(context, service, operationId, "response", [new ContractViolation(ContractViolation.StatusPointer, reason)]);
        return service.Validation == ContractValidationMode.Enforce;
    }

    private void Report(HttpContext context, PublishedService service, string operationId, string direction, IReadOnlyList<ContractViolation> violations)
    {
        context.Features.Set(Ops.ContractViolatedFeature.Instance);
        var mode = service.Validation == ContractValidationMode.Enforce ? "enforce" : "monitor";
        metrics.Violation(service.Name, operationId, direction, mode);
        // Pointers and reasons only: they name fields and rules, never the values (which may be personal data).
        Log.Violated(logger, service.Name, operationId, direction, violations.Count, string.Join("; ", violations.Take(MaxListed)));
    }

    private static IReadOnlyList<ProblemError> List(IReadOnlyList<ContractViolation> violations) =>
        violations.Take(MaxListed).Select(v => new ProblemError(v.Pointer, v.Reason)).ToArray();

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Contract violation on service {Service} operation {Operation} ({Direction}): {Count} violation(s): {Violations}")]
        public static partial void Violated(ILogger logger, string service, string operation, string direction, int count, string violations);
    }
}
