using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HomeFilter.Monitoring.Evidence;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Storage.Sqlite.QueryLog;
using Microsoft.Extensions.Options;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Monitoring.Tests.Evidence;

public sealed class EvidenceTests : IAsyncLifetime
{
    private static readonly DateTime Night = new(2026, 11, 28, 22, 0, 0, DateTimeKind.Utc);
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-evidence-test-").FullName;
    private SqliteQueryLogStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteQueryLogStore(Path.Combine(_folder, "querylog.db"), Options.Create(new QueryLogOptions()));
        await _store.InitializeAsync(CancellationToken.None);
        var rows = new List<QueryLogRecord>();
        for (var i = 0; i < 50; i++)
        {
            rows.Add(new QueryLogRecord
            {
                TimeUtc = Night.AddSeconds(i * 7).AddMilliseconds(123),
                Client = i % 5 == 0 ? "192.168.1.21" : "192.168.1.20",
                Group = "kids",
                Name = i % 3 == 0 ? "chat.example" : $"site{i}.example",
                Type = 1,
                Outcome = i % 3 == 0 ? QueryOutcome.Blocked : QueryOutcome.Forwarded,
                Category = i % 3 == 0 ? "social" : null,
                Rule = i % 3 == 0 ? "category social, \"kids\"" : null, // a comma and quotes: CSV quoting is exercised
                Answers = i % 3 == 0 ? [] : ["192.0.2.1", "2001:db8::1"],
                Device = i % 5 == 0 ? null : "Emma's tablet",
                Mac = i % 5 == 0 ? null : "02:00:5e:10:00:01",
                ClientId = i % 2 == 0 && i % 5 != 0 ? "emma-tablet" : null,
            });
        }

