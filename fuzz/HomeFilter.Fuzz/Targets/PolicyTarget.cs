using System.Text;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Fuzz.Targets;

/// <summary>
/// A policy document (<c>data/policy.json</c>, <c>PUT /api/policy</c>): <see cref="PolicyDocumentReader"/> answers
/// with a result and never throws, from bytes as from text. A document it calls valid must compile, and must read
/// back valid after <see cref="PolicyDocumentWriter"/> wrote it.
/// </summary>
internal static class PolicyTarget
{
    public static void Run(byte[] input)
    {
        var fromBytes = PolicyDocumentReader.Read(new MemoryStream(input));
        Check(fromBytes);
        var fromText = PolicyDocumentReader.Read(Encoding.UTF8.GetString(input));
        Check(fromText);
        if (fromBytes.Document is not { } document)
        {
            return;
        }

        var categories = new List<string>(document.Categories.Keys);
        if (!categories.Contains(PolicyCompiler.BypassCategory))
        {
            categories.Add(PolicyCompiler.BypassCategory);
        }

        _ = PolicyCompiler.Compile(document, CategoryTrie.Empty, categories, BuiltInRules.None, TimeZoneInfo.Utc);
        var written = PolicyDocumentWriter.Write(document);
        var again = PolicyDocumentReader.Read(written);
        FuzzFailure.Unless(again.IsValid, "a valid document, written and read back, is invalid: " + (again.Errors.Count > 0 ? again.Errors[0].ToString() : ""));
    }

    private static void Check(PolicyReadResult result) =>
        FuzzFailure.Unless(result.IsValid == (result.Errors.Count == 0), "a result both valid and with errors, or neither");
}
