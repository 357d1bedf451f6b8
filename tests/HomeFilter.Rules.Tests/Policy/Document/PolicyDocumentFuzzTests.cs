using System.Text;
using CsCheck;
using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Rules.Tests.Policy.Document;

/// <summary>Whatever the input, the reader answers with a result and never throws.</summary>
public class PolicyDocumentFuzzTests
{
    private static readonly Gen<char> JsonishChar = Gen.OneOf(
        Gen.Char['\0', '\u007f'],
        Gen.OneOf('{', '}', '[', ']', '"', ':', ',', '*', '/', '.', '\\', 'ü', '\ud800'));

    [Fact]
    public void Random_bytes_never_throw()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            var result = PolicyDocumentReader.Read(new MemoryStream(bytes));
            Assert.Equal(result.IsValid, result.Errors.Count == 0);
        }, iter: 5000);
    }

    [Fact]
    public void Mutations_of_a_valid_document_never_throw()
    {
        var valid = PolicyTestDocuments.Full;
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Int[0, 3], JsonishChar).Array[1, 6].Sample(edits =>
        {
            var text = new StringBuilder(valid);
            foreach (var (position, kind, c) in edits)
            {
                var at = Math.Min(position, text.Length - 1);
                _ = kind switch
                {
                    0 => text.Remove(at, 1),
                    1 => text.Insert(at, c),
                    _ => text.Replace(text[at], c, at, 1),
                };
            }

            var json = text.ToString();
            var fromText = PolicyDocumentReader.Read(json);
            var bytes = Encoding.UTF8.GetBytes(json);
            var fromStream = PolicyDocumentReader.Read(new MemoryStream(bytes));
            Assert.Equal(fromText.IsValid, fromText.Document is not null);
            // Encoding replaces a lone surrogate with U+FFFD, so text and bytes only say the same when the text was valid Unicode.
            if (Encoding.UTF8.GetString(bytes) == json)
            {
                Assert.Equal(fromText.IsValid, fromStream.IsValid);
            }
        }, iter: 3000);
    }
}
