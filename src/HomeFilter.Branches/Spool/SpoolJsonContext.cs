using System.Text.Json.Serialization;
using HomeFilter.Storage.Alerts;
using HomeFilter.Storage.QueryLog;

namespace HomeFilter.Branches.Spool;

/// <summary>How spooled rows, gaps and alerts are kept in the spool database (JSON text, one per row).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(QueryLogRecord))]
[JsonSerializable(typeof(QueryLogGap))]
[JsonSerializable(typeof(Alert))]
internal sealed partial class SpoolJsonContext : JsonSerializerContext;
