namespace HomeFilter.Rules.Policy.Document;

/// <summary>
/// The outcome of reading a policy document: the document when it is valid, otherwise every error found.
/// A document with any error is rejected whole, so <see cref="Document"/> is null whenever <see cref="Errors"/> is not empty.
/// </summary>
public sealed class PolicyReadResult
{
    private PolicyReadResult(PolicyDocument? document, IReadOnlyList<PolicyError> errors)
    {
        Document = document;
        Errors = errors;
    }

    /// <summary>The document, or null when it has errors.</summary>
    public PolicyDocument? Document { get; }

    /// <summary>Every error found, in document order; empty when the document is valid.</summary>
    public IReadOnlyList<PolicyError> Errors { get; }

    /// <summary>True when the document has no errors (and <see cref="Document"/> is set).</summary>
    public bool IsValid => Document is not null;

    internal static PolicyReadResult Valid(PolicyDocument document) => new(document, []);

    internal static PolicyReadResult Invalid(IReadOnlyList<PolicyError> errors) => new(null, errors);
}
