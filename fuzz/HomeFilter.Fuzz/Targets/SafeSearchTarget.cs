using System.Text;
using HomeFilter.Rules.Names;
using HomeFilter.Rules.Policy.SafeSearch;

namespace HomeFilter.Fuzz.Targets;

/// <summary>The safe-search mapping (<c>blocklists/safesearch.txt</c>): bad lines are reported, never thrown.</summary>
internal static class SafeSearchTarget
{
    public static void Run(byte[] input)
    {
        using var reader = new StreamReader(new MemoryStream(input), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var map = SafeSearchMapReader.Read(reader, out var errors);
        FuzzFailure.Unless(errors is not null, "no error list");
        foreach (var entry in map.Entries)
        {
            FuzzFailure.Unless(entry.TargetIndex >= 0 && entry.TargetIndex < map.Targets.Count, $"entry '{entry.Name}' points at target {entry.TargetIndex} of {map.Targets.Count}");
            FuzzFailure.Unless(DomainName.Validate(entry.Name) == DomainNameError.None, $"entry '{entry.Name}' is not a normalised name");
        }
    }
}
