using HomeFilter.Admin.Audit;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Reload.Sources;
using HomeFilter.Rules.Lists;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Endpoints;

/// <summary>
/// Every category's lists in the snapshot in force: entries, lines skipped, download state, what the guards held back
/// and what the last build warned about; and refreshing one list or all of them now.
/// </summary>
public static class ListEndpoints
{
    public static IEndpointRouteBuilder MapListEndpoints(this IEndpointRouteBuilder routes)
    {
        // The list services are looked up rather than injected: a host without downloads (tests, a files-only setup) still serves the list view.
        routes.MapGet("/api/lists", (RuleSnapshotLoader loader, RuleSnapshotHolder rules, IServiceProvider services) => Results.Ok(Views(loader, rules.Current, StatesOf(services))))
            .WithSummary("The lists of the policy in force with their entries and state");
        routes.MapPost("/api/lists/refresh", async (HttpContext http, RuleSnapshotLoader loader, RuleSnapshotHolder rules, IServiceProvider services, AuditRecorder audit, CancellationToken cancellationToken) =>
        {
            if (services.GetService<ListRefreshService>() is not { } refresh)
            {
                return NoDownloads();
            }

            var refreshed = await refresh.RefreshAllAsync(cancellationToken).ConfigureAwait(false);
            await audit.RecordAsync(http, "lists.refresh", null, null, Summary(refreshed), cancellationToken).ConfigureAwait(false);
            return Results.Ok(Views(loader, rules.Current, StatesOf(services)));
        }).WithSummary("Downloads every list now, as the refresh timer would; rules are rebuilt once if any changed");
        routes.MapPost("/api/lists/{id}/refresh", async (string id, HttpContext http, RuleSnapshotLoader loader, RuleSnapshotHolder rules, IServiceProvider services, AuditRecorder audit, CancellationToken cancellationToken) =>
        {
            if (services.GetService<ListRefreshService>() is not { } refresh)
            {
                return NoDownloads();
            }

            var refreshed = await refresh.RefreshAsync(id, cancellationToken).ConfigureAwait(false);
            if (refreshed is null)
            {
                return ApiProblem.Status(StatusCodes.Status404NotFound, $"the policy in force has no list with id '{id}'");
            }

            await audit.RecordAsync(http, "lists.refresh", id, null, Summary([refreshed]), cancellationToken).ConfigureAwait(false);
            foreach (var view in Views(loader, rules.Current, StatesOf(services)))
            {
                if (view.Id == id)
                {
                    return Results.Ok(view);
                }
            }

            return Results.Ok(Missing(refreshed.Source, "url", refreshed, "?"));
        }).WithSummary("Downloads one list now; rules are rebuilt if it changed");
        return routes;
    }

    private static ListSourceStates StatesOf(IServiceProvider services) =>
        services.GetService<ListSourceStates>() ?? new ListSourceStates(TimeProvider.System);

    private static IResult NoDownloads() =>
        ApiProblem.Status(StatusCodes.Status503ServiceUnavailable, "list downloads are not set up in this host");

    private static List<ListView> Views(RuleSnapshotLoader loader, RuleSnapshot snapshot, ListSourceStates states)
    {
        var lists = new List<ListView>();
        foreach (var list in loader.Lists)
        {
            var category = CategoryName(snapshot, list.Source.Category);
            var download = loader.DownloadUrl(list.Source.Name);
            var url = download is not null;
            var id = ListSourceId.For(list.Source.Name);
            // Download state is kept by URL; a catalog id's is its entry's URL.
            var state = download is null ? null : states.Get(ListSourceId.For(download));
            var report = list.Report;
            var view = new ListView(
                category,
                list.Source.Name,
                Kind(list.Source.Name, download),
                report.Entries,
                report.SkippedTotal,
                list.DistinctNames,
                state?.LastSuccessUtc,
                state?.LastError ?? WarningFor(loader.Warnings, list.Source.Name))
            {
                Id = id,
                Status = Status(state, url),
                Bytes = FileSize(list.Source.Name),
                Duplicates = report.Duplicates,
                EssentialHeldBack = report.EssentialHeldBack,
                EssentialHolds = report.EssentialHolds,
            };
            lists.Add(state is null ? view : WithDownload(view, state));
        }

        foreach (var missing in snapshot.MissingSources)
        {
            var download = loader.DownloadUrl(missing.Source) ?? missing.Source;
            lists.Add(Missing(missing.Source, Kind(missing.Source, download), states.For(download), CategoryName(snapshot, missing.Category)));
        }

        return lists;
    }

