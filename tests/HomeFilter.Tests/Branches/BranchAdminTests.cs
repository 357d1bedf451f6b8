using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HomeFilter.Tests.Branches;

/// <summary>A branch admin sees and changes only its own branch; the network-wide policy is read-only to it.</summary>
public sealed class BranchAdminTests
{
    [Fact]
    public async Task A_branch_admin_sees_only_its_branch_and_changes_only_its_branch_part()
    {
        BranchNetwork.SkipUnlessAvailable();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var network = await BranchNetwork.StartAsync(cancellationToken);
        using var admin = BranchNetwork.Api(network.Central);
        using (var created = await admin.PostAsJsonAsync("/api/accounts", new { userName = "east-librarian", password = "correct horse battery", role = "branch-admin", branch = "east" }, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var missing = await admin.PostAsJsonAsync("/api/accounts", new { userName = "nobranch", password = "correct horse battery", role = "branch-admin" }, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        }

        for (var i = 0; i < 3; i++)
        {
            await BranchNetwork.AskAsync(network.Central, $"site{i}.test");
            await BranchNetwork.AskAsync(network.East, $"site{300 + i}.test");
        }

        await BranchNetwork.WaitAsync(async () => (await BranchNetwork.RowsAsync(admin, "central", "site")).Count == 3 && (await BranchNetwork.RowsAsync(admin, "east", "site")).Count == 3, TimeSpan.FromSeconds(20), "rows of both branches stored");

        // The accounts are the network's: the branch admin logs in at its own branch.
        using var librarian = BranchNetwork.Api(network.East, token: null);
        var anonymous = await librarian.GetFromJsonAsync<JsonElement>("/api/session", cancellationToken);
        librarian.DefaultRequestHeaders.Add("X-CSRF-TOKEN", anonymous.GetProperty("csrfToken").GetString());
        string csrf;
        using (var login = await librarian.PostAsJsonAsync("/api/login", new { userName = "east-librarian", password = "correct horse battery" }, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            var session = await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            Assert.Equal("branch-admin", session.GetProperty("role").GetString());
            csrf = session.GetProperty("csrfToken").GetString()!;
        }

        librarian.DefaultRequestHeaders.Remove("X-CSRF-TOKEN");
        librarian.DefaultRequestHeaders.Add("X-CSRF-TOKEN", csrf);

        // Asking for another branch's log still gives its own.
        var asked = await librarian.GetFromJsonAsync<JsonElement>("/api/querylog?branch=central&name=site&match=substring", cancellationToken);
        var rows = asked.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal("east", r.GetProperty("branch").GetString()));
        var everyone = await librarian.GetFromJsonAsync<JsonElement>("/api/querylog?name=site&match=substring", cancellationToken);
        Assert.All(everyone.GetProperty("items").EnumerateArray(), r => Assert.Equal("east", r.GetProperty("branch").GetString()));
        var branches = await librarian.GetFromJsonAsync<JsonElement>("/api/branches", cancellationToken);
        Assert.Equal(["east"], branches.EnumerateArray().Select(b => b.GetProperty("id").GetString()));

        // The network-wide policy is read-only; its own groups are its to change.
        using (var import = await librarian.PutAsync("/api/policy", new StringContent("""{ "deny": ["x.test"] }"""), cancellationToken))
        {
            Assert.Equal(HttpStatusCode.Forbidden, import.StatusCode);
            Assert.Contains("network admin", await import.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
        }

        // Evidence is of its own branch's rows, whichever branch it asks for (both branches' rows share the address).
        var client = (await BranchNetwork.RowsAsync(admin, "east", "site"))[0].GetProperty("client").GetString();
        var from = Uri.EscapeDataString(DateTime.UtcNow.AddHours(-1).ToString("o", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(DateTime.UtcNow.AddHours(1).ToString("o", CultureInfo.InvariantCulture));
        using (var evidence = await librarian.GetAsync($"/api/evidence?client={client}&branch=central&from={from}&to={to}", cancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, evidence.StatusCode);
            await using var zip = new ZipArchive(await evidence.Content.ReadAsStreamAsync(cancellationToken));
            await using (var manifestStream = await zip.GetEntry("manifest.json")!.OpenAsync(cancellationToken))
            {
                var manifest = (await JsonDocument.ParseAsync(manifestStream, cancellationToken: cancellationToken)).RootElement;
                Assert.Equal("east", manifest.GetProperty("request").GetProperty("branch").GetString());
            }

            using var csv = new StreamReader(await zip.GetEntry("rows.csv")!.OpenAsync(cancellationToken));
            var text = await csv.ReadToEndAsync(cancellationToken);
            Assert.Contains("site300.test", text, StringComparison.Ordinal);
            Assert.DoesNotContain("site0.test", text, StringComparison.Ordinal);
        }

        // Statistics and digests are its branch's too: what a network admin sees for east, never the network's.
        var mine = await librarian.GetFromJsonAsync<JsonElement>($"/api/statistics?branch=central&from={from}&to={to}", cancellationToken);
        var eastOnly = await admin.GetFromJsonAsync<JsonElement>($"/api/statistics?branch=east&from={from}&to={to}", cancellationToken);
        var centralOnly = await admin.GetFromJsonAsync<JsonElement>($"/api/statistics?branch=central&from={from}&to={to}", cancellationToken);
        var wholeNetwork = await admin.GetFromJsonAsync<JsonElement>($"/api/statistics?from={from}&to={to}", cancellationToken);
        Assert.Equal(eastOnly.GetProperty("queries").GetInt64(), mine.GetProperty("queries").GetInt64());
        Assert.True(mine.GetProperty("queries").GetInt64() >= 3);
        Assert.Equal(wholeNetwork.GetProperty("queries").GetInt64(), eastOnly.GetProperty("queries").GetInt64() + centralOnly.GetProperty("queries").GetInt64());
        Assert.DoesNotContain(mine.GetProperty("topNames").EnumerateArray(), n => n.GetProperty("key").GetString() == "site0.test");
        using (var digest = await librarian.GetAsync("/api/digests", cancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, digest.StatusCode);
        }

        using (var group = await librarian.PostAsJsonAsync("/api/groups", new { name = "East Wi-Fi" }, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.Created, group.StatusCode);
        }

        var policy = await admin.GetFromJsonAsync<JsonElement>("/api/policy", cancellationToken);
        Assert.Empty(policy.GetProperty("groups").EnumerateArray());
        var east = Assert.Single(policy.GetProperty("branches").EnumerateArray());
        Assert.Equal("east", east.GetProperty("id").GetString());
        Assert.Equal("East Wi-Fi", Assert.Single(east.GetProperty("groups").EnumerateArray()).GetProperty("name").GetString());

        // The network admin's own group is out of the branch admin's reach.
        using (var created = await admin.PostAsJsonAsync("/api/groups", new { name = "Staff" }, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await BranchNetwork.WaitAsync(() => BranchNetwork.Policy(network.East).Generation == BranchNetwork.Policy(network.Central).Generation, TimeSpan.FromSeconds(10), "the east branch catches up");
        using (var delete = await librarian.DeleteAsync("/api/groups/Staff", cancellationToken))
        {
            Assert.NotEqual(HttpStatusCode.OK, delete.StatusCode);
            Assert.NotEqual(HttpStatusCode.NoContent, delete.StatusCode);
        }

        var after = await admin.GetFromJsonAsync<JsonElement>("/api/policy", cancellationToken);
        Assert.Equal("Staff", Assert.Single(after.GetProperty("groups").EnumerateArray()).GetProperty("name").GetString());
    }
}
