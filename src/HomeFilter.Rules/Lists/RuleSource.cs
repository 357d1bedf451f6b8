using System.IO.Compression;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Lists;

/// <summary>
/// One list as the loader and the explainer see it: a name, the category its blocks go to, and a way to
/// open its bytes (called again whenever the list has to be re-read, e.g. to explain a match).
/// </summary>
/// <remarks>
/// Opening files, downloading and caching are the caller's business; a source only needs a stream.
/// Text is decoded as UTF-8 unless a byte-order mark says otherwise.
/// </remarks>
public sealed class RuleSource
{
    private readonly Func<Stream> _open;

    /// <summary>Creates a source.</summary>
    /// <param name="name">Shown in reports and explanations (e.g. the file name or a catalog id).</param>
    /// <param name="category">The category (0..63) its block entries belong to.</param>
    /// <param name="open">Opens the list's bytes; the caller of the source disposes the stream.</param>
    /// <param name="format">The list's syntax, or <see cref="ListFormat.Auto"/>.</param>
    /// <param name="isAllowList">Every entry of the list allows its name (scope as written) instead of blocking it.</param>
    /// <param name="gzip">The bytes are gzip-compressed.</param>
    public RuleSource(string name, int category, Func<Stream> open, ListFormat format = ListFormat.Auto, bool isAllowList = false, bool gzip = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(open);
        _ = RuleValue.CategoryBit(category);
        Name = name;
        Category = category;
        _open = open;
        Format = format;
        IsAllowList = isAllowList;
        Gzip = gzip;
    }

    /// <summary>Shown in reports and explanations.</summary>
    public string Name { get; }

    /// <summary>The category its block entries belong to.</summary>
    public int Category { get; }

    /// <summary>The list's syntax.</summary>
    public ListFormat Format { get; }

    /// <summary>Entries allow instead of block.</summary>
    public bool IsAllowList { get; }

    /// <summary>The bytes are gzip-compressed.</summary>
    public bool Gzip { get; }

    /// <summary>Opens the list as text (decompressing when needed). The caller disposes the reader.</summary>
    public TextReader OpenText()
    {
        var stream = _open();
        if (Gzip)
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
    }

    /// <summary>The value an entry of this list contributes.</summary>
    public RuleValue ValueOf(RuleAction action, MatchScope scope) =>
        RuleValue.For(IsAllowList ? RuleAction.Allow : action, scope, Category);

    /// <inheritdoc />
    public override string ToString() => Name;
}
