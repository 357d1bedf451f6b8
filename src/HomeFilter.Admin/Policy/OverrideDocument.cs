using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Admin.Policy;

/// <summary>Makes the policy entry of an override.</summary>
internal static class OverrideDocument
{
    public static OverrideDefinition Create(string id, string kind, string? client, string? group, List<string>? names, DateTimeOffset until, string? note) => new()
    {
        Id = id,
        Kind = kind,
        Client = client,
        Group = group,
        Names = names is { Count: > 0 } ? names : null,
        Until = OverrideDefinition.FormatUntil(until),
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
    };
}
