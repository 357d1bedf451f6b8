using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HomeFilter.Admin.Endpoints;
using HomeFilter.Admin.Security;
using HomeFilter.Storage.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Tests.Security;

public sealed class AuthenticationTests
{
    private const string Password = "a long enough password";

    [Fact]
    public async Task Every_endpoint_but_the_open_ones_answers_401_without_a_session_or_token()
    {
        await using var server = await AdminServer.StartAsync();
        var endpoints = EndpointInventory.All(server.Services);
        Assert.True(endpoints.Count > 30, $"only {endpoints.Count} endpoints found");
        var open = new List<string>();
        foreach (var (method, path, key) in endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = JsonContent.Create(new { });
            }

            using var response = await server.Client.SendAsync(request);
            if (EndpointInventory.IsAnonymous(key))
            {
                Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
                continue;
            }

            if (EndpointInventory.IsStaticAsset(path))
            {
                continue;
            }

            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                open.Add($"{key} → {(int)response.StatusCode}");
            }
        }

        Assert.Empty(open);
    }

    [Fact]
    public async Task A_wrong_token_is_a_401_problem_naming_the_way_in()
    {
        await using var server = await AdminServer.StartAsync();
        using var request = server.Authorized(HttpMethod.Get, "/api/status", "not-the-token-at-all-0000");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDocument>();
        Assert.Contains("Bearer", problem!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_token_reads_but_every_change_is_a_403()
    {
        await using var server = await AdminServer.StartAsync();
        var secret = await MakeTokenAsync(server, "viewer");
        using (var read = server.Authorized(HttpMethod.Get, "/api/status", secret))
        using (var response = await server.Client.SendAsync(read))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var allowed = new List<string>();
        foreach (var (method, path, key) in EndpointInventory.All(server.Services))
        {
            if (method is "GET" or "HEAD" || EndpointInventory.IsAnonymous(key) || key == "POST /api/logout")
            {
                continue;
            }

            using var request = server.Authorized(new HttpMethod(method), path, secret);
            request.Content = JsonContent.Create(new { });
            using var response = await server.Client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                allowed.Add($"{key} → {(int)response.StatusCode}");
            }
        }

        Assert.Empty(allowed);
    }

    [Fact]
    public async Task Setup_login_and_a_change_need_the_antiforgery_token_with_a_cookie_session()
    {
        await using var server = await AdminServer.StartAsync();
        using var browser = server.NewBrowserClient();
        var session = await browser.GetFromJsonAsync<SessionEndpoints.SessionInfo>("/api/session");
        Assert.True(session!.SetupRequired);
        Assert.True(session.SetupAllowed);

        using (var withoutToken = await browser.PostAsJsonAsync("/api/setup", new { userName = "mum", password = Password }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        }

        var created = await PostAsync(browser, "/api/setup", new { userName = "mum", password = Password }, session.CsrfToken);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var loggedIn = await created.Content.ReadFromJsonAsync<SessionEndpoints.SessionInfo>();
        Assert.Equal("admin", loggedIn!.Role);

        using (var second = await PostAsync(browser, "/api/setup", new { userName = "eve", password = Password }, loggedIn.CsrfToken))
        {
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        }

        using (var change = await browser.PostAsJsonAsync("/api/tokens", new { name = "script" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, change.StatusCode);
            Assert.Contains("antiforgery", (await change.Content.ReadFromJsonAsync<ProblemDocument>())!.Detail, StringComparison.Ordinal);
        }

        using (var change = await PostAsync(browser, "/api/tokens", new { name = "script" }, loggedIn.CsrfToken))
        {
            Assert.Equal(HttpStatusCode.Created, change.StatusCode);
        }

        using var status = await browser.GetAsync("/api/status");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_and_same_site_strict()
    {
        await using var server = await AdminServer.StartAsync();
        using var browser = server.NewBrowserClient();
        var session = await browser.GetFromJsonAsync<SessionEndpoints.SessionInfo>("/api/session");
        using var created = await PostAsync(browser, "/api/setup", new { userName = "mum", password = Password }, session!.CsrfToken);
        var setCookie = created.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("homefilter.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Logins_are_rate_limited_per_address()
    {
        await using var server = await AdminServer.StartAsync(settings: new Dictionary<string, string?> { ["HomeFilter:Admin:LoginAttemptsPerMinute"] = "3" });
        await CreateAccountAsync(server, "dad", AccountRole.Admin);
        using var browser = server.NewBrowserClient();
        var session = await browser.GetFromJsonAsync<SessionEndpoints.SessionInfo>("/api/session");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await PostAsync(browser, "/api/login", new { userName = "dad", password = "wrong password " + i }, session!.CsrfToken);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_viewer_logged_in_reads_logs_but_may_not_change_anything()
    {
        await using var server = await AdminServer.StartAsync();
        await CreateAccountAsync(server, "gran", AccountRole.Viewer);
        using var browser = server.NewBrowserClient();
        var session = await browser.GetFromJsonAsync<SessionEndpoints.SessionInfo>("/api/session");
        using var login = await PostAsync(browser, "/api/login", new { userName = "gran", password = Password }, session!.CsrfToken);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var viewer = await login.Content.ReadFromJsonAsync<SessionEndpoints.SessionInfo>();
        Assert.Equal("viewer", viewer!.Role);
        using (var read = await browser.GetAsync("/api/upstreams"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        using var change = await PostAsync(browser, "/api/tokens", new { name = "mine" }, viewer.CsrfToken);
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
    }

    [Fact]
    public async Task Changes_are_in_the_audit_log_with_who_and_before_and_after()
    {
        await using var server = await AdminServer.StartAsync();
        var secret = await MakeTokenAsync(server, "admin");
        using (var request = server.Authorized(HttpMethod.Post, "/api/accounts", secret))
        {
            request.Content = JsonContent.Create(new { userName = "teen", password = Password, role = "viewer" });
            using var response = await server.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        using (var request = server.Authorized(HttpMethod.Patch, "/api/accounts/teen", secret))
        {
            request.Content = JsonContent.Create(new { role = "admin" });
            using var response = await server.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        using var list = server.Authorized(HttpMethod.Get, "/api/audit", secret);
        using var answer = await server.Client.SendAsync(list);
        var entries = (await answer.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        var role = entries.First(e => e.GetProperty("action").GetString() == "account.role");
        Assert.Equal("token:automation", role.GetProperty("actor").GetString());
        Assert.Equal("teen", role.GetProperty("target").GetString());
        Assert.Contains("viewer", role.GetProperty("before").GetString(), StringComparison.Ordinal);
        Assert.Contains("admin", role.GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "account.create" && e.GetProperty("address").GetString() == "127.0.0.1");
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "token.create" && e.GetProperty("actor").GetString() == ApiTokenAuthenticationHandler.MachineTokenName);
    }

    [Fact]
    public async Task A_revoked_token_no_longer_opens_anything_and_secrets_are_stored_hashed()
    {
        await using var server = await AdminServer.StartAsync();
        var secret = await MakeTokenAsync(server, "viewer");
        var stored = await server.Services.GetRequiredService<IApiTokenStore>().ListAsync(CancellationToken.None);
        var token = Assert.Single(stored);
        Assert.NotEqual(secret, token.SecretHash);
        Assert.DoesNotContain(secret, await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "homefilter.db"), System.Text.Encoding.Latin1), StringComparison.Ordinal);

        using (var revoke = server.Authorized(HttpMethod.Delete, $"/api/tokens/{token.Id}"))
        using (var response = await server.Client.SendAsync(revoke))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        using var after = server.Authorized(HttpMethod.Get, "/api/status", secret);
        using var refused = await server.Client.SendAsync(after);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_lists_every_endpoint()
    {
        await using var server = await AdminServer.StartAsync();
        using var request = server.Authorized(HttpMethod.Get, "/openapi/v1.json");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        var paths = document.GetProperty("paths");
        var missing = new List<string>();
        foreach (var (method, _, key) in EndpointInventory.All(server.Services))
        {
            var pattern = key[(method.Length + 1)..];
            if (pattern.StartsWith("/openapi", StringComparison.Ordinal) || pattern.StartsWith("/api/reference", StringComparison.Ordinal))
            {
                continue;
            }

            var openApiPath = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{([^}:]+)(:[^}]+)?\}", "{$1}");
            if (!paths.TryGetProperty(openApiPath, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out _))
            {
                missing.Add(key);
            }
        }

        Assert.Empty(missing);
    }

    private static async Task<string> MakeTokenAsync(AdminServer server, string role)
    {
        using var request = server.Authorized(HttpMethod.Post, "/api/tokens");
        request.Content = JsonContent.Create(new { name = "automation", role });
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return created.GetProperty("secret").GetString()!;
    }

    private static async Task CreateAccountAsync(AdminServer server, string name, AccountRole role)
    {
        using var request = server.Authorized(HttpMethod.Post, "/api/accounts");
        request.Content = JsonContent.Create(new { userName = name, password = Password, role = AdminClaims.RoleName(role) });
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string? csrf)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-CSRF-TOKEN", csrf);
        return client.SendAsync(request);
    }
}
