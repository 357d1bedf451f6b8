namespace HomeFilter.Rules.Names;

/// <summary>Why a text could not be turned into a normalised domain name.</summary>
public enum DomainNameError
{
    /// <summary>The name is valid.</summary>
    None = 0,

    /// <summary>Nothing left after trimming (or only the root dot).</summary>
    Empty,

    /// <summary>Longer than <see cref="DomainName.MaxNameLength"/> characters in its A-label form.</summary>
    NameTooLong,

    /// <summary>A label is longer than <see cref="DomainName.MaxLabelLength"/> characters.</summary>
    LabelTooLong,

    /// <summary>Two dots in a row, or a leading dot.</summary>
    EmptyLabel,

    /// <summary>A character outside letters, digits, <c>-</c> and <c>_</c>.</summary>
    InvalidCharacter,

    /// <summary>A non-ASCII name that has no valid punycode (A-label) form.</summary>
    InvalidInternationalName,

    /// <summary>The text is an IP address, not a name.</summary>
    IpAddress,
}
