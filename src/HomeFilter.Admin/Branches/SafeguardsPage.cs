using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Admin.Branches;

/// <summary>
/// The public safeguards page of a branch (or a single site): for each of its groups, named as the policy names them,
/// which categories are filtered, whether safe search and bypass protection are on, and since when. Plain HTML, no
/// script, readable on a phone; no personal data (no addresses, devices or logs).
/// </summary>
internal static class SafeguardsPage
{
    /// <summary>What the page says, as plain lines: also what "since when" is measured by.</summary>
    public static string Summary(PolicyDocument compiled)
    {
        var text = new StringBuilder();
        foreach (var (name, rules) in Groups(compiled))
        {
            text.Append(name).Append(':').AppendJoin(',', rules.Block ?? []).Append(';').Append(rules.SafeSearch).Append(';').Append(Bypass(rules)).Append('\n');
        }

        return text.ToString();
    }

    public static string Render(PolicyDocument compiled, string? branch, DateTime sinceUtc)
    {
        var html = HtmlEncoder.Default;
        var place = branch is null ? "this network" : $"branch {branch}";
        var page = new StringBuilder();
        page.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Internet safeguards</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;line-height:1.5;color:#222}")
            .Append("h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.5rem}li{margin:.2rem 0}.note{color:#555;font-size:.9rem}</style></head><body>")
            .Append("<h1>Internet safeguards at ").Append(html.Encode(place)).Append("</h1>")
            .Append("<p>This page says which filtering applies to the internet here. It names no person and no device.</p>");
        foreach (var (name, rules) in Groups(compiled))
        {
            page.Append("<h2>").Append(html.Encode(name)).Append("</h2><ul>");
            var blocked = rules.Block ?? [];
            if (blocked.Count == 0)
            {
                page.Append("<li>No categories are filtered.</li>");
            }
            else
            {
                page.Append("<li>Filtered: ");
                for (var i = 0; i < blocked.Count; i++)
                {
                    page.Append(i == 0 ? "" : ", ").Append(html.Encode(Describe(compiled, blocked[i])));
                }

                page.Append(".</li>");
            }

            page.Append("<li>Safe search (Google, Bing, YouTube and others in their safe modes): ").Append(rules.SafeSearch ? "on" : "off").Append(".</li>")
                .Append("<li>Protection against getting around the filter (other DNS services, VPN and proxy services): ").Append(Bypass(rules) ? "on" : "off").Append(".</li>");
            if (rules.Schedules is { Count: > 0 })
            {
                page.Append("<li>More is filtered at certain times of the week.</li>");
            }

            page.Append("</ul>");
        }

        page.Append("<p class=\"note\">In force since ").Append(html.Encode(sinceUtc.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append(".</p></body></html>");
        return page.ToString();
    }

    private static IEnumerable<(string Name, GroupRules Rules)> Groups(PolicyDocument compiled)
    {
        foreach (var group in compiled.Groups ?? [])
        {
            if (group is not null)
            {
                yield return (group.Name, group);
            }
        }

        yield return (compiled.Groups is { Count: > 0 } ? "Everyone else" : "Everyone", compiled.Default ?? new GroupRules());
    }

    private static bool Bypass(GroupRules rules) => rules.BypassProtection ?? (rules.Block ?? []).Count > 0;

    private static string Describe(PolicyDocument compiled, string category) =>
        compiled.Categories is not null && compiled.Categories.TryGetValue(category, out var definition) && !string.IsNullOrWhiteSpace(definition?.Description)
            ? $"{category} ({definition.Description})"
            : category;
}
