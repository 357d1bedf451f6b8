using System.Diagnostics.CodeAnalysis;
using HomeFilter.Fuzz.Targets;

namespace HomeFilter.Fuzz;

/// <summary>
/// Every harness by the name <c>fuzz/run.sh</c> and <c>fuzz/corpus/&lt;name&gt;</c> use. A harness throws when the
/// code under test throws or breaks a promise it makes about bad input; afl-fuzz records that input as a crash.
/// </summary>
internal static class FuzzTargets
{
    private static readonly (string Name, Action<byte[]> Run)[] All =
    [
        ("query", QueryTarget.Run),
        ("response", ResponseTarget.Run),
        ("lists", ListTarget.Run),
        ("safesearch", SafeSearchTarget.Run),
        ("catalog", CatalogTarget.Run),
        ("policy", PolicyTarget.Run),
    ];

    public static IEnumerable<string> Names => All.Select(static t => t.Name);

    public static bool TryGet(string name, [NotNullWhen(true)] out Action<byte[]>? run)
    {
        foreach (var target in All)
        {
            if (target.Name == name)
            {
                run = target.Run;
                return true;
            }
        }

        run = null;
        return false;
    }
}
