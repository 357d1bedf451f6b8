using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Admin.Policy;

/// <summary>The policy's overrides as the dashboard shows them: only the active ones, each with its end time.</summary>
public static class OverrideViews
{
    public static IReadOnlyList<OverrideView> Active(PolicyDocument document, DateTime nowUtc, Func<OverrideDefinition, bool> applies)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(applies);
        var views = new List<OverrideView>();
        foreach (var entry in document.Overrides)
        {
            var until = UntilUtc(entry);
            if (until > nowUtc && applies(entry))
            {
                views.Add(new OverrideView(entry.Id ?? string.Empty, entry.Kind, entry.Client, entry.Group, entry.Names ?? [], until, entry.Note));
            }
        }

        return views;
    }

    public static IReadOnlyList<OverrideView> ForGroup(PolicyDocument document, string group, DateTime nowUtc) =>
        Active(document, nowUtc, o => o.Group == group);

    public static IReadOnlyList<OverrideView> ForClient(PolicyDocument document, string client, DateTime nowUtc) =>
        Active(document, nowUtc, o => o.Client == client);

    public static void RemoveForGroup(PolicyDocument document, string group)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Overrides.RemoveAll(o => o.Group == group);
    }

    public static DateTime UntilUtc(OverrideDefinition entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.TryGetUntil(out var until) ? until.UtcDateTime : DateTime.MinValue;
    }
}

/// <summary>An active override: what it does, to whom, until when.</summary>
public sealed record OverrideView(string Id, string Kind, string? Client, string? Group, IReadOnlyList<string> Names, DateTime UntilUtc, string? Note);
