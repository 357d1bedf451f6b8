using HomeFilter.Monitoring.Alerts;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Queries;
using HomeFilter.Storage.Alerts;
using HomeFilter.Storage.QueryLog;

namespace HomeFilter.Monitoring.Tests.Alerts;

public sealed class AlertRulesTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly HashSet<string> Categories = ["adult", "gambling", "social", "bypass"];
    private static readonly BackgroundNames Background = BackgroundNames.FromNames(["connectivitycheck.gstatic.com", "time.apple.com"]);

    private static QueryLogRecord Row(string utc, string name = "chat.example", QueryOutcome outcome = QueryOutcome.Forwarded, string? category = null, string client = "192.168.1.20") => new()
    {
        TimeUtc = DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal),
        Client = client,
        Group = "kids",
        Name = name,
        Type = 1,
        Outcome = outcome,
        Category = category,
    };

    private static List<Alert> Evaluate(QueryLogRecord row, GroupAlertSettings? settings = null)
    {
        var raised = new List<Alert>();
        AlertRules.Evaluate(row, AlertSettings.From(settings, Categories), London, Background, raised);
        return raised;
    }

    [Theory]
    [InlineData("192.168.1.20", "kids", "Emma's tablet (192.168.1.20, kids)")]
    [InlineData("192.168.1.20", null, "Emma's tablet (192.168.1.20)")]
    [InlineData("192.168.1.30", "kids", "192.168.1.30 (kids)")]
    [InlineData("192.168.1.30", null, "192.168.1.30")]
    public void Alerts_name_the_device_by_the_name_a_person_gave_it(string client, string? group, string expected)
    {
        var raised = new List<Alert>();
        var row = Row("2026-11-29T01:00:00Z", client: client) with { Group = group };
        AlertRules.Evaluate(row, AlertSettings.From(null, Categories), London, Background, raised, address => address == "192.168.1.20" ? "Emma's tablet" : null);
        Assert.StartsWith(expected + " was active at night", Assert.Single(raised).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-28T22:59:00Z", false)]  // 22:59 GMT
    [InlineData("2026-11-28T23:00:00Z", true)]
    [InlineData("2026-11-29T04:59:00Z", true)]   // after midnight: still the night of the 28th
    [InlineData("2026-11-29T05:00:00Z", false)]
    [InlineData("2026-07-01T22:30:00Z", true)]   // 23:30 BST in summer
    [InlineData("2026-07-01T21:59:00Z", false)]  // 22:59 BST
    public void Night_activity_follows_the_local_window_across_midnight_and_DST(string utc, bool alert) =>
        Assert.Equal(alert, Evaluate(Row(utc)).Any(a => a.Kind == AlertKind.NightActivity));

    [Fact]
    public void The_alert_names_the_device_the_row_was_recognised_as_before_the_policys_name_for_its_address()
    {
        var raised = new List<Alert>();
        var row = Row("2026-11-29T01:00:00Z") with { Device = "Emma's phone" };
        AlertRules.Evaluate(row, AlertSettings.From(null, Categories), London, Background, raised, _ => "Old tablet");
        var alert = Assert.Single(raised);
        Assert.Equal("Emma's phone", alert.Device);
        Assert.StartsWith("Emma's phone (192.168.1.20, kids)", alert.Message, StringComparison.Ordinal);

        raised.Clear();
        AlertRules.Evaluate(Row("2026-11-29T01:00:00Z"), AlertSettings.From(null, Categories), London, Background, raised, _ => "Old tablet");
        Assert.Equal("Old tablet", Assert.Single(raised).Device);
    }

    [Fact]
    public void One_night_is_one_alert_and_background_names_are_ignored()
    {
        var evening = Evaluate(Row("2026-11-28T23:30:00Z")).Single(a => a.Kind == AlertKind.NightActivity);
        var morning = Evaluate(Row("2026-11-29T03:10:00Z")).Single(a => a.Kind == AlertKind.NightActivity);
        Assert.Equal(evening.DedupeKey, morning.DedupeKey);
        Assert.NotEqual(evening.DedupeKey, Evaluate(Row("2026-11-29T23:30:00Z")).Single().DedupeKey);
        Assert.Empty(Evaluate(Row("2026-11-29T02:00:00Z", "connectivitycheck.gstatic.com")));
        Assert.Empty(Evaluate(Row("2026-11-29T02:00:00Z", "a.time.apple.com")));
    }

    [Fact]
    public void The_night_window_is_a_setting_and_can_be_switched_off()
    {
        var early = new GroupAlertSettings { NightActivity = new NightActivitySettings { From = "21:00", To = "06:00" } };
        Assert.Contains(Evaluate(Row("2026-11-28T21:30:00Z"), early), a => a.Kind == AlertKind.NightActivity);
        var off = new GroupAlertSettings { NightActivity = new NightActivitySettings { Enabled = false } };
        Assert.Empty(Evaluate(Row("2026-11-29T01:00:00Z"), off));
    }

    [Fact]
    public void The_first_blocked_sensitive_hit_of_the_day_is_one_alert_per_category()
    {
        var first = Evaluate(Row("2026-11-28T15:00:00Z", "adult.example", QueryOutcome.Blocked, "adult")).Single();
        var second = Evaluate(Row("2026-11-28T16:00:00Z", "other.adult.example", QueryOutcome.Blocked, "adult")).Single();
        Assert.Equal(AlertKind.SensitiveCategory, first.Kind);
        Assert.Equal(first.DedupeKey, second.DedupeKey);
        Assert.NotEqual(first.DedupeKey, Evaluate(Row("2026-11-29T15:00:00Z", "adult.example", QueryOutcome.Blocked, "adult")).Single().DedupeKey);
        Assert.Empty(Evaluate(Row("2026-11-28T15:00:00Z", "chat.example", QueryOutcome.Blocked, "social")));    // not sensitive by default
        Assert.Empty(Evaluate(Row("2026-11-28T15:00:00Z", "adult.example", QueryOutcome.Forwarded, "adult"))); // not blocked
        var custom = new GroupAlertSettings { SensitiveCategories = ["social"] };
        Assert.Single(Evaluate(Row("2026-11-28T15:00:00Z", "chat.example", QueryOutcome.Blocked, "social"), custom));
    }

    [Theory]
    [InlineData("use-application-dns.net", "Firefox")]
    [InlineData("mask.icloud.com", "iCloud Private Relay")]
    [InlineData("dns.google", "encrypted DNS, VPN or proxy")]
    public void Bypass_attempts_raise_alerts(string name, string description)
    {
        var alert = Evaluate(Row("2026-11-28T15:00:00Z", name, QueryOutcome.Blocked, "bypass")).Single();
        Assert.Equal(AlertKind.BypassAttempt, alert.Kind);
        Assert.Contains(description, alert.Message, StringComparison.Ordinal);
        Assert.Empty(Evaluate(Row("2026-11-28T15:00:00Z", name, QueryOutcome.Blocked, "bypass"), new GroupAlertSettings { Bypass = false }));
    }

    [Fact]
    public void A_busy_device_that_falls_silent_while_others_query_raises_one_alert()
    {
        var tracker = new SilentDeviceTracker();
        var start = new DateTime(2026, 11, 28, 15, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 20; i++)
        {
            tracker.Observe(Row(start.AddMinutes(i).ToString("O"), client: "192.168.1.20"));
        }

        var settings = AlertSettings.From(null, Categories);
        var raised = new List<Alert>();
        tracker.Observe(Row(start.AddMinutes(45).ToString("O"), client: "192.168.1.30"));
        tracker.Check(start.AddMinutes(48), _ => settings, raised);
        Assert.Empty(raised); // quiet for 29 minutes: not yet

        tracker.Check(start.AddMinutes(49), _ => settings, raised);
        var alert = Assert.Single(raised, a => a.Client == "192.168.1.20");
        Assert.Equal(AlertKind.SilentDevice, alert.Kind);

        // Nobody else active: the whole house is quiet (night, power cut), not one device.
        raised.Clear();
        tracker.Check(start.AddHours(3), _ => settings, raised);
        Assert.Empty(raised);
    }
}
