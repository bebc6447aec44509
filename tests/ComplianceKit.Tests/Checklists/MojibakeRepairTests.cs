using System.Text;
using ComplianceKit.Checklists;

namespace ComplianceKit.Tests.Checklists;

/// <summary>UTF-8 that was read as Windows-1252 and saved again is repaired when the repair is unambiguous.</summary>
public class MojibakeRepairTests
{
    // Windows-1252 without the code-pages package: the 27 characters above 0x7F that differ from Latin-1, the rest one to one.
    private static readonly Windows1252ForTests Cp1252 = new();

    [Fact]
    public void Parse_DoubleEncodedText_IsRepairedWithACountingWarning()
    {
        var original = "# Go\u2011live \u2014 checklist\n- [ ] \u2705 Caf\u00E9 menus translated \u201Cas agreed\u201D\n- [ ] \U0001F7E2 Status: 90% done\n";
        var garbled = Cp1252.GetString(Encoding.UTF8.GetBytes(original));

        var document = new MarkdownChecklistParser().Parse(garbled);

        Assert.Equal("Go\u2011live \u2014 checklist", document.Title);
        Assert.Equal("\u2705 Caf\u00E9 menus translated \u201Cas agreed\u201D", document.Items[0].Text);
        var warning = Assert.Single(document.Warnings);
        Assert.Equal((ChecklistWarningKind.MojibakeRepaired, 1), (warning.Kind, warning.Line));
        Assert.StartsWith("7 character sequence(s)", warning.Message, StringComparison.Ordinal);
        Assert.Equal(90m, Assert.Single(document.DeclaredClaims).Percent);
    }

    [Fact]
    public void Parse_GarbledTextBesideCharactersWindows1252CannotHold_IsKeptWithASuspicionWarning()
    {
        var text = "# Release \u00E2\u20AC\u201D plan \u2192 go\n- [ ] Item\n";

        var document = new MarkdownChecklistParser().Parse(text);

        Assert.Equal("Release \u00E2\u20AC\u201D plan \u2192 go", document.Title);
        Assert.Equal(ChecklistWarningKind.SuspectedMojibake, Assert.Single(document.Warnings).Kind);
    }

    [Fact]
    public void Parse_Latin1TextThatIsNotUtf8_IsNotRepaired()
    {
        var text = "# Men\u00FA del d\u00EDa\n- [ ] Caf\u00E9 \u00C3\u00A9 item\n";

        var document = new MarkdownChecklistParser().Parse(text);

        Assert.Equal("Caf\u00E9 \u00C3\u00A9 item", document.Items[0].Text);
        Assert.Equal(ChecklistWarningKind.SuspectedMojibake, Assert.Single(document.Warnings).Kind);
    }

    private sealed class Windows1252ForTests : Encoding
    {
        private const string High = "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

        public override int GetByteCount(char[] chars, int index, int count) => count;

        public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) => throw new NotSupportedException();

        public override int GetCharCount(byte[] bytes, int index, int count) => count;

        public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
        {
            for (var i = 0; i < byteCount; i++)
            {
                var b = bytes[byteIndex + i];
                chars[charIndex + i] = b is >= 0x80 and <= 0x9F ? High[b - 0x80] : (char)b;
            }

            return byteCount;
        }

        public override int GetMaxByteCount(int charCount) => charCount;

        public override int GetMaxCharCount(int byteCount) => byteCount;
    }
}
