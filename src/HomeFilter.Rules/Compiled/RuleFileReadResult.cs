namespace HomeFilter.Rules.Compiled;

/// <summary>A rules file that passed every check, or the one-line reason it was not trusted.</summary>
/// <param name="File">The file's contents; null when it failed.</param>
/// <param name="Error">Why it was not trusted (missing, truncated, wrong version, checksum mismatch, corrupt); null when read.</param>
public sealed record RuleFileReadResult(RuleFile? File, string? Error)
{
    /// <summary>True when the file was read and checked.</summary>
    public bool Succeeded => File is not null;
}
