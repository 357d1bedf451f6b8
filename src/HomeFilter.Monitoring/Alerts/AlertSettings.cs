using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Monitoring.Alerts;

/// <summary>A group's alert settings with the defaults filled in.</summary>
internal sealed record AlertSettings(bool Night, WeeklyWindow NightWindow, IReadOnlySet<string> Sensitive, bool Bypass, bool Silence, TimeSpan SilenceAfter)
{
    public static readonly string[] DefaultSensitive = ["adult", "gambling", "dating"];

    public static AlertSettings From(GroupAlertSettings? settings, IReadOnlySet<string> categories)
    {
        var night = settings?.NightActivity ?? new NightActivitySettings();
        var from = WeeklyWindow.ParseTime(night.From);
        var to = WeeklyWindow.ParseTime(night.To);
        var sensitive = new HashSet<string>(settings?.SensitiveCategories ?? [.. DefaultSensitive], StringComparer.Ordinal);
        sensitive.IntersectWith(categories);
        var silence = settings?.Silence ?? new SilenceSettings();
        return new AlertSettings(
            night.Enabled && from >= 0 && to >= 0,
            new WeeklyWindow(0x7F, Math.Max(from, 0), Math.Max(to, 0)),
            sensitive,
            settings?.Bypass ?? true,
            silence.Enabled,
            TimeSpan.FromMinutes(Math.Clamp(silence.Minutes, 5, 1440)));
    }
}
