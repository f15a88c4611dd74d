namespace Splp.Contracts.Loading;

/// <summary>One problem found while loading a contract document.</summary>
/// <param name="SourcePath">The file, or the contracts directory for problems that concern no single file.</param>
/// <param name="Message">What is wrong and where in the document, e.g. <c>paths./a/{id}.get: path parameter 'id' is not declared</c>.</param>
public sealed record ContractLoadProblem(string SourcePath, string Message)
{
    /// <summary><c>file: message</c>.</summary>
    public override string ToString() => $"{SourcePath}: {Message}";
}

/// <summary>
/// The contracts could not be loaded. Thrown once, after every document was read, with every problem of
/// every file, so one run shows everything to fix.
/// </summary>
public sealed class ContractLoadException : Exception
{
    /// <summary>Creates the exception for <paramref name="problems"/> (at least one).</summary>
    public ContractLoadException(IReadOnlyList<ContractLoadProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception with a message and no listed problems.</summary>
    public ContractLoadException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a single problem message.</summary>
    public ContractLoadException(string message)
        : this([new ContractLoadProblem(string.Empty, message)])
    {
    }

    /// <summary>Creates the exception with a single problem message and its cause.</summary>
    public ContractLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new ContractLoadProblem(string.Empty, message)];
    }

    /// <summary>Every problem of every file, in file order.</summary>
    public IReadOnlyList<ContractLoadProblem> Problems { get; }

    private static string Describe(IReadOnlyList<ContractLoadProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 0
            ? "The contracts could not be loaded."
            : $"The contracts could not be loaded ({problems.Count} problem{(problems.Count == 1 ? string.Empty : "s")}):"
                + string.Concat(problems.Select(p => Environment.NewLine + "  " + p));
    }
}
