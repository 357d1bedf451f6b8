using System.Text.Json;

namespace HomeFilter.Rules.Lists.Catalog;

/// <summary>
/// The public lists HomeFilter knows by id (<c>blocklists/catalog.json</c>) and the presets made of them. A policy
/// source that is a catalog id is downloaded from the entry's URL; a preset fills categories with chosen entries.
/// </summary>
public sealed class ListCatalog
{
    /// <summary>The file name beside the bundled lists.</summary>
    public const string FileName = "catalog.json";

    /// <summary>An empty catalog: no id resolves.</summary>
    public static readonly ListCatalog Empty = new([], []);

    private readonly Dictionary<string, CatalogList> _byId;

    private ListCatalog(List<CatalogList> lists, List<CatalogPreset> presets)
    {
        Lists = lists;
        Presets = presets;
        _byId = new Dictionary<string, CatalogList>(lists.Count, StringComparer.Ordinal);
        foreach (var list in lists)
        {
            _byId[list.Id] = list;
        }
    }

    /// <summary>Every entry, in file order.</summary>
    public IReadOnlyList<CatalogList> Lists { get; }

    /// <summary>Every preset, in file order.</summary>
    public IReadOnlyList<CatalogPreset> Presets { get; }

    /// <summary>
    /// True when <paramref name="source"/> has the shape of a catalog id (<c>^[a-z0-9][a-z0-9-]{1,63}$</c>): no dot, slash
    /// or scheme, so it cannot be mistaken for a file name with an extension or a URL.
    /// </summary>
    public static bool IsId(string? source)
    {
        if (source is null || source.Length < 2 || source.Length > 64)
        {
            return false;
        }

        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            var ok = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || (c == '-' && i > 0);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The entry with <paramref name="id"/>, or false.</summary>
    public bool TryGet(string id, out CatalogList list) => _byId.TryGetValue(id, out list!);

    /// <summary>The preset with <paramref name="id"/>, or null.</summary>
    public CatalogPreset? Preset(string id)
    {
        foreach (var preset in Presets)
        {
            if (preset.Id == id)
            {
                return preset;
            }
        }

        return null;
    }

    /// <summary>Reads a catalog file; a missing file is an empty catalog, a broken one an error naming the problem.</summary>
    /// <returns>The catalog, or null with <paramref name="error"/> set.</returns>
    public static ListCatalog? Load(string path, out string? error)
    {
        if (!File.Exists(path))
        {
            error = null;
            return Empty;
        }

        try
        {
            using var stream = File.OpenRead(path);
            return Read(stream, out error);
        }
        catch (IOException e)
        {
            error = $"{path}: {e.Message}";
            return null;
        }
    }

    /// <summary>
    /// Parses and checks a catalog: version 1, ids unique and well formed, every entry with a category, URL, format and
    /// licence, presets naming only known entries of the same category.
    /// </summary>
    /// <returns>The catalog, or null with <paramref name="error"/> naming the first problem.</returns>
    public static ListCatalog? Read(Stream stream, out string? error)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CatalogDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(stream, CatalogJsonContext.Default.CatalogDocument);
        }
        catch (JsonException e)
        {
            error = $"the catalog is not valid JSON: {e.Message}";
            return null;
        }

        error = document is null ? "the catalog is empty" : Check(document);
        return error is null ? new ListCatalog(document!.Lists, document.Presets) : null;
    }

    private static string? Check(CatalogDocument document)
    {
        if (document.Version != 1)
        {
            return $"catalog version {document.Version} is not supported (expected 1)";
        }

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var list in document.Lists)
        {
            if (list is null)
            {
                return "a catalog entry is null";
            }

            if (!IsId(list.Id))
            {
                return $"catalog id '{list.Id}' is not lower-case letters, digits and '-'";
            }

            if (!ids.TryAdd(list.Id, list.Category))
            {
                return $"catalog id '{list.Id}' appears twice";
            }

            if (string.IsNullOrWhiteSpace(list.Category) || string.IsNullOrWhiteSpace(list.Licence) || string.IsNullOrWhiteSpace(list.Format))
            {
                return $"catalog entry '{list.Id}' needs a category, a format and a licence";
            }

            if (!Uri.TryCreate(list.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                return $"catalog entry '{list.Id}' has no http(s) URL";
            }
        }

        foreach (var preset in document.Presets)
        {
            if (preset is null)
            {
                return "a catalog preset is null";
            }

            foreach (var (category, members) in preset.Categories)
            {
                if (members is null)
                {
                    return $"preset '{preset.Id}' gives category '{category}' null instead of a list of ids";
                }

                foreach (var id in members)
                {
                    if (id is null)
                    {
                        return $"preset '{preset.Id}' names null in category '{category}'";
                    }

                    if (!ids.TryGetValue(id, out var listCategory))
                    {
                        return $"preset '{preset.Id}' names '{id}', which is not in the catalog";
                    }

                    if (listCategory != category)
                    {
                        return $"preset '{preset.Id}' puts '{id}' ({listCategory}) in category '{category}'";
                    }
                }
            }

            foreach (var category in preset.Block)
            {
                if (category is null || !preset.Categories.ContainsKey(category))
                {
                    return $"preset '{preset.Id}' blocks '{category}' but gives it no lists";
                }
            }
        }

        return null;
    }
}
