using HomeFilter.Rules.Names;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Lists;

/// <summary>
/// Streams the entries of one list, line by line, without building a string per line or per entry
/// (read <see cref="Name"/> as a span; <see cref="Current"/> allocates when a string is wanted).
/// Fills a <see cref="ParseReport"/> as it goes.
/// </summary>
/// <remarks>
/// Every line is read by its shape, so mixed files work: <c>||a^</c> is adblock, <c>0.0.0.0 a b</c> hosts,
/// <c>*.a</c> wildcard, <c>a</c> a plain domain. The requested format decides only whether <c>!</c> starts a
/// comment (adblock and auto) and what the report states. What the DNS level cannot apply (paths, cosmetic
/// rules, most <c>$</c> options, regular expressions) is skipped and counted, never applied more broadly.
/// </remarks>
public sealed class ListReader
{
    private static readonly HashSet<string> LocalhostNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "localhost", "localhost.localdomain", "local", "broadcasthost", "localhost4", "localhost4.localdomain4",
        "localhost6", "localhost6.localdomain6", "ip6-localhost", "ip6-loopback", "ip6-localnet",
        "ip6-mcastprefix", "ip6-allnodes", "ip6-allrouters", "ip6-allhosts", "0.0.0.0",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> LocalhostLookup =
        LocalhostNames.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly LineReader _lines;
    private readonly bool _bangComments;
    private readonly char[] _name = new char[DomainName.MaxNameLength];
    private char[] _hostsLine = new char[256];
    private int _hostsLength;
    private int _hostsCursor;
    private bool _hostsSink;
    private int _nameLength;

