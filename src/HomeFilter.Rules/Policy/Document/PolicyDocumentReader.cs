using System.Text.Json;

namespace HomeFilter.Rules.Policy.Document;

/// <summary>
/// Reads a policy document. An invalid document is rejected whole with every error listed: the JSON is parsed
/// into a <see cref="JsonDocument"/> and walked first (unknown properties, wrong types), then deserialized,
/// then its meaning is checked by <see cref="PolicyDocumentValidator"/>. Never throws on bad input.
/// </summary>
public static class PolicyDocumentReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads a document from JSON text.</summary>
    public static PolicyReadResult Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            return Malformed(e);
        }
        catch (ArgumentException)
        {
            // A lone UTF-16 surrogate cannot be transcoded to UTF-8; text read from a file never has one, an API caller might.
            return PolicyReadResult.Invalid([new PolicyError(JsonPath.Root, "malformed JSON: the text is not valid Unicode (a lone surrogate character)")]);
        }

        using (parsed)
        {
            return Read(parsed.RootElement);
        }
    }

    /// <summary>Reads a document from UTF-8 JSON (a byte order mark is allowed). I/O errors of the stream propagate.</summary>
    public static PolicyReadResult Read(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException e)
        {
            return Malformed(e);
        }

        using (parsed)
        {
            return Read(parsed.RootElement);
        }
    }

    /// <summary>Reads a document from an already parsed JSON value.</summary>
    public static PolicyReadResult Read(JsonElement root)
    {
        var errors = new List<PolicyError>();
        JsonShapeChecker.Check(root, PolicyDocumentShape.Root, JsonPath.Root, errors);
        if (errors.Count > 0)
        {
            return PolicyReadResult.Invalid(errors);
        }

        PolicyDocument? document;
        try
        {
            document = root.Deserialize(PolicyJsonContext.Default.PolicyDocument);
        }
        catch (JsonException e)
        {
            // The shape walk should have caught everything the serializer rejects; this keeps the no-throw promise if not.
            return PolicyReadResult.Invalid([new PolicyError(e.Path ?? JsonPath.Root, e.Message)]);
        }

        if (document is null)
        {
            return PolicyReadResult.Invalid([new PolicyError(JsonPath.Root, "the document must be an object, not null")]);
        }

        var problems = PolicyDocumentValidator.Validate(document);
        return problems.Count == 0 ? PolicyReadResult.Valid(document) : PolicyReadResult.Invalid(problems);
    }

    private static PolicyReadResult Malformed(JsonException e)
    {
        // The reader's message ends with its own "LineNumber: … | BytePositionInLine: …" (zero-based); say it once, one-based.
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        var where = e.LineNumber is { } line
            ? $"line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}"
            : "unknown position";
        return PolicyReadResult.Invalid([new PolicyError(JsonPath.Root, $"malformed JSON at {where}: {message}")]);
    }
}
