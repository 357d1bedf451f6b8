namespace HomeFilter.Rules.Trie;

/// <summary>The distinct <see cref="RuleValue"/>s of a build; records store a small index into it.</summary>
internal sealed class ValueTable
{
    public const int MaxValues = ushort.MaxValue;

    private readonly Dictionary<RuleValue, int> _index = [];
    private readonly List<RuleValue> _values = [];

    public int Count => _values.Count;

    public RuleValue this[int id] => _values[id];

    public int Intern(RuleValue value)
    {
        if (_index.TryGetValue(value, out var id))
        {
            return id;
        }

        if (_values.Count >= MaxValues)
        {
            ThrowHelper.TooManyDistinctValues();
        }

        id = _values.Count;
        _values.Add(value);
        _index.Add(value, id);
        return id;
    }

    public RuleValue[] ToArray() => [.. _values];
}
