using ComplianceKit.Controls;
using CsCheck;

namespace ComplianceKit.Tests.Fuzzing;

/// <summary>
/// Control catalogs: structure-aware mutations of the embedded HIPAA catalog load or fail with a <see cref="FormatException"/>
/// (what the tools report as unreadable input), never another exception; oversized input is refused with bounded memory.
/// </summary>
public sealed class CatalogFuzzTests
{
    private static readonly byte[] Hipaa = ReadEmbedded();

    [Fact]
    public void Load_StructureAwareMutation_LoadsOrFailsWithFormatException()
    {
        JsonMutation.Any.Sample(mutation =>
        {
            if (mutation.Apply(Hipaa) is not { } mutated)
            {
                return;
            }

            try
            {
                ControlCatalog.Load(new MemoryStream(mutated));
                Assert.NotEqual(JsonMutationKind.DuplicateKey, mutation.Kind);
                Assert.NotEqual(JsonMutationKind.InvalidUtf8, mutation.Kind);
                Assert.NotEqual(JsonMutationKind.LoneSurrogate, mutation.Kind);
            }
            catch (FormatException)
            {
            }
        }, iter: FuzzIterations.Or(300));
    }

    [Theory]
    [InlineData("\"id\": \"hipaa-security-rule\"", "\"id\": \"x\", \"id\": \"hipaa-security-rule\"")]
    [InlineData("\"id\": \"hipaa-security-rule\"", "\"id\": \"hipaa-\\ud800security-rule\"")]
    public void Load_DuplicateKeyOrLoneSurrogate_IsAFormatException(string find, string replace)
    {
        var text = System.Text.Encoding.UTF8.GetString(Hipaa);
        Assert.Contains(find, text, StringComparison.Ordinal);

        Assert.Throws<FormatException>(() => ControlCatalog.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text.Replace(find, replace, StringComparison.Ordinal)))));
    }

    [Fact]
    public void Load_EndlessStream_RefusedAtTheLimitWithBoundedMemory()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();

        var refused = Assert.Throws<FormatException>(() => ControlCatalog.Load(new EndlessSpaces()));

        Assert.Contains($"{ControlCatalog.MaxLength:N0} bytes", refused.Message, StringComparison.Ordinal);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 5L * ControlCatalog.MaxLength, $"{allocated:N0} bytes allocated reading an endless catalog");
    }

    private static byte[] ReadEmbedded()
    {
        var assembly = typeof(ControlCatalog).Assembly;
        using var stream = assembly.GetManifestResourceStream(assembly.GetManifestResourceNames().Single(n => n.EndsWith("hipaa-security-rule.json", StringComparison.Ordinal)))!;
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>JSON whitespace that never ends: what a device or a hostile pipe gives a reader.</summary>
    private sealed class EndlessSpaces : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
