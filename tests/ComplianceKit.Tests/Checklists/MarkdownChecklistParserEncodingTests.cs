using System.Text;
using ComplianceKit.Checklists;

namespace ComplianceKit.Tests.Checklists;

public class MarkdownChecklistParserEncodingTests
{
    private const string Checklist = "# Contrôle d'accès ✅\n- [x] Révision trimestrielle 🔐\n- [ ] Compliance Officer: ______ Date: ____\n";

    private readonly MarkdownChecklistParser parser = new();

    public static TheoryData<string, string> Encodings => new()
    {
        { "utf-8-no-bom", "utf-8" },
        { "utf-8-bom", "utf-8" },
        { "utf-16le-bom", "utf-16" },
        { "utf-16be-bom", "utf-16BE" },
        { "utf-32le-bom", "utf-32" },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void ParseStream_EncodingWithOrWithoutBom_DecodesTheSameText(string encodingName, string expectedWebName)
    {
        var bytes = Encode(Checklist, encodingName);
        using var stream = new MemoryStream(bytes);

        var document = parser.Parse(stream, "access.md");

        Assert.Equal(expectedWebName, document.SourceEncoding);
        Assert.Equal("Contrôle d'accès ✅", document.Title);
        Assert.Equal("Révision trimestrielle 🔐", document.Items.Single().Text);
        Assert.Equal("Compliance Officer", document.SignOffs.Single().Role);
        Assert.Empty(document.Warnings);
    }

    [Fact]
    public void ParseStream_InvalidUtf8_ReplacesBytesAndWarnsWithLine()
    {
        var bytes = Encoding.UTF8.GetBytes("# Checklist\n- [ ] Caf\u00E9 menu\n- [ ] Next\n")
            .Concat(new byte[] { (byte)'-', (byte)' ', (byte)'[', (byte)' ', (byte)']', (byte)' ', 0x43, 0x61, 0x66, 0xE9, 0x0A })
            .ToArray();
        using var stream = new MemoryStream(bytes);

        var document = parser.Parse(stream);

        Assert.Equal(3, document.Items.Count);
        Assert.Equal("Caf\uFFFD", document.Items[2].Text);
        var warning = Assert.Single(document.Warnings);
        Assert.Equal(ChecklistWarningKind.InvalidEncoding, warning.Kind);
        Assert.Equal(4, warning.Line);
    }

    [Fact]
    public void ParseStream_Utf16WithoutBom_ThrowsWithHint()
    {
        var bytes = Encoding.Unicode.GetBytes("# Checklist\n- [ ] Item\n");
        using var stream = new MemoryStream(bytes);

        var exception = Assert.Throws<ChecklistFormatException>(() => parser.Parse(stream, "notes.md"));

        Assert.Contains("UTF-16 text without a byte-order mark", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseStream_EmptyStream_Throws()
    {
        using var stream = new MemoryStream();

        var exception = Assert.Throws<ChecklistFormatException>(() => parser.Parse(stream));

        Assert.Contains("is empty", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseStream_OnlyAByteOrderMark_Throws()
    {
        using var stream = new MemoryStream([0xEF, 0xBB, 0xBF]);

        Assert.Throws<ChecklistFormatException>(() => parser.Parse(stream));
    }

    [Fact]
    public void ParseStream_StreamIsLeftOpen()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Checklist));

        parser.Parse(stream);

        Assert.True(stream.CanRead);
    }

    [Fact]
    public void ParseReader_TextReader_ParsesTheText()
    {
        using var reader = new StringReader(Checklist);

        var document = parser.Parse(reader, "reader.md");

        Assert.Single(document.Items);
        Assert.Null(document.SourceEncoding);
    }

    [Fact]
    public void ParseText_LeadingByteOrderMarkCharacter_IsIgnored()
    {
        var text = "\uFEFF# Title\n- [ ] Item\n";

        var document = parser.Parse(text);

        Assert.Equal("Title", document.Title);
    }

    [Fact]
    public void Parse_InputOverTheLimit_Throws()
    {
        var limited = new MarkdownChecklistParser(new MarkdownChecklistParserOptions { MaxInputLength = 64 });
        var text = "# Title\n" + string.Concat(Enumerable.Repeat("- [ ] item\n", 10));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var fromText = Assert.Throws<ChecklistFormatException>(() => limited.Parse(text));
        var fromStream = Assert.Throws<ChecklistFormatException>(() => limited.Parse(stream));

        Assert.Contains("64 characters", fromText.Message, StringComparison.Ordinal);
        Assert.Contains("64 bytes", fromStream.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NonPositiveLimit_Throws()
    {
        var options = new MarkdownChecklistParserOptions { MaxInputLength = 0 };

        Assert.Throws<ArgumentOutOfRangeException>(() => new MarkdownChecklistParser(options));
    }

    private static byte[] Encode(string text, string encodingName) => encodingName switch
    {
        "utf-8-no-bom" => Encoding.UTF8.GetBytes(text),
        "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
        "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
        "utf-16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
        "utf-32le-bom" => [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(text)],
        _ => throw new ArgumentOutOfRangeException(nameof(encodingName)),
    };
}
