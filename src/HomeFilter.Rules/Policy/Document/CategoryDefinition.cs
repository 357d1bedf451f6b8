namespace HomeFilter.Rules.Policy.Document;

/// <summary>One category: where its lists come from.</summary>
public sealed class CategoryDefinition
{
    /// <summary>List files (relative to the policy file's folder, or absolute) or <c>http(s)://</c> URLs.</summary>
    public List<string> Sources { get; set; } = [];

    /// <summary>Optional text for people.</summary>
    public string? Description { get; set; }
}