        await _store.AppendAsync(rows, CancellationToken.None);
    }

    private Task<EvidenceManifest> ExportAsync(string output) => EvidenceExporter.ExportAsync(
        _store, new EvidenceRequest("192.168.1.20", null, Night, Night.AddHours(1)), "{ \"groups\": [] }\n", 7, output, Night.AddDays(1), CancellationToken.None);

    [Fact]
    public async Task An_export_verifies_and_holds_only_the_clients_rows_in_order()
    {
        var folder = Path.Combine(_folder, "export");
        var manifest = await ExportAsync(folder);
        Assert.Equal(40, manifest.Rows);
        var verification = EvidenceVerifier.Verify(folder);
        Assert.True(verification.Valid, string.Join("; ", verification.Problems));
        Assert.Equal(40, verification.Rows);

        var lines = await File.ReadAllLinesAsync(Path.Combine(folder, EvidenceFormat.RowsCsv));
        Assert.StartsWith("2026-11-28T22:00:07.123Z,192.168.1.20,kids,", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("192.168.1.21", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"category social, \"\"kids\"\"\"", StringComparison.Ordinal));
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, EvidenceFormat.RowsJson)))!.AsArray();
        Assert.Equal(40, json.Count);
        Assert.Equal("2026-11-28T22:00:07.123Z", (string?)json[0]!["timeUtc"]);
    }

    [Fact]
    public async Task Changing_one_byte_of_a_file_fails_verification_naming_the_file()
    {
        var folder = Path.Combine(_folder, "tampered");
        await ExportAsync(folder);
        var csv = Path.Combine(folder, EvidenceFormat.RowsCsv);
        var bytes = await File.ReadAllBytesAsync(csv);
        var at = Array.IndexOf(bytes, (byte)'s', 200);
        bytes[at] = (byte)'S';
        await File.WriteAllBytesAsync(csv, bytes);
        var verification = EvidenceVerifier.Verify(folder);
        Assert.False(verification.Valid);
        Assert.Contains(verification.Problems, p => p.StartsWith("rows.csv: SHA-256", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_row_with_a_recomputed_file_hash_still_breaks_the_chain()
    {
        var folder = Path.Combine(_folder, "forged");
        await ExportAsync(folder);
        var csv = Path.Combine(folder, EvidenceFormat.RowsCsv);
        var text = (await File.ReadAllTextAsync(csv)).Replace("site11.example", "site11.exampl3", StringComparison.Ordinal);
        await File.WriteAllTextAsync(csv, text, new UTF8Encoding(false));
        var manifestPath = Path.Combine(folder, EvidenceFormat.Manifest);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
        manifest["sha256"]![EvidenceFormat.RowsCsv] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());
        var verification = EvidenceVerifier.Verify(folder);
        Assert.False(verification.Valid);
        Assert.Contains(verification.Problems, p => p.Contains("hash chain breaks", StringComparison.Ordinal));
        Assert.DoesNotContain(verification.Problems, p => p.StartsWith("rows.csv: SHA-256", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_zip_export_verifies_and_a_missing_file_is_named()
    {
        var zip = Path.Combine(_folder, "reports", "evidence.zip"); // the folder is made as needed
        await ExportAsync(zip);
        Assert.True(EvidenceVerifier.Verify(zip).Valid);

        var folder = Path.Combine(_folder, "partial");
        await ExportAsync(folder);
        File.Delete(Path.Combine(folder, EvidenceFormat.PolicyJson));
        Assert.Contains("policy.json is missing", EvidenceVerifier.Verify(folder).Problems);
        Assert.False(EvidenceVerifier.Verify(Path.Combine(_folder, "nothing-here")).Valid);
    }

    [Fact]
    public async Task The_chain_checked_by_hand_as_documented_gives_the_manifest_head_and_each_rows_value()
    {
        var folder = Path.Combine(_folder, "by-hand");
        var manifest = await ExportAsync(folder);

        // docs/monitoring.md: h0 = SHA-256 of the ASCII label; each data line without its last field extends the chain.
        var chain = SHA256.HashData("HomeFilter evidence v2"u8);
        var lines = (await File.ReadAllTextAsync(Path.Combine(folder, EvidenceFormat.RowsCsv))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines.Skip(1))
        {
            var comma = line.LastIndexOf(',');
            chain = SHA256.HashData([.. chain, .. Encoding.UTF8.GetBytes(line[..comma])]);
            Assert.Equal(Convert.ToHexStringLower(chain), line[(comma + 1)..]);
        }

        Assert.Equal(manifest.ChainHead, Convert.ToHexStringLower(chain));
        Assert.Equal(lines.Length - 1, manifest.Rows);
        var onDisk = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, EvidenceFormat.Manifest)))!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(folder, EvidenceFormat.RowsJson)))), (string?)onDisk["sha256"]![EvidenceFormat.RowsJson]);
        Assert.Equal(7, (long)onDisk["policyGeneration"]!);
        Assert.Equal("{ \"groups\": [] }\n", await File.ReadAllTextAsync(Path.Combine(folder, EvidenceFormat.PolicyJson)));
    }

    [Fact]
    public async Task Rows_name_the_device_its_MAC_and_client_ID()
    {
        var folder = Path.Combine(_folder, "devices");
        await ExportAsync(folder);
        var lines = await File.ReadAllLinesAsync(Path.Combine(folder, EvidenceFormat.RowsCsv));
        Assert.Equal(EvidenceFormat.Header + ",chain_sha256", lines[0]);
        Assert.EndsWith(",device,mac,client_id,chain_sha256", lines[0], StringComparison.Ordinal);
        var fields = EvidenceFormat.SplitCsv(lines[2]); // row i = 2: a named device with a client ID
        Assert.Equal(["Emma's tablet", "02:00:5e:10:00:01", "emma-tablet"], fields.Skip(11).Take(3));
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, EvidenceFormat.RowsJson)))!.AsArray();
        Assert.Equal("emma-tablet", (string?)json[1]!["clientId"]);
        Assert.Equal("Emma's tablet", (string?)json[1]!["device"]);
    }

    [Fact]
    public async Task An_export_of_format_v1_still_verifies_and_a_forged_one_does_not()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "v1")).FullName;
        WriteV1Export(folder, "2026-11-28T22:00:07.123Z,192.168.1.20,kids,site1.example,1,forwarded,,,,0,192.0.2.1");
        var verification = EvidenceVerifier.Verify(folder);
        Assert.True(verification.Valid, string.Join("; ", verification.Problems));
        Assert.Equal(1, verification.Rows);

        // The same rows labelled v2 do not check: each format has its own header and chain.
        var manifest = Path.Combine(folder, EvidenceFormat.Manifest);
        await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(manifest)).Replace("HomeFilter evidence v1", "HomeFilter evidence v2", StringComparison.Ordinal));
        Assert.Contains("rows.csv: the header is not the expected one", EvidenceVerifier.Verify(folder).Problems);
    }

    /// <summary>An export as version 1 wrote it: its header, chain label and manifest format.</summary>
    private static void WriteV1Export(string folder, params string[] rows)
    {
        var chain = SHA256.HashData("HomeFilter evidence v1"u8);
        var csv = new StringBuilder(EvidenceFormat.HeaderV1 + ",chain_sha256\r\n");
        var json = new JsonArray();
        foreach (var row in rows)
        {
            chain = SHA256.HashData([.. chain, .. Encoding.UTF8.GetBytes(row)]);
            csv.Append(row).Append(',').Append(Convert.ToHexStringLower(chain)).Append("\r\n");
            json.Add(new JsonObject { ["chainSha256"] = Convert.ToHexStringLower(chain) });
        }

        var files = new Dictionary<string, byte[]>
        {
            [EvidenceFormat.RowsCsv] = Encoding.UTF8.GetBytes(csv.ToString()),
            [EvidenceFormat.RowsJson] = Encoding.UTF8.GetBytes(json.ToJsonString()),
            [EvidenceFormat.PolicyJson] = "{}"u8.ToArray(),
        };
        var sha = new JsonObject();
        foreach (var (name, content) in files)
        {
            File.WriteAllBytes(Path.Combine(folder, name), content);
            sha[name] = Convert.ToHexStringLower(SHA256.HashData(content));
        }

        var manifest = new JsonObject
        {
            ["format"] = "HomeFilter evidence v1",
            ["createdUtc"] = "2026-11-29T00:00:00Z",
            ["request"] = new JsonObject { ["client"] = "192.168.1.20", ["fromUtc"] = "2026-11-28T22:00:00Z", ["toUtc"] = "2026-11-28T23:00:00Z" },
            ["rows"] = rows.Length,
            ["policyGeneration"] = 1,
            ["sha256"] = sha,
            ["chainHead"] = Convert.ToHexStringLower(chain),
            ["algorithm"] = "v1",
        };
        File.WriteAllText(Path.Combine(folder, EvidenceFormat.Manifest), manifest.ToJsonString());
    }

    [Fact]
    public async Task A_forged_row_is_named_by_its_number()
    {
        var folder = Path.Combine(_folder, "forged-row");
        await ExportAsync(folder);
        var csv = Path.Combine(folder, EvidenceFormat.RowsCsv);
        var lines = (await File.ReadAllTextAsync(csv)).Split("\r\n");
        lines[3] = lines[3].Replace(",192.168.1.20,", ",192.168.1.99,", StringComparison.Ordinal);
        await File.WriteAllTextAsync(csv, string.Join("\r\n", lines), new UTF8Encoding(false));
        var problems = EvidenceVerifier.Verify(folder).Problems;
        Assert.Contains("rows.csv row 3: the hash chain breaks here (the row or one before it was changed)", problems);
        Assert.DoesNotContain(problems, p => p.StartsWith("rows.csv row 2:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("plain.example", "plain.example")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "two lines")]
    [InlineData("line\nbreak, and comma", "\"line break, and comma\"")]
    public void Fields_follow_RFC_4180_and_never_break_a_line(string? value, string expected) =>
        Assert.Equal(expected, EvidenceFormat.Field(value));

    [Fact]
    public void The_canonical_line_lists_every_column_of_the_header()
    {
        var line = EvidenceFormat.CanonicalLine(new QueryLogRecord
        {
            TimeUtc = new DateTime(2026, 11, 28, 21, 14, 3, 123, DateTimeKind.Utc),
            Client = "192.168.1.20",
            Group = "kids",
            Name = "casino.example",
            Type = 28,
            Outcome = QueryOutcome.Blocked,
            Category = "gambling",
            Rule = "category gambling",
            ResponseCode = 3,
            Answers = ["192.0.2.1", "2001:db8::1"],
        });
        Assert.Equal("2026-11-28T21:14:03.123Z,192.168.1.20,kids,casino.example,28,blocked,gambling,category gambling,,3,192.0.2.1 2001:db8::1,,,", line);
        Assert.Equal(EvidenceFormat.Header.Split(',').Length, EvidenceFormat.SplitCsv(line).Count);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
