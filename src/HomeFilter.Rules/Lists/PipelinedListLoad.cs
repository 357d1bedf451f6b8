using System.Collections.Concurrent;
using System.Diagnostics;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Lists;

/// <summary>
/// Reads and parses the lists on one thread while the calling thread adds their entries to the builder, in the
/// same order as a serial load (so the trie and every report are the same). Parsing (decompression, UTF-8,
/// normalisation) and adding take about as long as each other, so on two cores a start from list text takes
/// about half the time. Entries travel in a few reused batches, so the hand-over allocates nothing per entry.
/// </summary>
internal static class PipelinedListLoad
{
    private const int BatchEntries = 4096;
    private const int BatchChars = BatchEntries * 64;
    private const int BatchesInFlight = 4;

    public static List<ListLoadResult> Run(IReadOnlyList<RuleSource> sources, EssentialNames essential, CategoryTrieBuilder combined)
    {
        var reports = new ParseReport[sources.Count];
        var parseTimes = new TimeSpan[sources.Count];
        var duplicates = new int[sources.Count];
        using var full = new BlockingCollection<EntryBatch>(BatchesInFlight);
        using var free = new BlockingCollection<EntryBatch>(BatchesInFlight + 1);
        for (var i = 0; i <= BatchesInFlight; i++)
        {
            free.Add(new EntryBatch());
        }

        using var stop = new CancellationTokenSource();
        var producer = Task.Factory.StartNew(
            () => Produce(sources, essential, reports, parseTimes, full, free, stop.Token),
            stop.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            foreach (var batch in full.GetConsumingEnumerable())
            {
                var start = 0;
                for (var i = 0; i < batch.Count; i++)
                {
                    var end = batch.Ends[i];
                    if (combined.Add(batch.Chars.AsSpan(start, end - start), batch.Values[i]) == AddResult.Duplicate)
                    {
                        duplicates[batch.Source]++;
                    }

                    start = end;
                }

                batch.Clear();
                free.Add(batch);
            }
        }
        catch
        {
            // The producer may be waiting for a free batch: let it go before waiting for it.
            stop.Cancel();
            Wait(producer);
            throw;
        }

        // A list that could not be read fails the load exactly as the serial one does.
        producer.GetAwaiter().GetResult();
        var results = new List<ListLoadResult>(sources.Count);
        for (var i = 0; i < sources.Count; i++)
        {
            reports[i].CountDuplicates(duplicates[i]);
            results.Add(new ListLoadResult(sources[i], reports[i], reports[i].Entries - reports[i].Duplicates, 0, TimeSpan.Zero, parseTimes[i]));
        }

        return results;
    }

    private static void Produce(
        IReadOnlyList<RuleSource> sources,
        EssentialNames essential,
        ParseReport[] reports,
        TimeSpan[] parseTimes,
        BlockingCollection<EntryBatch> full,
        BlockingCollection<EntryBatch> free,
        CancellationToken stop)
    {
        try
        {
            for (var s = 0; s < sources.Count; s++)
            {
                var source = sources[s];
                var parse = Stopwatch.StartNew();
                var batch = free.Take(stop);
                batch.Source = s;
                using (var text = source.OpenText())
                {
                    var reader = new ListReader(text, source.Format);
                    while (reader.Read())
                    {
                        if (!RuleSetLoader.Applies(reader, source, essential, out var value))
                        {
                            continue;
                        }

                        if (!batch.TryAdd(reader.Name, value))
                        {
                            full.Add(batch, stop);
                            batch = free.Take(stop);
                            batch.Source = s;
                            batch.TryAdd(reader.Name, value);
                        }
                    }

                    reports[s] = reader.Report;
                }

                // A batch holds one list's entries, so each duplicate is counted for the list it came from.
                full.Add(batch, stop);
                parseTimes[s] = parse.Elapsed;
            }
        }
        finally
        {
            full.CompleteAdding();
        }
    }

    private static void Wait(Task producer)
    {
        try
        {
            producer.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidDataException)
        {
            // The consumer's own exception is the one to report.
        }
    }

    /// <summary>Entries of one list: their names end to end in one char array, each with its value.</summary>
    private sealed class EntryBatch
    {
        public readonly char[] Chars = new char[BatchChars];
        public readonly int[] Ends = new int[BatchEntries];
        public readonly RuleValue[] Values = new RuleValue[BatchEntries];
        private int _chars;

        public int Count { get; private set; }

        public int Source { get; set; }

        public bool TryAdd(ReadOnlySpan<char> name, RuleValue value)
        {
            if (Count == BatchEntries || _chars + name.Length > BatchChars)
            {
                return false;
            }

            name.CopyTo(Chars.AsSpan(_chars));
            _chars += name.Length;
            Ends[Count] = _chars;
            Values[Count++] = value;
            return true;
        }

        public void Clear()
        {
            Count = 0;
            _chars = 0;
        }
    }
}
