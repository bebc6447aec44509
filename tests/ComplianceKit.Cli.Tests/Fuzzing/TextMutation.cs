using CsCheck;

namespace ComplianceKit.Cli.Tests.Fuzzing;

/// <summary>One change to a text file that is not JSON (markdown, PEM): a flipped bit, invalid UTF-8, a deleted or repeated line, a truncation.</summary>
internal sealed record TextMutation(int Kind, int At, int Variant)
{
    private static readonly byte[][] Hostile =
    [
        [0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0x00], [(byte)'\r'], "\u202E"u8.ToArray(), "-----END CERTIFICATE-----\n"u8.ToArray(), "- [x] "u8.ToArray(),
    ];

    public static readonly Gen<TextMutation> Any = Gen.Int[0, 4].SelectMany(kind => Gen.Int[0, 1 << 20].SelectMany(at => Gen.Int[0, 1 << 10].Select(v => new TextMutation(kind, at, v))));

    public byte[] Apply(byte[] input)
    {
        var at = At % Math.Max(1, input.Length);
        switch (Kind)
        {
            case 0:
                var flipped = (byte[])input.Clone();
                flipped[at] ^= (byte)(1 << (Variant & 7));
                return flipped;
            case 1:
                return [.. input.AsSpan(0, at), .. Hostile[Variant % Hostile.Length], .. input.AsSpan(at)];
            case 2:
                var lineEnd = input.AsSpan(at).IndexOf((byte)'\n');
                return lineEnd < 0 ? input[..at] : [.. input.AsSpan(0, at), .. input.AsSpan(at + lineEnd + 1)];
            case 3:
                var end = input.AsSpan(at).IndexOf((byte)'\n');
                var line = end < 0 ? input.AsSpan(at) : input.AsSpan(at, end + 1);
                return [.. input.AsSpan(0, at), .. Enumerable.Repeat(line.ToArray(), 1 + (Variant % 50)).SelectMany(l => l), .. input.AsSpan(at)];
            default:
                return input[..at];
        }
    }

    public override string ToString() => $"{Kind}@{At}/{Variant}";
}
