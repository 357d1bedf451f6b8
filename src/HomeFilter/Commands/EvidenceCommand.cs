using System.Globalization;
using HomeFilter.Monitoring.Evidence;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Storage.Sqlite.QueryLog;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace HomeFilter.Commands;

/// <summary>
/// <c>HomeFilter evidence export --client IP|--group NAME --from ISO --to ISO --out DIR|FILE.zip [--data DIR] [--policy FILE]</c>
/// writes an evidence export from the query log; <c>HomeFilter evidence verify PATH</c> checks one (exit 0 intact,
/// 1 altered, 2 usage).
/// </summary>
public static class EvidenceCommand
{
    public const string Usage = "usage: HomeFilter evidence export (--client IP | --group NAME) --from 2026-11-28T00:00:00Z --to 2026-11-29T00:00:00Z --out DIR|FILE.zip [--data DIR] [--policy FILE]\n       HomeFilter evidence verify DIR|FILE.zip";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length == 2 && args[0] == "verify")
        {
            if (!Directory.Exists(args[1]) && !File.Exists(args[1]))
            {
                await stderr.WriteLineAsync($"{args[1]}: no such folder or .zip file\n{Usage}").ConfigureAwait(false);
                return 2;
            }

            var result = EvidenceVerifier.Verify(args[1]);
            if (result.Valid)
            {
                await stdout.WriteLineAsync($"intact: {result.Rows} rows, every file hash and the hash chain match the manifest").ConfigureAwait(false);
                return 0;
            }

            await stdout.WriteLineAsync("ALTERED or incomplete:").ConfigureAwait(false);
            foreach (var problem in result.Problems)
            {
                await stdout.WriteLineAsync("  " + problem).ConfigureAwait(false);
            }

            return 1;
        }

        if (args.Length < 1 || args[0] != "export" || !TryOptions(args[1..], out var options))
        {
            await stderr.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        if ((!options.ContainsKey("client") && !options.ContainsKey("group")) || !options.TryGetValue("out", out var output) ||
            !TryTime(options, "from", out var from) || !TryTime(options, "to", out var to) || from >= to)
        {
            await stderr.WriteLineAsync("export needs --client or --group, --from before --to (ISO-8601) and --out\n" + Usage).ConfigureAwait(false);
            return 2;
        }

        var data = Path.GetFullPath(options.GetValueOrDefault("data") ?? "data");
        var database = Path.Combine(data, "querylog.db");
        if (!File.Exists(database))
        {
            await stderr.WriteLineAsync($"no query log at {database} (use --data)").ConfigureAwait(false);
            return 2;
        }

        var policyPath = options.GetValueOrDefault("policy") ?? Path.Combine(data, "policy.json");
        var policy = File.Exists(policyPath) ? await File.ReadAllTextAsync(policyPath).ConfigureAwait(false) : "{}\n";
        // Reads only: no InitializeAsync (which migrates), so a running server's log is never written to;
        // WAL lets this read beside the server's writer.
        await using var store = new SqliteQueryLogStore(database, Options.Create(new QueryLogOptions()));
        EvidenceManifest manifest;
        try
        {
            manifest = await EvidenceExporter.ExportAsync(store, new EvidenceRequest(options.GetValueOrDefault("client"), options.GetValueOrDefault("group"), from, to), policy, 0, output, DateTime.UtcNow, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"export failed: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{manifest.Rows} rows written to {output}; chain head {manifest.ChainHead}")).ConfigureAwait(false);
        return 0;
    }

    private static bool TryOptions(string[] args, out Dictionary<string, string> options)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return false;
            }

            options[args[i][2..]] = args[i + 1];
        }

        return true;
    }

    private static bool TryTime(Dictionary<string, string> options, string key, out DateTime time)
    {
        time = default;
        if (!options.TryGetValue(key, out var text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        time = parsed.UtcDateTime;
        return true;
    }
}
