using System.Text;
using System.Text.Json;
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

    // Found by fuzz/run.sh policy: the JSON reader checks a string's UTF-8 only when the string is read, so a bad byte
    // in a property name or value threw InvalidOperationException from the shape walk instead of giving an error.
    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'"', 0x91, (byte)'"', (byte)':', (byte)'1', (byte)'}' }, 1, 3)]
    [InlineData(new byte[] { (byte)'{', (byte)'\n', (byte)' ', (byte)'"', (byte)'a', 0xC3, (byte)'"', (byte)':', (byte)'1', (byte)'}' }, 2, 4)]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'"', (byte)'t', (byte)'i', (byte)'m', (byte)'e', (byte)'Z', (byte)'o', (byte)'n', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xFF, (byte)'"', (byte)'}' }, 1, 14)]
    public void Bytes_that_are_not_utf8_are_an_error_with_their_place(byte[] json, int line, int position)
    {
        var result = PolicyDocumentReader.Read(new MemoryStream(json));

        var error = Assert.Single(result.Errors);
        Assert.Equal($"malformed JSON at line {line}, position {position}: the text is not valid UTF-8", error.Message);
        Assert.False(result.IsValid);
    }

    private const string NameNotUnicode = "a property name is not valid Unicode (a lone surrogate such as \\ud800, or bytes that are not UTF-8)";

    [Fact]
    public void An_element_holding_a_name_that_is_not_utf8_is_an_error()
    {
        using var parsed = JsonDocument.Parse(new byte[] { (byte)'{', (byte)'"', 0x91, (byte)'"', (byte)':', (byte)'1', (byte)'}' });

        var result = PolicyDocumentReader.Read(parsed.RootElement);

        Assert.Equal(new PolicyError("$", NameNotUnicode), Assert.Single(result.Errors));
    }

    [Fact]
    public void An_element_holding_a_value_that_is_not_utf8_is_an_error()
    {
        using var parsed = JsonDocument.Parse("{\"timeZone\":\"\u00e9\"}"u8.ToArray().Select(b => b == 0xC3 ? (byte)0xFF : b).ToArray());

        var result = PolicyDocumentReader.Read(parsed.RootElement);

        Assert.False(result.IsValid);
        Assert.Single(result.Errors);
    }

    // Found by fuzz/run.sh policy (with -D): an escaped lone surrogate in a property name parses, and threw
    // InvalidOperationException when the shape walk read the name.
    [Theory]
    [InlineData("{\"\\ud800\":1}", "$")]
    [InlineData("{\"groups\":[{\"\\udc00name\":\"kids\"}]}", "$.groups[0]")]
    [InlineData("{\"categories\":{\"\\ud800\":{\"sources\":[\"a\"]}}}", "$.categories")]
    public void A_property_name_with_a_lone_surrogate_is_an_error(string json, string path)
    {
        var fromText = PolicyDocumentReader.Read(json);
        var fromBytes = PolicyDocumentReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(new PolicyError(path, NameNotUnicode), Assert.Single(fromText.Errors));
        Assert.Equal(fromText.Errors, fromBytes.Errors);
    }

    [Fact]
    public void A_value_with_a_lone_surrogate_is_an_error()
    {
        var result = PolicyDocumentReader.Read("{\"timeZone\":\"\\ud800\"}");

        Assert.False(result.IsValid);
    }

    [Fact]
    public void A_byte_order_mark_before_valid_json_is_still_read()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(PolicyTestDocuments.Example)).ToArray();

        Assert.True(PolicyDocumentReader.Read(new MemoryStream(bytes)).IsValid);
    }
}
