namespace HomeFilter.Rules.Policy.Document;

/// <summary>One problem in a policy document.</summary>
/// <param name="Path">Where it is, as a JSON path such as <c>$.groups[0].schedules[1].from</c>.</param>
/// <param name="Message">What is wrong, for people.</param>
public sealed record PolicyError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
