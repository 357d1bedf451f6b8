using Microsoft.Extensions.Logging;

namespace HomeFilter.Admin;

internal static partial class AdminLog
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Dashboard and admin API on {Url} (machine token for automation in {TokenSource})")]
    public static partial void Serving(ILogger logger, string url, string tokenSource);

    [LoggerMessage(EventId = 501, Level = LogLevel.Warning, Message = "No account exists yet: open {Url} in a browser on this machine to create the first admin account")]
    public static partial void SetupNeeded(ILogger logger, string url);

    [LoggerMessage(EventId = 502, Level = LogLevel.Information, Message = "Created the admin account '{UserName}' from HomeFilter:Admin:InitialPassword")]
    public static partial void InitialAccountCreated(ILogger logger, string userName);

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "The dashboard is served over plain HTTP on {Url}, which is not loopback: passwords and session cookies cross the network unencrypted. Use https:// with a certificate (Kestrel:Certificates:Default) — see the Admin README")]
    public static partial void PlainHttpOnNetwork(ILogger logger, string url);

    [LoggerMessage(EventId = 504, Level = LogLevel.Warning, Message = "Too many login attempts from {Address}: locked out until the minute is over")]
    public static partial void LoginLockedOut(ILogger logger, string address);

    [LoggerMessage(EventId = 505, Level = LogLevel.Information, Message = "{UserName} logged in from {Address}")]
    public static partial void LoggedIn(ILogger logger, string userName, string address);

    [LoggerMessage(EventId = 506, Level = LogLevel.Warning, Message = "Failed login for '{UserName}' from {Address}")]
    public static partial void LoginFailed(ILogger logger, string userName, string address);
}
