using System.Text;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Resolver.Reload.Compiled;

/// <summary>The part of the policy that compiled rules depend on, as one string: a change to it means other rules.</summary>
internal static class RuleFileKeys
{
    /// <summary>
    /// Each category by bit with the sources the policy names for it, the bundled lists' folder, and the essential
    /// names (the bundled file's and the policy's allow names), which decide the entries a list may not apply.
    /// </summary>
    public static string Policy(PolicyDocument document, IReadOnlyList<string> categories, string bundledFolder, EssentialNames essential)
    {
        var key = new StringBuilder();
        key.Append("bundled\t").Append(bundledFolder).Append('\n');
        key.Append("essential\t").Append(essential.Fingerprint).Append('\n');
        for (var bit = 0; bit < categories.Count; bit++)
        {
            key.Append(bit).Append('\t').Append(categories[bit]);
            if (document.Categories.TryGetValue(categories[bit], out var definition))
            {
                foreach (var source in definition.Sources)
                {
                    key.Append('\t').Append(source);
                }
            }

            key.Append('\n');
        }

        return key.ToString();
    }
}
