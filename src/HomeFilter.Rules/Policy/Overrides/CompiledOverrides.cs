using System.Globalization;
using System.Net;
using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Rules.Policy.Overrides;

/// <summary>
/// The policy's overrides, ready to apply: each with its end as UTC ticks, its target (an address or a group) and,
/// for <c>allow</c>, its names in wire and dotted form. Pure: time is a parameter, and an override past its end does
/// nothing. Finding the override of a query scans the few there are and allocates nothing; with none it is one check.
/// </summary>
public sealed class CompiledOverrides
{
    private const int NoGroup = int.MinValue;

    private readonly Entry[] _entries;

    private CompiledOverrides(Entry[] entries) => _entries = entries;

    /// <summary>No overrides.</summary>
    public static CompiledOverrides Empty { get; } = new([]);

    /// <summary>How many overrides the document has (active or not).</summary>
    public int Count => _entries.Length;

    /// <summary>Compiles a document's overrides; entries that are not valid (the validator reports them) are left out.</summary>
    public static CompiledOverrides Compile(PolicyDocument document, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(zone);
        if (document.Overrides is not { Count: > 0 } overrides)
        {
            return Empty;
        }

        var entries = new List<Entry>(overrides.Count);
        for (var i = 0; i < overrides.Count; i++)
        {
            if (Build(overrides[i], i, document, zone) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries.Count == 0 ? Empty : new CompiledOverrides([.. entries]);
    }

    /// <summary>
    /// The override that decides a query from <paramref name="clientAddress"/> (4 or 16 bytes) in the group with
    /// <paramref name="groupIndex"/> (-1: no group) for a lower-case or mixed-case wire-format name at
    /// <paramref name="utcTicks"/>: an allow covering the name, else a block-everything, else a pause.
    /// </summary>
    public OverrideMatch Find(int groupIndex, ReadOnlySpan<byte> clientAddress, ReadOnlySpan<byte> wireName, long utcTicks)
    {
        var entries = _entries;
        if (entries.Length == 0)
        {
            return OverrideMatch.None;
        }

        var best = OverrideMatch.None;
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (utcTicks >= entry.UntilTicks || !entry.AppliesTo(groupIndex, clientAddress) || entry.Kind <= best.Kind)
            {
                continue;
            }

            if (entry.Kind == OverrideKind.Allow && !entry.CoversWire(wireName))
            {
                continue;
            }

            best = new OverrideMatch(entry.Kind, entry.DocumentIndex);
        }

        return best;
    }

    /// <summary>The same for a normalised dotted name (explanations, tests).</summary>
    public OverrideMatch Find(int groupIndex, ReadOnlySpan<byte> clientAddress, ReadOnlySpan<char> name, long utcTicks)
    {
        var best = OverrideMatch.None;
        foreach (var entry in _entries)
        {
            if (utcTicks >= entry.UntilTicks || !entry.AppliesTo(groupIndex, clientAddress) || entry.Kind <= best.Kind)
            {
                continue;
            }

            if (entry.Kind == OverrideKind.Allow && !entry.CoversDotted(name))
            {
                continue;
            }

            best = new OverrideMatch(entry.Kind, entry.DocumentIndex);
        }

        return best;
    }

    /// <summary>The words the query log shows for an override (made once, at compile time).</summary>
    public string? Label(int documentIndex)
    {
        foreach (var entry in _entries)
        {
            if (entry.DocumentIndex == documentIndex)
            {
                return entry.Label;
            }
        }

        return null;
    }

    /// <summary>The end of the override at <paramref name="documentIndex"/>, UTC ticks, or 0.</summary>
    public long UntilTicks(int documentIndex)
    {
        foreach (var entry in _entries)
        {
            if (entry.DocumentIndex == documentIndex)
            {
                return entry.UntilTicks;
            }
        }

        return 0;
    }

    private static Entry? Build(OverrideDefinition definition, int index, PolicyDocument document, TimeZoneInfo zone)
    {
        if (definition is null || !definition.TryGetUntil(out var until))
        {
            return null;
        }

        var kind = definition.Kind switch
        {
            OverrideDefinition.PauseKind => OverrideKind.Pause,
            OverrideDefinition.BlockAllKind => OverrideKind.BlockAll,
            OverrideDefinition.AllowKind => OverrideKind.Allow,
            _ => OverrideKind.None,
        };
        if (kind == OverrideKind.None)
        {
            return null;
        }

        byte[]? client = null;
        var group = NoGroup;
        if (definition.Client is { } clientText)
        {
            if (!IPAddress.TryParse(clientText, out var address))
            {
                return null;
            }

            client = (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).GetAddressBytes();
        }
        else if (definition.Group is { } groupName)
        {
            group = groupName == "default" ? -1 : document.Groups.FindIndex(g => g.Name == groupName);
            if (group == -1 && groupName != "default")
            {
                return null;
            }
        }
        else
        {
            return null;
        }

        var dotted = new List<string>();
        var wire = new List<byte[]>();
        foreach (var name in definition.Names ?? [])
        {
            if (Names.DomainName.TryNormalize(name, out var normalized, out _))
            {
                dotted.Add(normalized);
                wire.Add(ToWire(normalized));
            }
        }

        if (kind == OverrideKind.Allow && dotted.Count == 0)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(until, zone).ToString("HH:mm", CultureInfo.InvariantCulture);
        var label = kind switch
        {
            OverrideKind.Pause => $"override pause (until {local})",
            OverrideKind.BlockAll => $"override block all (until {local})",
            _ => $"override allow (until {local})",
        };
        return new Entry(kind, index, until.UtcTicks, client, group, [.. wire], [.. dotted], label);
    }

    /// <summary>Length-prefixed labels, lower case, without the root label.</summary>
    private static byte[] ToWire(string dotted)
    {
        var labels = dotted.Split('.');
        var bytes = new List<byte>(dotted.Length + 1);
        foreach (var label in labels)
        {
            bytes.Add((byte)label.Length);
            foreach (var c in label)
            {
                bytes.Add((byte)c);
            }
        }

        return [.. bytes];
    }

    private sealed record Entry(OverrideKind Kind, int DocumentIndex, long UntilTicks, byte[]? Client, int Group, byte[][] WireNames, string[] DottedNames, string Label)
    {
        public bool AppliesTo(int groupIndex, ReadOnlySpan<byte> clientAddress) =>
            Client is null ? Group == groupIndex : clientAddress.SequenceEqual(Client);

        /// <summary>True when the name is one of the names or below one, compared label by label from each label start.</summary>
        public bool CoversWire(ReadOnlySpan<byte> wireName)
        {
            var end = NameEnd(wireName);
            if (end < 0)
            {
                return false;
            }

            var name = wireName[..end];
            foreach (var candidate in WireNames)
            {
                var offset = 0;
                while (offset < name.Length)
                {
                    var rest = name[offset..];
                    if (rest.Length == candidate.Length && EqualsIgnoringAsciiCase(rest, candidate))
                    {
                        return true;
                    }

                    if (rest.Length < candidate.Length)
                    {
                        break;
                    }

                    offset += 1 + name[offset];
                }
            }

            return false;
        }

        public bool CoversDotted(ReadOnlySpan<char> name)
        {
            foreach (var candidate in DottedNames)
            {
                if (name.EndsWith(candidate, StringComparison.OrdinalIgnoreCase) &&
                    (name.Length == candidate.Length || name[name.Length - candidate.Length - 1] == '.'))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Where the labels end (before the root label or at the end of the span), or -1 when malformed.</summary>
        private static int NameEnd(ReadOnlySpan<byte> wireName)
        {
            var offset = 0;
            while (offset < wireName.Length)
            {
                var length = wireName[offset];
                if (length == 0)
                {
                    return offset;
                }

                if (length > 63 || offset + 1 + length > wireName.Length)
                {
                    return -1;
                }

                offset += 1 + length;
            }

            return offset;
        }

        private static bool EqualsIgnoringAsciiCase(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
        {
            for (var i = 0; i < left.Length; i++)
            {
                var a = left[i];
                if (a is >= (byte)'A' and <= (byte)'Z')
                {
                    a = (byte)(a | 0x20);
                }

                if (a != right[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
