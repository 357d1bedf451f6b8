using HomeFilter.Rules.Lists;

namespace HomeFilter.Commands;

/// <summary>The parsed arguments of <c>HomeFilter lists …</c>.</summary>
internal sealed class ListsCommandOptions
{
    public const string Usage = """
        Usage:
          HomeFilter lists stats --list CATEGORY=PATH [--list CATEGORY=PATH ...] [--allow PATH ...] [--format FORMAT]
          HomeFilter lists explain NAME --list CATEGORY=PATH [...] [--allow PATH ...] [--format FORMAT]

        CATEGORY is a name (adult, social, ...); categories are numbered in order of first use (at most 64).
        PATH may be gzip-compressed (*.gz). FORMAT: auto (default, per file), hosts, domains, wildcard, adblock.
        """;

    public required string Verb { get; init; }

    public string? Name { get; init; }

    public required IReadOnlyList<RuleSource> Sources { get; init; }

    public required IReadOnlyList<string> Categories { get; init; }

    /// <summary>Parses the arguments after <c>lists</c>; returns null with a message on a usage error.</summary>
    public static ListsCommandOptions? Parse(string[] args, out string? error)
    {
        error = null;
        var position = 0;
        if (args.Length > 0 && args[0] == "lists")
        {
            position++;
        }

        if (position >= args.Length || args[position] is not ("stats" or "explain"))
        {
            error = "Expected 'stats' or 'explain'.";
            return null;
        }

        var verb = args[position++];
        string? name = null;
        if (verb == "explain")
        {
            if (position >= args.Length || args[position].StartsWith("--", StringComparison.Ordinal))
            {
                error = "'explain' needs a NAME.";
                return null;
            }

            name = args[position++];
        }

        var format = ListFormat.Auto;
        var lists = new List<(string Category, string Path)>();
        var allows = new List<string>();
        while (position < args.Length)
        {
            var option = args[position++];
            if (position >= args.Length)
            {
                error = $"'{option}' needs a value.";
                return null;
            }

            var value = args[position++];
            switch (option)
            {
                case "--list":
                    var equals = value.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0 || equals == value.Length - 1)
                    {
                        error = $"'--list {value}': expected CATEGORY=PATH.";
                        return null;
                    }

                    lists.Add((value[..equals], value[(equals + 1)..]));
                    break;
                case "--allow":
                    allows.Add(value);
                    break;
                case "--format":
                    if (!Enum.TryParse(value, ignoreCase: true, out format) || !Enum.IsDefined(format))
                    {
                        error = $"Unknown format '{value}'.";
                        return null;
                    }

                    break;
                default:
                    error = $"Unknown option '{option}'.";
                    return null;
            }
        }

        if (lists.Count == 0 && allows.Count == 0)
        {
            error = "Give at least one --list CATEGORY=PATH.";
            return null;
        }

        var categories = new List<string>();
        var sources = new List<RuleSource>();
        foreach (var (category, path) in lists)
        {
            var index = categories.IndexOf(category);
            if (index < 0)
            {
                if (categories.Count == 64)
                {
                    error = "At most 64 categories.";
                    return null;
                }

                index = categories.Count;
                categories.Add(category);
            }

            sources.Add(FileSource(path, index, format, isAllowList: false));
        }

        foreach (var path in allows)
        {
            sources.Add(FileSource(path, 0, format, isAllowList: true));
        }

        return new ListsCommandOptions { Verb = verb, Name = name, Sources = sources, Categories = categories };
    }

    private static RuleSource FileSource(string path, int category, ListFormat format, bool isAllowList) => new(
        path,
        category,
        () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan),
        format,
        isAllowList,
        gzip: path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
}
