using System.Text.Json;
using HomeFilter.Admin.Security;
using HomeFilter.Storage.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace HomeFilter.Admin.Audit;

/// <summary>Writes one audit entry per change: the actor and address from the request, before/after as JSON.</summary>
public sealed class AuditRecorder(IAuditStore store, TimeProvider clock, IOptions<JsonOptions> json)
{
    /// <summary>A whole policy document can be large; the audit keeps its first 256 KiB.</summary>
    private const int MaxValueChars = 256 * 1024;

    public Task<AuditEntry> RecordAsync(HttpContext http, string action, string? target, object? before, object? after, CancellationToken cancellationToken) =>
        RecordAsync(AdminClaims.Actor(http?.User!), http?.Connection.RemoteIpAddress?.ToString(), action, target, before, after, cancellationToken);

    public Task<AuditEntry> RecordAsync(string actor, string? address, string action, string? target, object? before, object? after, CancellationToken cancellationToken) =>
        store.AppendAsync(
            new AuditEntry
            {
                TimeUtc = clock.GetUtcNow().UtcDateTime,
                Actor = actor,
                Address = address,
                Action = action,
                Target = target,
                Before = Serialize(before),
                After = Serialize(after),
            },
            cancellationToken);

    private string? Serialize(object? value)
    {
        var text = value switch
        {
            null => null,
            string s => s,
            _ => JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions),
        };
        return text is { Length: > MaxValueChars } ? text[..MaxValueChars] : text;
    }
}
