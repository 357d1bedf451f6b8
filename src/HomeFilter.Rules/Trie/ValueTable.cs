namespace HomeFilter.Rules.Trie;

/// <summary>The distinct <see cref="RuleValue"/>s of a build; records store a small index into it.</summary>
internal sealed class ValueTable
{
    public const int MaxValues = ushort.MaxValue;

    private readonly Dictionary<RuleValue, int> _index = [];
    private readonly List<RuleValue> _values = [];
    private RuleValue _lastValue;
    private int _lastId = -1;

    public int Count => _values.Count;

    public RuleValue this[int id] => _values[id];

    public int Intern(RuleValue value)
    {
        // Lists add runs of entries with one value; skip the dictionary for a repeat.
        if (_lastId >= 0 && value == _lastValue)
        {
            return _lastId;
        }

        if (!_index.TryGetValue(value, out var id))
        {
            id = Add(value);
        }

        _lastValue = value;
        _lastId = id;
        return id;
    }

    public RuleValue[] ToArray() => [.. _values];

    private int Add(RuleValue value)
    {
        if (_values.Count >= MaxValues)
        {
            ThrowHelper.TooManyDistinctValues();
        }

        var id = _values.Count;
        _values.Add(value);
        _index.Add(value, id);
        return id;
    }
}
