using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace ComplianceKit.Checklists;

/// <summary>Turns checklist bytes into text: byte-order marks decide, otherwise UTF-8 with replacement.</summary>
internal static class ChecklistTextDecoder
{
    private static readonly Encoding Utf32BigEndian = new UTF32Encoding(bigEndian: true, byteOrderMark: false);

    internal static DecodedChecklistText Decode(ReadOnlySpan<byte> bytes)
    {
        // UTF-32 LE must be tested before UTF-16 LE: its mark starts with the UTF-16 LE mark.
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return new(Encoding.UTF32.GetString(bytes[4..]), "utf-32", null);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return new(Utf32BigEndian.GetString(bytes[4..]), "utf-32BE", null);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new(Encoding.Unicode.GetString(bytes[2..]), "utf-16", null);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new(Encoding.BigEndianUnicode.GetString(bytes[2..]), "utf-16BE", null);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        var warning = Utf8.IsValid(bytes) ? null : DescribeInvalidUtf8(bytes);

        // Encoding.UTF8 replaces each invalid sequence with U+FFFD instead of throwing.
        return new(Encoding.UTF8.GetString(bytes), "utf-8", warning);
    }

    private static ChecklistWarning DescribeInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var invalidCount = 0;
        var firstLine = 0;
        var line = 1;
        var index = 0;
        while (index < bytes.Length)
        {
            var status = Rune.DecodeFromUtf8(bytes[index..], out _, out var consumed);
            if (status != OperationStatus.Done)
            {
                invalidCount++;
                if (firstLine == 0)
                {
                    firstLine = line;
                }
            }
            else if (bytes[index] == (byte)'\n')
            {
                line++;
            }

            index += Math.Max(consumed, 1);
        }

        return new ChecklistWarning
        {
            Kind = ChecklistWarningKind.InvalidEncoding,
            Line = firstLine,
            Message = string.Create(
                CultureInfo.InvariantCulture,
                $"The input is not valid UTF-8: {invalidCount} invalid byte sequence(s), the first on line {firstLine}, were replaced with U+FFFD. Save the file as UTF-8."),
        };
    }
}