    /// <summary>Reads entries from <paramref name="reader"/> (which the caller disposes).</summary>
    public ListReader(TextReader reader, ListFormat format = ListFormat.Auto)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _lines = new LineReader(reader);
        _bangComments = format is ListFormat.Auto or ListFormat.Adblock;
        Report = new ParseReport { RequestedFormat = format };
    }

    /// <summary>The report, complete once <see cref="Read"/> has returned false.</summary>
    public ParseReport Report { get; }

    /// <summary>The current entry's normalised name; valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<char> Name => _name.AsSpan(0, _nameLength);

    /// <summary>The current entry's action.</summary>
    public RuleAction Action { get; private set; }

    /// <summary>The current entry's scope.</summary>
    public MatchScope Scope { get; private set; }

    /// <summary>The current entry's 1-based line number.</summary>
    public int LineNumber => _lines.LineNumber;

    /// <summary>The current entry as a value (allocates the name string).</summary>
    public ListEntry Current => new(new string(Name), Action, Scope, LineNumber);

    /// <summary>Moves to the next entry; false at the end of the list.</summary>
    public bool Read()
    {
        while (true)
        {
            if (_hostsCursor < _hostsLength && NextHostsName())
            {
                return true;
            }

            if (!_lines.TryReadLine(out var raw))
            {
                return false;
            }

            Report.Lines++;
            if (ParseLine(raw.Trim()))
            {
                return true;
            }
        }
    }

    private bool ParseLine(ReadOnlySpan<char> line)
    {
        if (line.IsEmpty)
        {
            Report.BlankLines++;
            return false;
        }

        var first = line[0];
        if (first == '!' && _bangComments)
        {
            Report.CommentLines++;
            Report.CountShape(ListFormat.Adblock);
            return false;
        }

        if (first == '[' && line[^1] == ']')
        {
            // "[Adblock Plus 2.0]" and similar headers.
            Report.CommentLines++;
            Report.CountShape(ListFormat.Adblock);
            return false;
        }

        if (IsCosmetic(line))
        {
            Report.CountShape(ListFormat.Adblock);
            return Skip(SkipReason.Cosmetic);
        }

        if (first == '#')
        {
            Report.CommentLines++;
            return false;
        }

        if (line.StartsWith("@@"))
        {
            Report.CountShape(ListFormat.Adblock);
            return ParseAdblock(line[2..], RuleAction.Allow);
        }

        if (first == '|')
        {
            Report.CountShape(ListFormat.Adblock);
            return ParseAdblock(line, RuleAction.Block);
        }

        if (first == '/' && line.Length > 1 && line[^1] == '/')
        {
            Report.CountShape(ListFormat.Adblock);
            return Skip(SkipReason.Regex);
        }

        line = StripInlineComment(line);
        var space = line.IndexOfAny(' ', '\t');
        if (space > 0)
        {
            return ParseHostsLine(line, space);
        }

        if (line.StartsWith("*."))
        {
            Report.CountShape(ListFormat.Wildcard);
            return ParseDomain(line[2..], RuleAction.Block, MatchScope.Subtree);
        }

        if (line.IndexOfAny('^', '$') >= 0)
        {
            Report.CountShape(ListFormat.Adblock);
            return ParseAdblock(line, RuleAction.Block);
        }

        Report.CountShape(ListFormat.Domains);
        return ParseDomain(line, RuleAction.Block, MatchScope.Subtree);
    }

    private bool ParseHostsLine(ReadOnlySpan<char> line, int space)
    {
        var address = line[..space];
        if (!DomainName.IsIpAddress(address))
        {
            return Skip(SkipReason.Malformed);
        }

        Report.CountShape(ListFormat.Hosts);
        var rest = line[(space + 1)..].TrimStart();
        if (rest.IsEmpty)
        {
            return Skip(SkipReason.Malformed);
        }

        if (_hostsLine.Length < rest.Length)
        {
            _hostsLine = new char[Math.Max(rest.Length, _hostsLine.Length * 2)];
        }

        rest.CopyTo(_hostsLine);
        _hostsLength = rest.Length;
        _hostsCursor = 0;
        _hostsSink = IsSinkAddress(address);
        return NextHostsName();
    }

    private bool NextHostsName()
    {
        while (_hostsCursor < _hostsLength)
        {
            var rest = _hostsLine.AsSpan(_hostsCursor, _hostsLength - _hostsCursor);
            var start = rest.IndexOfAnyExcept(' ', '\t');
            if (start < 0)
            {
                break;
            }

            rest = rest[start..];
            var end = rest.IndexOfAny(' ', '\t');
            var token = end < 0 ? rest : rest[..end];
            _hostsCursor += start + token.Length;
            if (LocalhostLookup.Contains(token))
            {
                Skip(SkipReason.LocalhostEntry);
                continue;
            }

            if (!_hostsSink)
            {
                Skip(SkipReason.NonSinkAddress);
                continue;
            }

            if (ParseDomain(token, RuleAction.Block, MatchScope.Subtree))
            {
                return true;
            }
        }

        _hostsCursor = _hostsLength = 0;
        return false;
    }

    /// <summary>Reads an adblock rule body (after any <c>@@</c>): anchors, the host, <c>^</c>, options.</summary>
    private bool ParseAdblock(ReadOnlySpan<char> rule, RuleAction action)
    {
        var scope = MatchScope.Subtree;
        if (rule.StartsWith("||"))
        {
            rule = rule[2..];
        }
        else if (rule.StartsWith('|'))
        {
            rule = rule[1..];
            scope = MatchScope.Exact;
        }

        var dollar = rule.IndexOf('$');
        if (dollar >= 0)
        {
            if (!OptionsAreApplicable(rule[(dollar + 1)..]))
            {
                return Skip(SkipReason.UnsupportedModifier);
            }

            rule = rule[..dollar];
        }

        if (rule.EndsWith("^|"))
        {
            rule = rule[..^2];
        }
        else if (rule.EndsWith('^') || rule.EndsWith('|'))
        {
            rule = rule[..^1];
        }

        if (rule.IndexOfAny("/?=&:") >= 0)
        {
            return Skip(DomainName.IsIpAddress(rule) ? SkipReason.IpAddress : SkipReason.Path);
        }

        if (rule.StartsWith("*."))
        {
            rule = rule[2..];
        }

        if (rule.IndexOfAny('*', '^', '|') >= 0)
        {
            return Skip(SkipReason.UnsupportedPattern);
        }

        return ParseDomain(rule, action, scope);
    }

    private static bool OptionsAreApplicable(ReadOnlySpan<char> options)
    {
        foreach (var range in options.Split(','))
        {
            var option = options[range].Trim();
            if (!option.Equals("important", StringComparison.OrdinalIgnoreCase) &&
                !option.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private bool ParseDomain(ReadOnlySpan<char> text, RuleAction action, MatchScope scope)
    {
        if (text.IndexOfAny('/', '?') >= 0)
        {
            return Skip(SkipReason.Path);
        }

        if (text.IndexOf('*') >= 0)
        {
            return Skip(SkipReason.UnsupportedPattern);
        }

        var error = DomainName.TryNormalize(text, _name, out _nameLength);
        if (error != DomainNameError.None)
        {
            return Skip(error == DomainNameError.IpAddress ? SkipReason.IpAddress : SkipReason.InvalidName);
        }

        Action = action;
        Scope = scope;
        Report.Entries++;
        return true;
    }

    private bool Skip(SkipReason reason)
    {
        Report.Skip(reason, _lines.LineNumber);
        return false;
    }

    private static bool IsCosmetic(ReadOnlySpan<char> line)
    {
        var hash = line.IndexOf('#');
        if (hash < 0 || hash + 1 >= line.Length)
        {
            return false;
        }

        var after = line[(hash + 1)..];
        return after[0] == '#' || (after.Length > 1 && after[1] == '#' && after[0] is '@' or '?' or '$' or '%');
    }

    private static ReadOnlySpan<char> StripInlineComment(ReadOnlySpan<char> line)
    {
        for (var i = 1; i < line.Length; i++)
        {
            if (line[i] == '#' && line[i - 1] is ' ' or '\t')
            {
                return line[..i].TrimEnd();
            }
        }

        return line;
    }

    private static bool IsSinkAddress(ReadOnlySpan<char> address) =>
        address is "0.0.0.0" or "::" or "::1" or "::0" or "0:0:0:0:0:0:0:0" or "0:0:0:0:0:0:0:1" ||
        address.StartsWith("127.");
}
