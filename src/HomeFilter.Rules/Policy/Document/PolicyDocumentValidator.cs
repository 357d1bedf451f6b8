using System.Text.RegularExpressions;
using HomeFilter.Rules.Names;

namespace HomeFilter.Rules.Policy.Document;

/// <summary>
/// Checks the meaning of a policy document (names, references, addresses, times) and lists every problem with its path.
/// The reader calls it after the JSON shape is right; the admin side may call it on a document built in code.
/// </summary>
public static partial class PolicyDocumentValidator
{
    /// <summary>Most categories a document may define (each takes a bit in the rule masks; the rest are kept for built-ins).</summary>
    public const int MaxCategories = 60;

    /// <summary>The built-in category of DNS bypass routes; its lists come with the program.</summary>
    public const string BypassCategory = "bypass";

    /// <summary>The schedule-only block entry meaning "everything except the allow entries".</summary>
    public const string Everything = "*";

    /// <summary>Returns every problem found in <paramref name="document"/>; empty when it is valid.</summary>
    public static IReadOnlyList<PolicyError> Validate(PolicyDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var errors = new List<PolicyError>();
        const string root = JsonPath.Root;

        CheckTimeZone(document.TimeZone, errors);
        var categories = CheckCategories(document.Categories ?? [], errors);
        var allowed = CheckDomainList(document.Allow ?? [], JsonPath.Property(root, "allow"), errors);
        var denied = CheckDomainList(document.Deny ?? [], JsonPath.Property(root, "deny"), errors);
        foreach (var (name, denyPath) in denied)
        {
            if (allowed.TryGetValue(name, out var allowPath))
            {
                errors.Add(new PolicyError(denyPath, $"'{name}' is in both allow ({allowPath}) and deny"));
            }
        }

        CheckBlockMode(document.BlockMode, JsonPath.Property(root, "blockMode"), errors);
        var groups = new PolicyGroupValidator(categories, errors);
        groups.CheckRules(document.Default ?? new GroupRules(), JsonPath.Property(root, "default"));
        groups.CheckGroups(document.Groups ?? [], JsonPath.Property(root, "groups"));
        PolicyRecordValidator.CheckLocal(document.Local ?? [], JsonPath.Property(root, "local"), errors);
        PolicyRecordValidator.CheckForward(document.Forward ?? [], JsonPath.Property(root, "forward"), errors);
        PolicyDeviceValidator.CheckDevices(document.Devices ?? [], JsonPath.Property(root, "devices"), errors);
        PolicyDeviceValidator.CheckOverrides(document.Overrides ?? [], PolicyBranchValidator.AllGroups(document), JsonPath.Property(root, "overrides"), errors);
        PolicyBranchValidator.CheckBranches(document, groups, errors);
        return errors;
    }

    /// <summary>Normalises a domain name, reporting it at <paramref name="path"/> when invalid.</summary>
    internal static string? CheckDomain(string? text, string path, List<PolicyError> errors)
    {
        if (text is null)
        {
            errors.Add(new PolicyError(path, "a domain name is required"));
            return null;
        }

        if (DomainName.TryNormalize(text, out var normalized, out var error))
        {
            return normalized;
        }

        errors.Add(new PolicyError(path, $"'{text}' is not a valid domain name ({Explain(error)})"));
        return null;
    }

    internal static void CheckBlockMode(string? blockMode, string path, List<PolicyError> errors)
    {
        if (blockMode is not null && PolicySyntax.CheckBlockMode(blockMode) is { } problem)
        {
            errors.Add(new PolicyError(path, "invalid block mode: " + problem));
        }
    }

    private static void CheckTimeZone(string? timeZone, List<PolicyError> errors)
    {
        if (timeZone is not null && (timeZone.Trim().Length == 0 || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _)))
        {
            errors.Add(new PolicyError(JsonPath.Property(JsonPath.Root, "timeZone"), $"unknown time zone '{timeZone}' (use an IANA id such as Europe/London)"));
        }
    }

    private static HashSet<string> CheckCategories(Dictionary<string, CategoryDefinition> categories, List<PolicyError> errors)
    {
        var path = JsonPath.Property(JsonPath.Root, "categories");
        if (categories.Count > MaxCategories)
        {
            errors.Add(new PolicyError(path, $"{categories.Count} categories defined; at most {MaxCategories} are allowed"));
        }

        var defined = new HashSet<string>(StringComparer.Ordinal) { BypassCategory };
        foreach (var (name, category) in categories)
        {
            var categoryPath = JsonPath.Property(path, name);
            if (!CategoryName().IsMatch(name))
            {
                errors.Add(new PolicyError(categoryPath, $"category name '{name}' must be 1–32 lower-case letters, digits, '-' or '_', starting with a letter or digit"));
            }

            defined.Add(name);
            var sources = category?.Sources ?? [];
            var sourcesPath = JsonPath.Property(categoryPath, "sources");
            if (sources.Count == 0 && name != BypassCategory)
            {
                errors.Add(new PolicyError(sourcesPath, $"category '{name}' needs at least one source (a list file or URL)"));
            }

            for (var i = 0; i < sources.Count; i++)
            {
                if (CheckSource(sources[i]) is { } problem)
                {
                    errors.Add(new PolicyError(JsonPath.Index(sourcesPath, i), problem));
                }
            }
        }

        return defined;
    }

    private static string? CheckSource(string? source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return "a source must be a file path or an http(s) URL, not empty";
        }

        if (!source.Contains("://", StringComparison.Ordinal))
        {
            return null;
        }

        return Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? null
            : $"'{source}' is not an http:// or https:// URL";
    }

    /// <summary>Checks each entry; returns normalised name → path of its first occurrence.</summary>
    internal static Dictionary<string, string> CheckDomainList(List<string> names, string path, List<PolicyError> errors)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var itemPath = JsonPath.Index(path, i);
            if (CheckDomain(names[i], itemPath, errors) is { } normalized)
            {
                result.TryAdd(normalized, itemPath);
            }
        }

        return result;
    }

    private static string Explain(DomainNameError error) => error switch
    {
        DomainNameError.Empty => "empty",
        DomainNameError.NameTooLong => $"longer than {DomainName.MaxNameLength} characters",
        DomainNameError.LabelTooLong => $"a label is longer than {DomainName.MaxLabelLength} characters",
        DomainNameError.EmptyLabel => "empty label: two dots in a row or a leading dot",
        DomainNameError.InvalidCharacter => "only letters, digits, '-' and '_' are allowed in labels",
        DomainNameError.InvalidInternationalName => "not a valid internationalised name",
        DomainNameError.IpAddress => "an IP address, not a name",
        _ => error.ToString(),
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex CategoryName();
}
