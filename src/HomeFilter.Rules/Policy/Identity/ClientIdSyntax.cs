namespace HomeFilter.Rules.Policy.Identity;

/// <summary>
/// The client ID a device presents over encrypted DNS: one lower-case DNS label, 1–63 characters of
/// <c>a-z</c>, <c>0-9</c> and <c>-</c>, not starting or ending with <c>-</c> ("emma-phone"). In a group's
/// <c>clients</c> it is written with the <see cref="GroupPrefix"/> (<c>id:emma-phone</c>), so it can never be
/// mistaken for an address.
/// </summary>
public static class ClientIdSyntax
{
    /// <summary>What marks a client ID in a group's <c>clients</c>.</summary>
    public const string GroupPrefix = "id:";

    /// <summary>The longest client ID (a DNS label).</summary>
    public const int MaxLength = 63;

    /// <summary>True when <paramref name="id"/> is a valid client ID.</summary>
    public static bool IsValid(ReadOnlySpan<char> id)
    {
        if (id.Length is 0 or > MaxLength || id[0] == '-' || id[^1] == '-')
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The client ID of a group entry written <c>id:…</c>, or false when the entry is not one.</summary>
    public static bool TryParseGroupEntry(string? entry, out string id)
    {
        id = "";
        if (entry is null || !entry.StartsWith(GroupPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        id = entry[GroupPrefix.Length..];
        return true;
    }
}
