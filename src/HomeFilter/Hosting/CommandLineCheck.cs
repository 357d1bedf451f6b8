namespace HomeFilter.Hosting;

/// <summary>
/// Reads the server's command line the way the configuration's command-line source does, to catch what that source
/// would silently drop: an unknown switch (<c>--lisen</c>), a switch without its value, a stray word. A
/// configuration key (anything with a <c>:</c>, such as <c>--HomeFilter:Dns:UpstreamTimeoutMs=500</c>) is not
/// checked here: its value is checked with the other settings.
/// </summary>
internal static class CommandLineCheck
{
    /// <summary>Host settings the generic host itself reads from the command line.</summary>
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase) { "environment", "applicationName", "contentRoot" };

    public static bool WantsHelp(string[] args) =>
        (args.Length > 0 && args[0] == "help") || Array.Exists(args, static a => a is "--help" or "-h" or "-?" or "/?");

    public static bool WantsVersion(string[] args) => Array.Exists(args, static a => a is "--version");

    /// <summary>The first problem as one line, or null when every argument means something.</summary>
    public static string? Problem(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            // As the configuration reads it: "/key" means "--key", and a single "-" only works for mapped switches.
            var arg = args[i].StartsWith('/') ? "--" + args[i][1..] : args[i];
            var prefix = arg.StartsWith("--", StringComparison.Ordinal) ? 2 : arg.StartsWith('-') ? 1 : 0;
            if (prefix == 0)
            {
                return i == 0
                    ? $"unknown command '{arg}': the commands are lists, policy and evidence; see HomeFilter --help"
                    : $"unexpected argument '{arg}' (a value belongs right after its switch); see HomeFilter --help";
            }

            var separator = arg.IndexOf('=', StringComparison.Ordinal);
            var name = separator < 0 ? arg : arg[..separator];
            var key = name[prefix..];
            var known = CommandLineAliases.Map.ContainsKey(name)
                || (prefix != 1 && (key.Contains(':', StringComparison.Ordinal) || HostKeys.Contains(key)));
            if (!known || key.Length == 0)
            {
                var given = args[i].Split('=')[0];
                return $"unknown option '{given}'; see HomeFilter --help for the switches, or give a setting as --HomeFilter:Section:Key=value";
            }

            if (separator < 0)
            {
                if (i + 1 >= args.Length)
                {
                    return $"option '{name}' needs a value, e.g. {Example(name)}";
                }

                i++;
            }
        }

        return null;
    }

    private static string Example(string name) => name switch
    {
        "--listen" => "--listen 127.0.0.1:5353",
        "--upstream" => "--upstream 9.9.9.9",
        "--allow" => "--allow 192.168.1.0/24",
        "--data" => "--data /var/lib/homefilter",
        "--admin" => "--admin http://127.0.0.1:8080",
        _ => name + "=value",
    };
}
