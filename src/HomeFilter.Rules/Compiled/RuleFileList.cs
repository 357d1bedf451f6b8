using HomeFilter.Rules.Lists;

namespace HomeFilter.Rules.Compiled;

/// <summary>What a rules file says of one list it was built from (a <see cref="ListLoadResult"/> without the source).</summary>
/// <param name="Name">The list's name when the file was written.</param>
/// <param name="Report">Its parse report.</param>
/// <param name="DistinctNames">Distinct names in the list.</param>
/// <param name="RetainedBytes">Size of a trie of the list alone, when it was measured.</param>
/// <param name="BuildTime">Time to build that trie, when measured.</param>
/// <param name="ParseTime">Time spent parsing the list.</param>
public sealed record RuleFileList(string Name, ParseReport Report, int DistinctNames, long RetainedBytes, TimeSpan BuildTime, TimeSpan ParseTime);
