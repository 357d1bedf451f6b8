using HomeFilter.Storage.Accounts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Admin.Accounts;

/// <summary>
/// At start: prepares the account store, makes the first admin from <c>HomeFilter:Admin:InitialPassword</c> when no
/// account exists (unattended installs), else says where to go to make one. There is never a default password.
/// </summary>
public sealed class AccountBootstrap(AccountService accounts, IOptions<AdminOptions> options, ILogger<AccountBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await accounts.Store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (await accounts.Store.CountAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            return;
        }

        if (string.IsNullOrEmpty(settings.InitialPassword))
        {
            AdminLog.SetupNeeded(logger, settings.Listen);
            return;
        }

        if ((AccountRules.CheckUserName(settings.InitialUser) ?? AccountRules.CheckPassword(settings.InitialPassword)) is { } problem)
        {
            throw new InvalidOperationException("HomeFilter:Admin:InitialUser/InitialPassword: " + problem + ".");
        }

        var created = await accounts.Store.CreateFirstAsync(accounts.NewAccount(settings.InitialUser, settings.InitialPassword, AccountRole.Admin), cancellationToken).ConfigureAwait(false);
        if (created is not null)
        {
            AdminLog.InitialAccountCreated(logger, created.UserName);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
