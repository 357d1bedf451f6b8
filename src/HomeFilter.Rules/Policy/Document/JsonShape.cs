namespace HomeFilter.Rules.Policy.Document;

/// <summary>The JSON kinds a policy document is made of.</summary>
internal enum JsonShapeKind
{
    Object,
    Map,
    Array,
    String,
    Boolean,
    Integer,
}

/// <summary>
/// The expected JSON type of one value in a policy document, used to report every wrong type and unknown
/// property with its path before the document is deserialized.
/// </summary>
internal sealed class JsonShape
{
    private JsonShape(JsonShapeKind kind, bool nullable, IReadOnlyDictionary<string, JsonShape>? properties, JsonShape? items)
    {
        Kind = kind;
        Nullable = nullable;
        Properties = properties;
        Items = items;
    }

    public JsonShapeKind Kind { get; }

    /// <summary>Whether JSON <c>null</c> is accepted (only where the model property is nullable).</summary>
    public bool Nullable { get; }

    /// <summary>Known properties of an <see cref="JsonShapeKind.Object"/>, by their exact (camelCase) JSON name.</summary>
    public IReadOnlyDictionary<string, JsonShape>? Properties { get; }

    /// <summary>The shape of an array's items or a map's values.</summary>
    public JsonShape? Items { get; }

    public static JsonShape String(bool nullable = false) => new(JsonShapeKind.String, nullable, null, null);

    public static JsonShape Boolean(bool nullable = false) => new(JsonShapeKind.Boolean, nullable, null, null);

    public static JsonShape Integer(bool nullable = false) => new(JsonShapeKind.Integer, nullable, null, null);

    public static JsonShape Array(JsonShape items, bool nullable = false) => new(JsonShapeKind.Array, nullable, null, items);

    public static JsonShape Map(JsonShape values) => new(JsonShapeKind.Map, false, null, values);

    public static JsonShape Object(Dictionary<string, JsonShape> properties, bool nullable = false) =>
        new(JsonShapeKind.Object, nullable, properties, null);

    public string Describe() => Kind switch
    {
        JsonShapeKind.Object or JsonShapeKind.Map => "an object",
        JsonShapeKind.Array => "an array",
        JsonShapeKind.String => "a string",
        JsonShapeKind.Boolean => "true or false",
        _ => "a whole number",
    };
}
