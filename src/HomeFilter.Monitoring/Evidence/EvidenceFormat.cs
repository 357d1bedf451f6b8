using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.QueryLog;

namespace HomeFilter.Monitoring.Evidence;

/// <summary>
/// The evidence format, in one place so export and verify cannot disagree. A row's canonical form is its CSV
/// line without the chain column; the chain is h0 = SHA-256("HomeFilter evidence v2"), hᵢ = SHA-256(hᵢ₋₁ ‖ UTF-8 of
/// row i's canonical line); every file's SHA-256 and the last chain value are in manifest.json.
/// Version 2 adds the device columns (device, mac, client_id); an export of version 1 still verifies with its own
/// header and chain label (<see cref="Versions"/>).
/// </summary>
public static class EvidenceFormat
{
    /// <summary>The format this program writes (manifest <c>format</c>, also the chain's start label).</summary>
    public const string Version = "HomeFilter evidence v2";

    /// <summary>The rows.csv header of version 1 (before devices were named).</summary>
    public const string HeaderV1 = "time_utc,client,group,name,type,outcome,category,rule,upstream,response_code,answers";

    /// <summary>Every format the verifier knows: its manifest <c>format</c> (the chain label) and its rows.csv header (without the chain column).</summary>
    public static readonly IReadOnlyDictionary<string, string> Versions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["HomeFilter evidence v1"] = HeaderV1,
        [Version] = Header,
    };

    public const string RowsCsv = "rows.csv";
    public const string RowsJson = "rows.json";
    public const string PolicyJson = "policy.json";
    public const string Manifest = "manifest.json";
    public const string ChainLabel = Version;
    public const string Header = HeaderV1 + ",device,mac,client_id";

    public static readonly string[] DataFiles = [RowsCsv, RowsJson, PolicyJson];

    public static byte[] ChainStart() => ChainStart(ChainLabel);

    /// <summary>h0 of the given format (its label).</summary>
    public static byte[] ChainStart(string label) => SHA256.HashData(Encoding.ASCII.GetBytes(label));

    public static byte[] Chain(byte[] previous, string canonicalLine)
    {
        var line = Encoding.UTF8.GetBytes(canonicalLine);
        var input = new byte[previous.Length + line.Length];
        previous.CopyTo(input, 0);
        line.CopyTo(input, previous.Length);
        return SHA256.HashData(input);
    }

    /// <summary>ISO-8601 UTC with milliseconds: 2026-11-28T21:14:03.123Z.</summary>
    public static string Time(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string CanonicalLine(QueryLogRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return string.Join(',',
            Field(Time(row.TimeUtc)),
            Field(row.Client),
            Field(row.Group),
            Field(row.Name),
            Field(row.Type.ToString(CultureInfo.InvariantCulture)),
            Field(row.Outcome.ToString().ToLowerInvariant()),
            Field(row.Category),
            Field(row.Rule),
            Field(row.Upstream),
            Field(row.ResponseCode.ToString(CultureInfo.InvariantCulture)),
            Field(string.Join(' ', row.Answers)),
            Field(row.Device),
            Field(row.Mac),
            Field(row.ClientId));
    }

    /// <summary>
    /// RFC 4180: quoted when it holds a comma or quote; quotes doubled. Line breaks (never in names, conceivably in
    /// a rule's words) become spaces, so every row is exactly one line and the chain can be checked with line tools.
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            value = value.ReplaceLineEndings(" ");
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);

    /// <summary>Splits one CSV record (RFC 4180) into fields.</summary>
    public static List<string> SplitCsv(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
