using System.Globalization;
using System.Net;
using System.Text;
using HomeFilter.Storage.QueryLog;

namespace HomeFilter.Monitoring.Digests;

/// <summary>Renders a digest as one self-contained HTML page: no scripts, no external resources, every name encoded.</summary>
public static class DigestHtml
{
    public static string Render(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var c = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        var title = $"HomeFilter {(digest.Period == DigestPeriod.Week ? "weekly" : "daily")} summary for {digest.Subject}";
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>")
            .Append("<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;color:#222}td,th{padding:.2em .6em;text-align:left}td.n{text-align:right}h2{margin-top:1.5em}</style></head><body>");
        html.Append("<h1>").Append(E(title)).Append("</h1>");
        html.Append(c, $"<p>{(digest.Period == DigestPeriod.Week ? "Week ending" : "Day")} {digest.LocalDate:yyyy-MM-dd} ({E(digest.TimeZone)}): <strong>{digest.Queries}</strong> lookups, <strong>{digest.Blocked}</strong> blocked, <strong>{digest.NightQueries}</strong> at night.</p>");
        if (digest.NotLogged > 0)
        {
            html.Append(c, $"<p><strong>Not complete:</strong> {digest.NotLogged} answered lookups in this period are missing from the log (see the query log for when and why).</p>");
        }

        html.Append("<h2>Activity by hour</h2>").Append(Chart(digest.QueriesByHour));
        Table(html, "Top sites", digest.TopSites);
        Table(html, "Blocked by category", digest.BlockedByCategory);
        Table(html, "Most blocked sites", digest.TopBlocked);
        html.Append("<h2>Alerts</h2>");
        if (digest.Alerts.Count == 0)
        {
            html.Append("<p>None.</p>");
        }
        else
        {
            html.Append("<ul>");
            foreach (var alert in digest.Alerts)
            {
                html.Append(c, $"<li>{alert.TimeUtc:yyyy-MM-dd HH:mm} UTC: {E(alert.Message)}</li>");
            }

            html.Append("</ul>");
        }

        return html.Append("</body></html>").ToString();
    }

    /// <summary>A 24-bar SVG chart of lookups per local hour.</summary>
    public static string Chart(IReadOnlyList<long> byHour)
    {
        ArgumentNullException.ThrowIfNull(byHour);
        const int width = 480;
        const int height = 120;
        const int bar = width / 24;
        var max = Math.Max(1, byHour.Count == 0 ? 1 : byHour.Max());
        var c = CultureInfo.InvariantCulture;
        var svg = new StringBuilder();
        svg.Append(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height + 16}\" role=\"img\" aria-label=\"lookups per hour\">");
        for (var hour = 0; hour < byHour.Count && hour < 24; hour++)
        {
            var h = (int)Math.Round(byHour[hour] * (double)height / max);
            var fill = hour >= 23 || hour < 5 ? "#c0392b" : "#2e86c1";
            svg.Append(c, $"<rect x=\"{(hour * bar) + 1}\" y=\"{height - h}\" width=\"{bar - 2}\" height=\"{h}\" fill=\"{fill}\"><title>{hour:00}:00 {byHour[hour]}</title></rect>");
            if (hour % 3 == 0)
            {
                svg.Append(c, $"<text x=\"{hour * bar}\" y=\"{height + 12}\" font-size=\"10\">{hour:00}</text>");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    private static void Table(StringBuilder html, string heading, IReadOnlyList<CountedItem> items)
    {
        html.Append("<h2>").Append(E(heading)).Append("</h2>");
        if (items.Count == 0)
        {
            html.Append("<p>None.</p>");
            return;
        }

        html.Append("<table>");
        foreach (var item in items)
        {
            html.Append("<tr><td>").Append(E(item.Key)).Append("</td><td class=\"n\">").Append(item.Count.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        html.Append("</table>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
