using System.Net;
using HomeFilter.Admin.Devices;
using HomeFilter.Resolver.Reload;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Storage.QueryLog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Endpoints;

/// <summary>
/// Setting a device up for encrypted DNS (its DoH URL, DoT / Private DNS name, a QR code, an Apple profile) and
/// suggested names for unnamed clients from the network (DHCP leases, reverse DNS).
/// </summary>
public static class DeviceSetupEndpoints
{
    /// <summary>Where the install guide explains the encrypted transports (shown when none is configured).</summary>
    public const string DocsLink = "docs/install.md#encrypted-dns-for-phones-and-laptops";

    public static IEndpointRouteBuilder MapDeviceSetupEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/devices/suggestions", async (IServiceProvider services, RuleSnapshotHolder rules, IConfiguration configuration, IReverseLookup reverse, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var seen = new List<string>();
            if (services.GetService<IQueryLogStore>() is { } store)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                foreach (var activity in await store.GetDevicesAsync(new DeviceActivityFilter { From = now.AddDays(-7), To = now.AddHours(1) }, cancellationToken).ConfigureAwait(false))
                {
                    seen.Add(activity.Client);
                }
            }

            var leases = DhcpLeases.Read(DeviceSuggestions.LeasesPath(configuration));
            return Results.Ok(await DeviceSuggestions.FindAsync(rules.Current.Policy.Document, leases, seen, reverse, cancellationToken).ConfigureAwait(false));
        }).WithSummary("Names the network has for clients nobody named yet: DHCP lease host names and reverse DNS of LAN clients seen this week");

        routes.MapGet("/api/devices/{device}/setup", (string device, RuleSnapshotHolder rules, IConfiguration configuration) =>
        {
            if (Find(rules.Current.Policy.Document, device) is not { } definition)
            {
                return NotNamed(device);
            }

            var endpoints = EncryptedDnsEndpoints.Read(configuration);
            var problems = new List<string>(endpoints.Problems);
            var clientId = string.IsNullOrWhiteSpace(definition.ClientId) ? null : definition.ClientId.Trim();
            DeviceSetup setup = new(null, null, null, null);
            string? qr = null;
            string? mobileconfig = null;
            if (clientId is null)
            {
                problems.Add("This device has no client ID yet: give it one, so HomeFilter knows it whatever network it is on.");
            }
            else
            {
                setup = DeviceSetup.For(endpoints, clientId);
                qr = setup.DohUrl is { } url ? QrCodeSvg.For(url) : null;
                mobileconfig = setup.DohUrl is null ? null : $"/api/devices/{Uri.EscapeDataString(device)}/mobileconfig";
            }

            return Results.Ok(new SetupView(
                definition.Name,
                definition.Addresses.Count > 0 ? definition.Addresses[0] : null,
                definition.Macs ?? [],
                clientId,
                DeviceSetup.SuggestClientId(definition.Name),
                endpoints.Host,
                endpoints.HostSource,
                endpoints.Configured,
                setup.DohUrl,
                setup.DotHost,
                setup.DotPort,
                setup.AndroidPrivateDns,
                mobileconfig,
                qr,
                DocsLink,
                problems));
        }).WithSummary("How to point one named device at HomeFilter's encrypted DNS: DoH URL, DoT and Android Private DNS name, QR code, Apple profile");

        routes.MapGet("/api/devices/{device}/mobileconfig", (string device, RuleSnapshotHolder rules, IConfiguration configuration) =>
        {
            if (Find(rules.Current.Policy.Document, device) is not { } definition)
            {
                return NotNamed(device);
            }

            if (string.IsNullOrWhiteSpace(definition.ClientId))
            {
                return ApiProblem.Status(StatusCodes.Status409Conflict, $"{definition.Name} has no client ID yet; give it one first");
            }

            var clientId = definition.ClientId.Trim();
            var endpoints = EncryptedDnsEndpoints.Read(configuration);
            if (endpoints.Host is not { } host || DeviceSetup.For(endpoints, clientId).DohUrl is not { } url)
            {
                return ApiProblem.Status(StatusCodes.Status409Conflict, "DNS-over-HTTPS is not configured (HomeFilter:Dns:Https:Listen and HomeFilter:Dns:HostName); see " + DocsLink);
            }

            var profile = AppleConfigurationProfile.Create(definition.Name, host, clientId, url);
            return Results.File(profile, AppleConfigurationProfile.ContentType, $"homefilter-{clientId}.mobileconfig");
        }).WithSummary("An Apple configuration profile (.mobileconfig) that sets the device's DNS to its DoH URL");
        return routes;
    }

    /// <summary>The policy's device with this address, or with this client ID.</summary>
    internal static DeviceDefinition? Find(PolicyDocument document, string device)
    {
        var address = IPAddress.TryParse(device, out var parsed) && !device.Contains('/', StringComparison.Ordinal)
            ? (parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed).ToString()
            : null;
        foreach (var definition in document.Devices)
        {
            if (address is not null ? definition.Addresses.Contains(address) : string.Equals(definition.ClientId?.Trim(), device, StringComparison.OrdinalIgnoreCase))
            {
                return definition;
            }
        }

        return null;
    }

    private static IResult NotNamed(string device) =>
        ApiProblem.NotFound($"no named device '{device}': name the device first (by its address), then set it up");

    public sealed record SetupView(
        string Device,
        string? Address,
        IReadOnlyList<string> Macs,
        string? ClientId,
        string SuggestedClientId,
        string? Host,
        string HostSource,
        bool Configured,
        string? DohUrl,
        string? DotHost,
        int? DotPort,
        string? AndroidPrivateDns,
        string? MobileconfigUrl,
        string? QrSvg,
        string DocsUrl,
        IReadOnlyList<string> Problems);
}
