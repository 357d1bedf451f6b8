using System.Net;
using System.Net.Sockets;
using HomeFilter.Admin.Devices;
using HomeFilter.Admin.Policy;
using HomeFilter.Monitoring.Devices;
using HomeFilter.Monitoring.Activity;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Resolver.Reload;
using HomeFilter.Rules.Policy.Document;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Endpoints;

/// <summary>
/// Devices: every address that has queried (first and last seen, today's queries and blocks, from the query log)
/// and every device the policy names; naming one or moving it to a group is an edit of the policy.
/// </summary>
public static class DeviceEndpoints
{
    public static IEndpointRouteBuilder MapDeviceEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/devices", async (IServiceProvider services, RuleSnapshotHolder rules, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var snapshot = rules.Current;
            var document = snapshot.Policy.Document;
            var now = clock.GetUtcNow();
            var today = StartOfToday(now, snapshot.Policy.TimeZone);
            var seen = services.GetService<IQueryLogStore>() is { } store
                ? await store.GetDevicesAsync(new DeviceActivityFilter { From = today, To = now.UtcDateTime.AddHours(1) }, cancellationToken).ConfigureAwait(false)
                : [];
            var devices = new List<DeviceView>();
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var activity in seen)
            {
                listed.Add(activity.Client);
                devices.Add(View(activity.Client, document, snapshot, now.UtcDateTime, activity));
            }

            foreach (var device in document.Devices)
            {
                foreach (var address in device.Addresses)
                {
                    if (listed.Add(address))
                    {
                        devices.Add(View(address, document, snapshot, now.UtcDateTime, null));
                    }
                }
            }

            foreach (var entry in document.Overrides)
            {
                if (entry.Client is { } client && listed.Add(client))
                {
                    devices.Add(View(client, document, snapshot, now.UtcDateTime, null));
                }
            }

            return Results.Ok(devices);
        }).WithSummary("Every device: name, group, first and last seen, today's queries and blocks, active overrides");

        routes.MapGet("/api/devices/night", async (string? nights, IServiceProvider services, RuleSnapshotHolder rules, CancellationToken cancellationToken) =>
        {
            if (services.GetService<DeviceActivityService>() is not { } activity)
            {
                return ApiProblem.Status(StatusCodes.Status409Conflict, "night activity needs the query log, which is switched off");
            }

            var count = 14;
            if (!string.IsNullOrEmpty(nights) && (!int.TryParse(nights, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count is < 1 or > NightActivityAnalyzer.MaxBaselineNights))
            {
                return ApiProblem.BadRequest($"nights must be 1 to {NightActivityAnalyzer.MaxBaselineNights}");
            }

            var devices = rules.Current.Policy.Devices;
            var result = await activity.NightAsync(count, cancellationToken).ConfigureAwait(false);
            var views = new List<NightView>(result.Count);
            foreach (var night in result)
            {
                views.Add(new NightView(
                    night.Client,
                    devices.NameFor(night.Client),
                    night.Group,
                    night.Night,
                    NightWindow.Text(night.Window.From) + "–" + NightWindow.Text(night.Window.To),
                    night.InProgress,
                    night.Queries,
                    night.PreviousNights.Count,
                    night.BaselineMedian,
                    night.BaselineMean,
                    night.Unusual));
            }

            return Results.Ok(views);
        }).WithSummary("Each device's lookups in its night window, tonight (or last night) against its own earlier nights");

        routes.MapPut("/api/devices/{address}", (string address, DeviceChange body, HttpContext http, PolicyEditor editor, CancellationToken cancellationToken) =>
        {
            if (!IPAddress.TryParse(address, out var parsed) || address.Contains('/', StringComparison.Ordinal))
            {
                return Task.FromResult(ApiProblem.BadRequest("the device must be named by one IP address"));
            }

            // The policy stores an IPv4-mapped address in its IPv4 form, as its validator does.
            var key = (parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed).ToString();
            var name = string.IsNullOrWhiteSpace(body.Name) ? null : body.Name.Trim();
            List<string>? macs = null;
            if (body.Macs is { } macTexts)
            {
                macs = [];
                foreach (var text in macTexts)
                {
                    if (MacAddressText.Normalize(text) is not { } mac)
                    {
                        return Task.FromResult(ApiProblem.BadRequest($"'{text}' is not a MAC address (aa:bb:cc:dd:ee:ff)"));
                    }

                    if (!macs.Contains(mac))
                    {
                        macs.Add(mac);
                    }
                }
            }

            // Null leaves the client ID as it is; "" removes it.
            var clientId = body.ClientId?.Trim().ToLowerInvariant();
            if (clientId is { Length: > 0 } && !DeviceSetup.IsClientId(clientId))
            {
                return Task.FromResult(ApiProblem.BadRequest("a client ID is one DNS label: a-z, 0-9 and inner hyphens, at most 63 characters"));
            }

            if (name is null && (macs is { Count: > 0 } || clientId is { Length: > 0 }))
            {
                return Task.FromResult(ApiProblem.BadRequest("name the device to give it MAC addresses or a client ID"));
            }

            var group = string.IsNullOrWhiteSpace(body.Group) || body.Group == GroupEndpoints.DefaultGroup ? null : body.Group.Trim();
            return editor.EditAsync(http, "device.change", key, document =>
            {
                if (group is not null && !document.Groups.Exists(g => g.Name == group))
                {
                    return PolicyEdit.Refuse(ApiProblem.NotFound($"no group '{group}'"));
                }

                if (clientId is { Length: > 0 } && document.Devices.Find(d => d.ClientId == clientId && !d.Addresses.Contains(key)) is { } holder)
                {
                    return PolicyEdit.Refuse(ApiProblem.BadRequest($"the client ID '{clientId}' is {holder.Name}'s already"));
                }

                var before = Describe(document, key);
                SetName(document, key, name);
                SetGroup(document, key, group);
                SetIdentity(document, key, macs, clientId);
                return new PolicyEdit(before, Describe(document, key));
            }, cancellationToken);
        }).WithSummary("Name a device and choose its group (null: the default rules); optionally its MAC addresses and client ID");
        routes.MapDeviceSetupEndpoints();
        return routes;
    }

    /// <summary>Midnight today in the policy's time zone, as UTC.</summary>
    internal static DateTime StartOfToday(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var midnight = new DateTimeOffset(local.Date, zone.GetUtcOffset(local.Date));
        return midnight.UtcDateTime;
    }

    private static DeviceView View(string address, PolicyDocument document, RuleSnapshot snapshot, DateTime nowUtc, DeviceActivity? activity)
    {
        var group = IPAddress.TryParse(address, out var parsed) ? snapshot.Policy.GroupFor(Bytes(parsed)).Name : null;
        return new DeviceView(
            address,
            snapshot.Policy.Devices.NameFor(address),
            group,
            activity?.FirstSeenUtc,
            activity?.LastSeenUtc,
            activity?.Queries ?? 0,
            activity?.Blocked ?? 0,
            OverrideViews.ForClient(document, address, nowUtc),
            document.Devices.Find(d => d.Addresses.Contains(address)) is { } named ? named.Macs ?? [] : [],
            document.Devices.Find(d => d.Addresses.Contains(address))?.ClientId);
    }

    private static object Describe(PolicyDocument document, string address)
    {
        var device = document.Devices.Find(d => d.Addresses.Contains(address));
        return new { name = device?.Name, group = document.Groups.Find(g => g.Clients.Contains(address))?.Name, macs = device?.Macs, clientId = device?.ClientId };
    }

    /// <summary>The named device's MACs (null: unchanged) and client ID (null: unchanged, "": none).</summary>
    private static void SetIdentity(PolicyDocument document, string address, List<string>? macs, string? clientId)
    {
        if (document.Devices.Find(d => d.Addresses.Contains(address)) is not { } device)
        {
            return;
        }

        if (macs is not null)
        {
            device.Macs = macs;
        }

        if (clientId is not null)
        {
            device.ClientId = clientId.Length == 0 ? null : clientId;
        }
    }

    private static void SetName(PolicyDocument document, string address, string? name)
    {
        var existing = document.Devices.Find(d => d.Addresses.Contains(address));
        if (name is null)
        {
            if (existing is not null)
            {
                existing.Addresses.Remove(address);
                if (existing.Addresses.Count == 0)
                {
                    document.Devices.Remove(existing);
                }
            }

            return;
        }

        if (existing is null)
        {
            document.Devices.Add(new DeviceDefinition { Name = name, Addresses = [address] });
        }
        else
        {
            existing.Name = name;
        }
    }

    /// <summary>The device's exact address leaves every group and joins the chosen one (an exact address beats any prefix).</summary>
    private static void SetGroup(PolicyDocument document, string address, string? group)
    {
        foreach (var definition in document.Groups)
        {
            definition.Clients.RemoveAll(c => c == address);
        }

        if (group is not null)
        {
            document.Groups.Find(g => g.Name == group)!.Clients.Add(address);
        }
    }


    private static byte[] Bytes(IPAddress address) =>
        (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).GetAddressBytes();

    public sealed record NightView(string Client, string? Name, string? Group, DateOnly Night, string Window, bool InProgress, long Queries, int HistoryNights, double BaselineMedian, double BaselineMean, bool Unusual);

    /// <summary>A device edit; <see cref="Macs"/> and <see cref="ClientId"/> left out (null) stay as they are, a "" client ID removes it.</summary>
    public sealed record DeviceChange(string? Name, string? Group, IReadOnlyList<string>? Macs = null, string? ClientId = null);

    public sealed record DeviceView(string Address, string? Name, string? Group, DateTime? FirstSeenUtc, DateTime? LastSeenUtc, long QueriesToday, long BlockedToday, IReadOnlyList<OverrideView> Overrides, IReadOnlyList<string> Macs, string? ClientId);
}
