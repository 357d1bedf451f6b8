using HomeFilter.Storage.Accounts;
using HomeFilter.Storage.Audit;

namespace HomeFilter.Storage.Contracts.Admin;

/// <summary>What every accounts/tokens/audit store must do; <see cref="OpenStoreAsync"/> opens a store on this test's storage (the same storage each call), initialised.</summary>
public abstract class AdminStoreContract<TStore> : IAsyncLifetime
    where TStore : IAccountStore, IApiTokenStore, IAuditStore
{
    protected static readonly DateTime Now = new(2026, 12, 2, 18, 0, 0, DateTimeKind.Utc);

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    protected abstract ValueTask<TStore> OpenStoreAsync();

    [Fact]
    public async Task The_first_account_is_made_once_even_when_asked_twice_at_once()
    {
        var store = await OpenStoreAsync();
        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => store.CreateFirstAsync(Account($"admin{i}", AccountRole.Admin), Token)));
        Assert.Single(attempts, a => a is not null);
        Assert.Equal(1, await store.CountAsync(Token));
        Assert.Null(await store.CreateFirstAsync(Account("late", AccountRole.Admin), Token));
    }

    [Fact]
    public async Task Accounts_are_found_without_regard_to_case_changed_and_deleted_and_survive_a_reopen()
    {
        var store = await OpenStoreAsync();
        Assert.NotNull(await store.CreateAsync(Account("Mum", AccountRole.Admin), Token));
        Assert.Null(await store.CreateAsync(Account("mum", AccountRole.Viewer), Token));
        Assert.True(await store.UpdateAsync("MUM", AccountRole.Viewer, "new-hash", Token));
        await store.RecordLoginAsync("mum", Now, Token);

        var reopened = await OpenStoreAsync();
        var mum = await reopened.FindAsync("mum", Token);
        Assert.Equal(("Mum", AccountRole.Viewer, "new-hash", (DateTime?)Now), (mum!.UserName, mum.Role, mum.PasswordHash, mum.LastLoginUtc));
        Assert.False(await reopened.UpdateAsync("dad", AccountRole.Admin, null, Token));
        Assert.True(await reopened.DeleteAsync("mum", Token));
        Assert.Empty(await ((IAccountStore)reopened).ListAsync(Token));
    }

    [Fact]
    public async Task Tokens_are_found_by_the_hash_of_their_secret_and_gone_once_revoked()
    {
        IApiTokenStore tokens = await OpenStoreAsync();
        var made = await tokens.CreateAsync(new ApiToken { Name = "home-assistant", Role = AccountRole.Viewer, SecretHash = "abc123", CreatedUtc = Now, CreatedBy = "mum" }, Token);
        Assert.Equal("home-assistant", (await tokens.FindBySecretHashAsync("abc123", Token))!.Name);
        Assert.Null(await tokens.FindBySecretHashAsync("abc124", Token));
        await tokens.RecordUseAsync(made.Id, Now, Token);
        Assert.Equal(Now, Assert.Single(await tokens.ListAsync(Token)).LastUsedUtc);
        Assert.True(await tokens.RevokeAsync(made.Id, Token));
        Assert.False(await tokens.RevokeAsync(made.Id, Token));
        Assert.Empty(await tokens.ListAsync(Token));
    }

    [Fact]
    public async Task The_audit_log_is_read_newest_first_by_filter_and_page()
    {
        IAuditStore audit = await OpenStoreAsync();
        for (var i = 0; i < 5; i++)
        {
            await audit.AppendAsync(new AuditEntry { TimeUtc = Now.AddMinutes(i), Actor = i % 2 == 0 ? "mum" : "dad", Action = i < 3 ? "device.change" : "group.change", Target = $"t{i}", Before = "{}", After = "{\"i\":" + i + "}" }, Token);
        }

        var page = await audit.ListAsync(new AuditFilter { Limit = 2 }, Token);
        Assert.Equal(["t4", "t3"], page.Select(e => e.Target));
        var next = await audit.ListAsync(new AuditFilter { Limit = 2, Before = page[^1].Id }, Token);
        Assert.Equal(["t2", "t1"], next.Select(e => e.Target));
        Assert.Equal(["t4", "t2", "t0"], (await audit.ListAsync(new AuditFilter { Actor = "mum" }, Token)).Select(e => e.Target));
        Assert.Equal(["t2", "t1", "t0"], (await audit.ListAsync(new AuditFilter { Action = "device.change" }, Token)).Select(e => e.Target));
        Assert.Equal(["t3", "t2"], (await audit.ListAsync(new AuditFilter { From = Now.AddMinutes(2), To = Now.AddMinutes(4) }, Token)).Select(e => e.Target));
    }

    protected static Account Account(string name, AccountRole role) => new() { UserName = name, Role = role, PasswordHash = "hash-of-" + name, CreatedUtc = Now };

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual ValueTask DisposeAsync() => DisposeStorageAsync();

    protected virtual ValueTask DisposeStorageAsync() => ValueTask.CompletedTask;
}
