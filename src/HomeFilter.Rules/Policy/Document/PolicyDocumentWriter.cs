using System.Text.Encodings.Web;
using System.Text.Json;

namespace HomeFilter.Rules.Policy.Document;

/// <summary>Writes a policy document as indented JSON in the shape <see cref="PolicyDocumentReader"/> reads.</summary>
public static class PolicyDocumentWriter
{
    // Relaxed escaping keeps '+', '<', '&' and non-ASCII text readable in a file people edit; the output is never embedded in HTML.
    private static readonly PolicyJsonContext Context = new(new JsonSerializerOptions(PolicyJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Returns <paramref name="document"/> as indented JSON (null properties left out).</summary>
    public static string Write(PolicyDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return JsonSerializer.Serialize(document, Context.PolicyDocument) + "\n";
    }
}
