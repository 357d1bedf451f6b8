using System.Globalization;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Storage.Sqlite.QueryLog;
using Microsoft.Extensions.Options;
using HomeFilter.Rules.Queries;

// Usage: CrashDriver <database path> [batch size]
// Appends batches forever and prints the total committed after each one ("committed N"), so whoever kills
// this process knows how many rows must survive.
if (args.Length < 1)
{
    await Console.Error.WriteLineAsync("usage: CrashDriver <database path> [batch size]");
    return 2;
}

var batchSize = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
await using var store = new SqliteQueryLogStore(args[0], Options.Create(new QueryLogOptions()));
await store.InitializeAsync(CancellationToken.None);
var start = DateTime.UtcNow;
long committed = 0;
var batch = new QueryLogRecord[batchSize];
while (true)
{
    for (var i = 0; i < batch.Length; i++)
    {
        var n = committed + i;
        batch[i] = new QueryLogRecord
        {
            TimeUtc = start.AddMilliseconds(n),
            Client = $"10.0.{n % 7}.{n % 200}",
            Name = $"host{n % 5000}.example.test",
            Type = 1,
            Outcome = n % 5 == 0 ? QueryOutcome.Blocked : QueryOutcome.Forwarded,
            Category = n % 5 == 0 ? "ads" : null,
            Answers = n % 5 == 0 ? [] : ["192.0.2.1"],
        };
    }

    await store.AppendAsync(batch, CancellationToken.None);
    committed += batch.Length;
    Console.WriteLine($"committed {committed}");
}
