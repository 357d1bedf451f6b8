using HomeFilter.Rules.Queries;

namespace HomeFilter.Storage.QueryLog;

/// <summary>How a name filter matches.</summary>
public enum NameMatch
{
    /// <summary>The name itself.</summary>
    Exact,
    /// <summary>The name and every name below it (<c>example.com</c> matches <c>www.example.com</c>).</summary>
    Suffix,
    /// <summary>Names containing the text.</summary>
    Substring,
}

/// <summary>What to search for; every part optional. Times are UTC, <see cref="From"/> inclusive, <see cref="To"/> exclusive.</summary>
public sealed record QueryLogFilter
{
    public const int MaxLimit = 1000;

    public DateTime? From { get; init; }

    public DateTime? To { get; init; }

    public string? Client { get; init; }

    /// <summary>One branch (null: every branch).</summary>
    public string? Branch { get; init; }

    public string? Group { get; init; }

    /// <summary>Rows of one named device (the name the row was logged with, case-insensitive; null: every row).</summary>
    public string? Device { get; init; }

    public string? Name { get; init; }

    public NameMatch Match { get; init; } = NameMatch.Exact;

    public IReadOnlyList<QueryOutcome> Outcomes { get; init; } = [];

    public string? Category { get; init; }

    /// <summary>Rows per page (1..1000, default 100).</summary>
    public int Limit { get; init; } = 100;

    /// <summary>The <see cref="QueryLogPage.Next"/> of the previous page.</summary>
    public string? Cursor { get; init; }
}

/// <summary>One page of rows, newest first; <see cref="Next"/> continues after the last row (null: no more).</summary>
public sealed record QueryLogPage(IReadOnlyList<QueryLogRecord> Items, string? Next);
