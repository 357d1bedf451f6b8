using Npgsql;

namespace HomeFilter.Storage.Postgres.Common;

/// <summary>
/// The one pooled <see cref="NpgsqlDataSource"/> every PostgreSQL store of the process shares, made from
/// <c>HomeFilter:Store:ConnectionString</c>. Opening a connection fails fast (the connection string's timeout) with
/// Npgsql's own message; callers retry.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private PostgresDatabase(NpgsqlDataSource dataSource) => DataSource = dataSource;

    public NpgsqlDataSource DataSource { get; }

    /// <summary>A data source for <paramref name="connectionString"/> (Npgsql format); a malformed one throws <see cref="ArgumentException"/> with one line.</summary>
    public static PostgresDatabase Create(string connectionString)
    {
        if (Problem(connectionString) is { } problem)
        {
            throw new ArgumentException(problem, nameof(connectionString));
        }

        return new PostgresDatabase(NpgsqlDataSource.Create(connectionString));
    }

    /// <summary>Why the connection string cannot be used (one line), or null; nothing is connected.</summary>
    public static string? Problem(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "the connection string is empty";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrEmpty(builder.Host) ? "the connection string names no Host" : null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            return "the connection string is not in Npgsql's format (Host=…;Database=…;Username=…): " + e.Message;
        }
    }

    /// <summary>Host, port and database, without the password, for messages.</summary>
    public string Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(DataSource.ConnectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
