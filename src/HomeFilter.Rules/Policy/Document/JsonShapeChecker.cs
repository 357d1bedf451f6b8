using System.Text.Json;

namespace HomeFilter.Rules.Policy.Document;

/// <summary>
/// Walks a parsed JSON document against a <see cref="JsonShape"/> and reports every unknown property,
/// repeated property and wrong type with its path, so a document is never half-deserialized.
/// </summary>
internal static class JsonShapeChecker
{
    public static void Check(JsonElement element, JsonShape shape, string path, List<PolicyError> errors)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            if (!shape.Nullable)
            {
                errors.Add(new PolicyError(path, $"must be {shape.Describe()}, not null"));
            }

            return;
        }

        switch (shape.Kind)
        {
            case JsonShapeKind.Object:
            case JsonShapeKind.Map:
                if (!Expect(element, JsonValueKind.Object, shape, path, errors))
                {
                    return;
                }

                CheckObject(element, shape, path, errors);
                return;
            case JsonShapeKind.Array:
                if (!Expect(element, JsonValueKind.Array, shape, path, errors))
                {
                    return;
                }

                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Check(item, shape.Items!, JsonPath.Index(path, index++), errors);
                }

                return;
            case JsonShapeKind.String:
                Expect(element, JsonValueKind.String, shape, path, errors);
                return;
            case JsonShapeKind.Boolean:
                if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add(new PolicyError(path, $"must be {shape.Describe()}, not {Describe(element.ValueKind)}"));
                }

                return;
            case JsonShapeKind.Integer:
                if (Expect(element, JsonValueKind.Number, shape, path, errors) && !element.TryGetInt32(out _))
                {
                    errors.Add(new PolicyError(path, $"must be a whole number between {int.MinValue} and {int.MaxValue}, not {element.GetRawText()}"));
                }

                return;
        }
    }

    private static void CheckObject(JsonElement element, JsonShape shape, string path, List<PolicyError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!TryGetName(property, out var name))
            {
                errors.Add(new PolicyError(path, "a property name is not valid Unicode (a lone surrogate such as \\ud800, or bytes that are not UTF-8)"));
                continue;
            }

            var propertyPath = JsonPath.Property(path, name);
            if (!seen.Add(name))
            {
                errors.Add(new PolicyError(propertyPath, $"property '{name}' appears more than once"));
                continue;
            }

            if (shape.Kind == JsonShapeKind.Map)
            {
                Check(property.Value, shape.Items!, propertyPath, errors);
            }
            else if (shape.Properties!.TryGetValue(name, out var propertyShape))
            {
                Check(property.Value, propertyShape, propertyPath, errors);
            }
            else
            {
                errors.Add(new PolicyError(propertyPath, $"unknown property '{name}'{Suggest(name, shape)}"));
            }
        }
    }

    /// <summary>
    /// The parser accepts a name holding an escaped lone surrogate (<c>"\ud800"</c>) or, from bytes, invalid UTF-8, and
    /// throws only when the name is read.
    /// </summary>
    private static bool TryGetName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }

    // Names are case-sensitive (camelCase); a near miss in case is the commonest mistake, so name the right spelling.
    private static string Suggest(string name, JsonShape shape)
    {
        foreach (var known in shape.Properties!.Keys)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                return $" (did you mean '{known}'?)";
            }
        }

        return "";
    }

    private static bool Expect(JsonElement element, JsonValueKind kind, JsonShape shape, string path, List<PolicyError> errors)
    {
        if (element.ValueKind == kind)
        {
            return true;
        }

        errors.Add(new PolicyError(path, $"must be {shape.Describe()}, not {Describe(element.ValueKind)}"));
        return false;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "null",
    };
}
