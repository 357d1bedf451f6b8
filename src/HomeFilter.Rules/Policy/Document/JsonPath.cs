namespace HomeFilter.Rules.Policy.Document;

/// <summary>Builds the JSON paths that errors are reported at (<c>$.groups[0].from</c>, <c>$.categories['my-list']</c>).</summary>
internal static class JsonPath
{
    public const string Root = "$";

    public static string Property(string parent, string name)
    {
        return IsPlainIdentifier(name)
            ? parent + "." + name
            : parent + "['" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";
    }

    public static string Index(string parent, int index) => parent + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    private static bool IsPlainIdentifier(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
