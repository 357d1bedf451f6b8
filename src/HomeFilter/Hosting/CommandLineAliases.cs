namespace HomeFilter.Hosting;

/// <summary>Short command-line switches for the settings people change most.</summary>
internal static class CommandLineAliases
{
    public static readonly IReadOnlyDictionary<string, string> Map = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--listen"] = "HomeFilter:Dns:Listen:0",
        ["--upstream"] = "HomeFilter:Dns:Upstreams:0",
        ["--allow"] = "HomeFilter:Dns:AllowedClients:0",
        ["--data"] = "HomeFilter:DataDirectory",
        ["--admin"] = "HomeFilter:Admin:Listen",
    };
}
