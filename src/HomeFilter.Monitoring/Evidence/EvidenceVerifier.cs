using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace HomeFilter.Monitoring.Evidence;

/// <summary>Checks an evidence export (folder or .zip): every file's SHA-256, the hash chain row by row, rows.json against rows.csv.</summary>
public static class EvidenceVerifier
{
    public static EvidenceVerification Verify(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            if (File.Exists(path) && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                using var archive = ZipFile.OpenRead(path);
                foreach (var entry in archive.Entries)
                {
                    using var stream = entry.Open();
                    using var copy = new MemoryStream();
                    stream.CopyTo(copy);
                    files[entry.FullName] = copy.ToArray();
                }
            }
            else if (Directory.Exists(path))
            {
                foreach (var name in EvidenceFormat.DataFiles.Append(EvidenceFormat.Manifest))
                {
                    var file = Path.Combine(path, name);
                    if (File.Exists(file))
                    {
                        files[name] = File.ReadAllBytes(file);
                    }
                }
            }
            else
            {
                return new EvidenceVerification(false, 0, [$"{path}: no such folder or .zip file"]);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return new EvidenceVerification(false, 0, [$"{path}: {e.Message}"]);
        }

        return Verify(files);
    }

    private static EvidenceVerification Verify(Dictionary<string, byte[]> files)
    {
        var problems = new List<string>();
        if (!files.TryGetValue(EvidenceFormat.Manifest, out var manifestBytes))
        {
            return new EvidenceVerification(false, 0, [$"{EvidenceFormat.Manifest} is missing"]);
        }

        EvidenceManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<EvidenceManifest>(manifestBytes, EvidenceExporter.JsonOptions);
        }
        catch (JsonException e)
        {
            return new EvidenceVerification(false, 0, [$"{EvidenceFormat.Manifest} is not valid: {e.Message}"]);
        }

        if (manifest?.Sha256 is null)
        {
            return new EvidenceVerification(false, 0, [$"{EvidenceFormat.Manifest} has no file hashes"]);
        }

        foreach (var name in EvidenceFormat.DataFiles)
        {
            if (!files.TryGetValue(name, out var content))
            {
                problems.Add($"{name} is missing");
            }
            else if (!manifest.Sha256.TryGetValue(name, out var expected) || !string.Equals(expected, EvidenceFormat.Hex(SHA256.HashData(content)), StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{name}: SHA-256 does not match the manifest (the file was changed)");
            }
        }

        var rows = 0L;
        var chains = new List<string>();
        if (files.TryGetValue(EvidenceFormat.RowsCsv, out var csv))
        {
            var lines = Encoding.UTF8.GetString(csv).Split("\r\n");
            // Each format has its own header and chain label; an unknown format is checked as the current one.
            var format = manifest.Format is { } named && EvidenceFormat.Versions.ContainsKey(named) ? named : EvidenceFormat.Version;
            if (manifest.Format != format)
            {
                problems.Add($"{EvidenceFormat.Manifest}: unknown format '{manifest.Format}'");
            }

            var chain = EvidenceFormat.ChainStart(format);
            if (lines.Length == 0 || lines[0] != EvidenceFormat.Versions[format] + ",chain_sha256")
            {
                problems.Add($"{EvidenceFormat.RowsCsv}: the header is not the expected one");
            }

            for (var i = 1; i < lines.Length; i++)
            {
                if (lines[i].Length == 0 && i == lines.Length - 1)
                {
                    break;
                }

                var comma = lines[i].LastIndexOf(',');
                if (comma < 0)
                {
                    problems.Add($"{EvidenceFormat.RowsCsv} row {i}: not a row");
                    continue;
                }

                chain = EvidenceFormat.Chain(chain, lines[i][..comma]);
                var hex = EvidenceFormat.Hex(chain);
                chains.Add(hex);
                if (!string.Equals(hex, lines[i][(comma + 1)..], StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{EvidenceFormat.RowsCsv} row {i}: the hash chain breaks here (the row or one before it was changed)");
                }

                rows++;
            }

            if (!string.Equals(EvidenceFormat.Hex(chain), manifest.ChainHead, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add("the chain head does not match the manifest (rows were changed, added or removed)");
            }

            if (rows != manifest.Rows)
            {
                problems.Add($"{rows} rows in {EvidenceFormat.RowsCsv}, the manifest says {manifest.Rows}");
            }
        }

        if (files.TryGetValue(EvidenceFormat.RowsJson, out var json))
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                var i = 0;
                foreach (var row in document.RootElement.EnumerateArray())
                {
                    var hex = row.GetProperty("chainSha256").GetString();
                    if (i >= chains.Count || !string.Equals(hex, chains[i], StringComparison.OrdinalIgnoreCase))
                    {
                        problems.Add($"{EvidenceFormat.RowsJson} row {i + 1}: its chain value differs from {EvidenceFormat.RowsCsv}");
                    }

                    i++;
                }

                if (i != chains.Count)
                {
                    problems.Add($"{EvidenceFormat.RowsJson} has {i} rows, {EvidenceFormat.RowsCsv} {chains.Count}");
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                problems.Add($"{EvidenceFormat.RowsJson} is not valid: {e.Message}");
            }
        }

        return new EvidenceVerification(problems.Count == 0, rows, problems);
    }
}
