using System.Text.Json;
using System.Text.Unicode;

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

        // The JSON reader checks the UTF-8 of a string only when the string is read, which the shape walk does long
        // after parsing, and then it throws: the bytes are checked first so a bad byte is an error with its place.
        using var buffer = new MemoryStream();
        utf8Json.CopyTo(buffer);
        var bytes = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (bytes.Span.StartsWith(Utf8ByteOrderMark))
        {
            bytes = bytes[Utf8ByteOrderMark.Length..];
        }

        if (InvalidUtf8(bytes.Span) is { } invalid)
        {
            return PolicyReadResult.Invalid([invalid]);
        }

        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(bytes, DocumentOptions);
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

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>The error for the first byte that is not UTF-8, with its line and position as the JSON errors give them; null when all are.</summary>
    private static PolicyError? InvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return null;
        }

        // Decoding with no replacement stops at the first invalid sequence; what it consumed is the valid prefix.
        var chars = new char[bytes.Length];
        Utf8.ToUtf16(bytes, chars, out var valid, out _, replaceInvalidSequences: false);
        var prefix = bytes[..valid];
        var lineStart = prefix.LastIndexOf((byte)'\n') + 1;
        var line = prefix.Count((byte)'\n') + 1;
        return new PolicyError(JsonPath.Root, $"malformed JSON at line {line}, position {valid - lineStart + 1}: the text is not valid UTF-8");
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
