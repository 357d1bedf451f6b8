using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using HomeFilter.Storage.QueryLog;

namespace HomeFilter.Monitoring.Evidence;

/// <summary>
/// Writes an evidence export of a device's (or group's) log rows for a time range: rows.csv, rows.json, the policy
/// in force, and a manifest with each file's SHA-256 and a hash chain over the rows, so anyone can later check
/// that nothing was changed (<see cref="EvidenceVerifier"/>, or by hand as docs/monitoring.md shows). Only names
/// and metadata are ever in it, never content.
/// </summary>
public static class EvidenceExporter
{
    // Relaxed escaping: the manifest is read by people too ("…" rather than \u0022…\u0022); it is never embedded in HTML.
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Exports into <paramref name="output"/>: a folder, or a <c>.zip</c> file.</summary>
    public static async Task<EvidenceManifest> ExportAsync(IQueryLogStore store, EvidenceRequest request, string policyJson, long policyGeneration, string output, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        var zip = output.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        var folder = zip ? Directory.CreateTempSubdirectory("homefilter-evidence-").FullName : Directory.CreateDirectory(output).FullName;
        try
        {
            var manifest = await WriteFolderAsync(store, request, policyJson, policyGeneration, folder, nowUtc, cancellationToken).ConfigureAwait(false);
            if (zip)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
                File.Delete(output);
                ZipFile.CreateFromDirectory(folder, output, CompressionLevel.Optimal, includeBaseDirectory: false);
            }

            return manifest;
        }
        finally
        {
            if (zip)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<EvidenceManifest> WriteFolderAsync(IQueryLogStore store, EvidenceRequest request, string policyJson, long generation, string folder, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var filter = new QueryLogFilter { Client = request.Client, Group = request.Group, Branch = request.Branch, From = request.FromUtc, To = request.ToUtc };
        var chain = EvidenceFormat.ChainStart();
        long rows = 0;
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        await using (var csv = new StreamWriter(Path.Combine(folder, EvidenceFormat.RowsCsv), append: false, utf8) { NewLine = "\r\n" })
        await using (var jsonStream = File.Create(Path.Combine(folder, EvidenceFormat.RowsJson)))
        await using (var json = new Utf8JsonWriter(jsonStream, new JsonWriterOptions { Indented = true }))
        {
            await csv.WriteLineAsync(EvidenceFormat.Header + ",chain_sha256").ConfigureAwait(false);
            json.WriteStartArray();
            await foreach (var row in store.ReadRangeAsync(filter, cancellationToken).ConfigureAwait(false))
            {
                var line = EvidenceFormat.CanonicalLine(row);
                chain = EvidenceFormat.Chain(chain, line);
                var hex = EvidenceFormat.Hex(chain);
                await csv.WriteLineAsync(line + "," + hex).ConfigureAwait(false);
                json.WriteStartObject();
                json.WriteString("timeUtc", EvidenceFormat.Time(row.TimeUtc));
                json.WriteString("client", row.Client);
                json.WriteString("group", row.Group);
                json.WriteString("name", row.Name);
                json.WriteNumber("type", row.Type);
                json.WriteString("outcome", row.Outcome.ToString().ToLowerInvariant());
                json.WriteString("category", row.Category);
                json.WriteString("rule", row.Rule);
                json.WriteString("upstream", row.Upstream);
                json.WriteNumber("responseCode", row.ResponseCode);
                json.WriteStartArray("answers");
                foreach (var answer in row.Answers)
                {
                    json.WriteStringValue(answer);
                }

                json.WriteEndArray();
                json.WriteString("device", row.Device);
                json.WriteString("mac", row.Mac);
                json.WriteString("clientId", row.ClientId);
                json.WriteString("chainSha256", hex);
                json.WriteEndObject();
                rows++;
            }

            json.WriteEndArray();
        }

        await File.WriteAllTextAsync(Path.Combine(folder, EvidenceFormat.PolicyJson), policyJson, utf8, cancellationToken).ConfigureAwait(false);
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in EvidenceFormat.DataFiles)
        {
            await using var stream = File.OpenRead(Path.Combine(folder, file));
            hashes[file] = EvidenceFormat.Hex(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }

        // Queries answered in the range but missing from the log are stated, so the export never silently lacks them.
        var gaps = await store.GetGapsAsync(request.FromUtc, request.ToUtc, request.Client, cancellationToken).ConfigureAwait(false);
        var manifest = new EvidenceManifest(
            EvidenceFormat.Version,
            nowUtc,
            request,
            rows,
            generation,
            hashes,
            EvidenceFormat.Hex(chain),
            "sha256 of each file; chain: h0 = sha256(ascii \"HomeFilter evidence v2\"), h_i = sha256(h_(i-1) bytes || utf8(row i of rows.csv without its last field)); chainHead = h_n (h0 when empty)",
            gaps.Count == 0 ? null : gaps);
        await File.WriteAllTextAsync(Path.Combine(folder, EvidenceFormat.Manifest), JsonSerializer.Serialize(manifest, JsonOptions), utf8, cancellationToken).ConfigureAwait(false);
        return manifest;
    }
}
