using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Resolver.Reload;

/// <summary>A policy document failed validation; <see cref="Errors"/> lists every problem with its JSON path.</summary>
public sealed class PolicyRejectedException : Exception
{
    public PolicyRejectedException(string source, IReadOnlyList<PolicyError> errors)
        : base($"{source}: the policy is invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}): {string.Join("; ", errors)}")
    {
        Errors = errors;
    }

    public PolicyRejectedException()
    {
        Errors = [];
    }

    public PolicyRejectedException(string message)
        : base(message)
    {
        Errors = [];
    }

    public PolicyRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<PolicyError> Errors { get; }
}