    /// <summary>"url", "catalog" (a catalog id, downloaded from its entry's URL) or "file".</summary>
    private static string Kind(string source, string? download) =>
        download is null ? "file" : download == source ? "url" : "catalog";

    /// <summary>A list that is not loaded: a download that has never succeeded.</summary>
    private static ListView Missing(string source, string kind, ListSourceState state, string category) =>
        WithDownload(new(category, source, kind, 0, 0, 0, state.LastSuccessUtc, state.LastError ?? "not loaded") { Id = ListSourceId.For(source), Status = "missing" }, state);

    /// <summary>A view with what the downloads know of its source.</summary>
    private static ListView WithDownload(ListView view, ListSourceState state) => view with
    {
        LastAttemptUtc = state.LastAttemptUtc,
        LastErrorUtc = state.LastErrorUtc,
        HeldBack = state.HeldBack,
        HeldBackUtc = state.HeldBackUtc,
        Bytes = state.Bytes,
        Failures = state.Failures,
        ConsecutiveFailures = state.ConsecutiveFailures,
        NextRefreshUtc = state.NextRefreshUtc,
    };

    private static string CategoryName(RuleSnapshot snapshot, int category) =>
        category >= 0 && category < snapshot.Categories.Count ? snapshot.Categories[category] : "?";

    /// <summary>In words: "ok", "held back", "failed (using the last good copy)", or "file" for a list read from disk.</summary>
    private static string Status(ListSourceState? state, bool url) => state?.LastStatus switch
    {
        null => url ? "ok" : "file",
        ListDownloadStatus.HeldBack => "held back",
        ListDownloadStatus.FailedUsingCached => "failed (using the last good copy)",
        ListDownloadStatus.Failed => "failed",
        _ => "ok",
    };

    private static long FileSize(string path)
    {
        try
        {
            return File.Exists(path) ? new FileInfo(path).Length : 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static List<RefreshAudit> Summary(IReadOnlyList<ListSourceState> states)
    {
        var summary = new List<RefreshAudit>(states.Count);
        foreach (var state in states)
        {
            summary.Add(new RefreshAudit(state.Id, state.Source, state.LastStatus?.ToString(), state.LastError ?? state.HeldBack));
        }

        return summary;
    }

    private static string? WarningFor(IReadOnlyList<string> warnings, string source)
    {
        foreach (var warning in warnings)
        {
            if (warning.Contains(source, StringComparison.Ordinal))
            {
                return warning;
            }
        }

        return null;
    }

    /// <summary>
    /// One list. The positional members are the original shape of <c>GET /api/lists</c>; the rest were added beside them.
    /// <see cref="HeldBack"/> is why a guard kept the last good copy in force; <see cref="EssentialHolds"/> the entries
    /// (with line numbers) not applied because they would block an essential name.
    /// </summary>
    public sealed record ListView(string Category, string Source, string Kind, int Entries, int Skipped, int DistinctNames, DateTime? LastSuccessUtc, string? Error)
    {
        public string Id { get; init; } = "";

        public string Status { get; init; } = "ok";

        public DateTime? LastAttemptUtc { get; init; }

        public DateTime? LastErrorUtc { get; init; }

        public string? HeldBack { get; init; }

        public DateTime? HeldBackUtc { get; init; }

        public long Bytes { get; init; }

        public long Failures { get; init; }

        public int ConsecutiveFailures { get; init; }

        public DateTime? NextRefreshUtc { get; init; }

        public int Duplicates { get; init; }

        public int EssentialHeldBack { get; init; }

        public IReadOnlyList<EssentialHold> EssentialHolds { get; init; } = [];
    }

    private sealed record RefreshAudit(string Id, string Source, string? Status, string? Error);
}
