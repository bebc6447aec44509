using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using ComplianceKit.Anchoring;
using ComplianceKit.Bundles;
using ComplianceKit.Hashing;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Tests.Bundles;

/// <summary>Archives built to hurt a verifier: each is refused with a finding naming the member, never an exception.</summary>
public sealed class BundleHostileInputTests
{
    private static readonly Lazy<Task<byte[]>> Shared = new(async () => await (await BundleTestChain.CreateAsync(facts: 12)).BundleAsync());

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("approvals/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("approvals\\..\\outside.txt")]
    [InlineData("C:/Windows/win.ini")]
    [InlineData("approvals//x")]
    [InlineData("approvals/./x")]
    [InlineData("approvals/")]
    public async Task Verify_UnsafeMemberName_IsRefusedNamingIt_AndTheRestIsStillRead(string name)
    {
        var members = BundleZip.Members(await Shared.Value);
        members[name] = "x"u8.ToArray();

        var report = await BundleVerification.VerifyAsync(BundleZip.Write(members));

        AssertRefused(report, BundleFindingKind.UnsafeMember);
        Assert.Contains(report.Findings, f => f.Message.Contains(name, StringComparison.Ordinal));
        Assert.True(report.EntriesRead > 0 && report.EntriesRead == report.Manifest!.EntryCount);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("approvals/")]
    public async Task Verify_TamperedPayloadBesideAnUnsafeOrDirectoryMember_IsInvalidWithBothFindings(string extra)
    {
        var members = BundleZip.Members(BundleZip.Rewrite(await Shared.Value, (name, bytes) =>
            name == BundleFormat.EntriesFile ? BundleZip.Join(BundleZip.Lines(bytes).Select((l, i) => i == 3 ? TamperPayload(l) : l)) : bytes));
        members[extra] = extra.EndsWith('/') ? "not empty"u8.ToArray() : "x"u8.ToArray();

        var report = await BundleVerification.VerifyAsync(BundleZip.Write(members));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.UnsafeMember && f.File == extra);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.PayloadAltered && f.Sequence == 3);
    }

    [Fact]
    public async Task Verify_EmptyDirectoryEntries_AreIgnored()
    {
        var members = BundleZip.Members(await Shared.Value);
        var withFolders = members.Prepend(KeyValuePair.Create("certificates/", Array.Empty<byte>())).Prepend(KeyValuePair.Create("approvals/", Array.Empty<byte>()));

        var report = await BundleVerification.VerifyAsync(BundleZip.Write(withFolders));

        Assert.True(report.IsValid, string.Join("\n", report.Findings));
    }

    /// <summary>Changes one character of a line's base64 payload, keeping it valid base64.</summary>
    private static string TamperPayload(string line)
    {
        var at = line.IndexOf("\"payload\":\"", StringComparison.Ordinal) + 12;
        return line[..at] + (line[at] == 'A' ? 'B' : 'A') + line[(at + 1)..];
    }

    [Fact]
    public async Task Verify_SymbolicLinkMember_IsRefused()
    {
        var bundle = WithExtraEntry(await Shared.Value, "certificates/link.pem", "/etc/shadow"u8.ToArray(), e => e.ExternalAttributes = unchecked((int)0xA1FF0000));

        var report = await BundleVerification.VerifyAsync(bundle);

        AssertRefused(report, BundleFindingKind.UnsafeMember);
        Assert.Contains(report.Findings, f => f.File == "certificates/link.pem" && f.Message.Contains("symbolic link", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("manifest.json")]
    [InlineData("MANIFEST.json")]
    public async Task Verify_DuplicateMemberName_IsRefused(string duplicate)
    {
        var bundle = WithExtraEntry(await Shared.Value, duplicate, "{}"u8.ToArray());

        var report = await BundleVerification.VerifyAsync(bundle);

        AssertRefused(report, BundleFindingKind.UnsafeMember);
        Assert.Contains(report.Findings, f => f.Message.Contains("more than once", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_HighlyCompressedMember_IsRefusedBeforeItIsInflated()
    {
        var bundle = WithExtraEntry(await Shared.Value, "certificates/bomb.pem", new byte[8 * 1024 * 1024]);

        var report = await BundleVerification.VerifyAsync(bundle);

        AssertRefused(report, BundleFindingKind.UnsafeMember);
        Assert.Contains(report.Findings, f => f.File == "certificates/bomb.pem" && f.Message.Contains("expands", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_MemberOverTheSizeLimit_IsRefused()
    {
        var options = new BundleVerificationOptions { Limits = BundleLimits.Default with { MaxEntriesFileBytes = 1000 } };

        var report = await BundleVerification.VerifyAsync(await Shared.Value, options);

        AssertRefused(report, BundleFindingKind.UnsafeMember);
        Assert.Contains(report.Findings, f => f.File == BundleFormat.EntriesFile && f.Message.Contains("at most 1000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_TooManyMembers_IsRefusedFromTheEndRecord()
    {
        var options = new BundleVerificationOptions { Limits = BundleLimits.Default with { MaxMembers = 3 } };

        var report = await BundleVerification.VerifyAsync(await Shared.Value, options);

        AssertRefused(report, BundleFindingKind.UnsafeMember);
        Assert.Contains(report.Findings, f => f.Message.Contains("at most 3", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.99)]
    [InlineData(0.0)]
    public async Task Verify_TruncatedArchive_IsNotAZip(double keep)
    {
        var bundle = await Shared.Value;

        var report = await BundleVerification.VerifyAsync(bundle[..(int)(bundle.Length * keep)]);

        AssertRefused(report, BundleFindingKind.NotAZip);
        Assert.Equal(0, report.EntriesRead);
    }

    [Fact]
    public async Task Verify_RandomBytes_IsNotAZip()
    {
        var report = await BundleVerification.VerifyAsync(RandomNumberGenerator.GetBytes(4096));

        AssertRefused(report, BundleFindingKind.NotAZip);
        Assert.Equal(0, report.EntriesRead);
    }

    [Fact]
    public async Task Verify_ZipWithoutBundleFiles_IsNotABundle()
    {
        var report = await BundleVerification.VerifyAsync(BundleZip.Write([KeyValuePair.Create("readme.txt", "hello"u8.ToArray())]));

        AssertRefused(report, BundleFindingKind.NotABundle);
    }

    [Fact]
    public async Task Verify_MemberDeclaringMoreBytesThanItHolds_IsUnreadableNamingIt()
    {
        var bundle = SetDeclaredSize(await Shared.Value, BundleFormat.EntriesFile, delta: +100);

        var report = await BundleVerification.VerifyAsync(bundle);

        Assert.NotEqual(BundleVerdict.Verified, report.Verdict);
        Assert.Contains(report.Findings, f => f.File == BundleFormat.EntriesFile && f.IsFailure);
    }

    [Fact]
    public async Task Verify_MemberDeclaringFewerBytesThanItHolds_ReadsNoMoreAndFails()
    {
        var bundle = SetDeclaredSize(await Shared.Value, BundleFormat.EntriesFile, delta: -100);

        var report = await BundleVerification.VerifyAsync(bundle);

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.File == BundleFormat.EntriesFile && f.Kind == BundleFindingKind.FileAltered);
    }

    [Fact]
    public async Task Verify_CorruptCompressedData_IsUnreadableNamingTheMember()
    {
        var bundle = await Shared.Value;
        var corrupted = (byte[])bundle.Clone();
        var (offset, length) = DataOf(corrupted, BundleFormat.ManifestFile);
        for (var i = offset + 10; i < offset + Math.Min(length, 60); i++)
        {
            corrupted[i] = 0xFF;
        }

        var report = await BundleVerification.VerifyAsync(corrupted);

        Assert.NotEqual(BundleVerdict.Verified, report.Verdict);
        Assert.Contains(report.Findings, f => f.File == BundleFormat.ManifestFile && f.IsFailure);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"chainId\":\"default\"}")]
    [InlineData("[1,2,3]")]
    public async Task Verify_SignedBundleWithAMalformedLine_NamesTheFileAndLine(string garbage)
    {
        var bundle = await BundleZip.ResignAsync(await Shared.Value,
            (name, bytes) => name == BundleFormat.EntriesFile ? BundleZip.Join(BundleZip.Lines(bytes).Select((l, i) => i == 5 ? garbage : l)) : bytes);

        var report = await BundleVerification.VerifyAsync(bundle);

        Assert.False(report.IsValid);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.Malformed && f.File == BundleFormat.EntriesFile && f.Message.Contains("line 6", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"sequence\":5", "\"sequence\":\"5\"", "member 'sequence' is not an integer")]
    [InlineData("\"payloadSalt\":\"", "\"payloadSalt\":\"!!", "member 'payloadSalt' is not standard base64")]
    [InlineData("\"actor\":", "\"extra\":1,\"actor\":", "member 'extra' is not part of an entry line")]
    [InlineData("\"subject\":", "\"subject\":\"x\",\"subject\":", "member 'subject' occurs twice")]
    public async Task Verify_SignedBundleWithWrongTypes_SaysWhatIsWrong(string find, string replace, string expected)
    {
        var bundle = await BundleZip.ResignAsync(await Shared.Value, (name, bytes) => name == BundleFormat.EntriesFile
            ? BundleZip.Join(BundleZip.Lines(bytes).Select((l, i) => i == 5 ? l.Replace(find, replace, StringComparison.Ordinal) : l))
            : bytes);

        var report = await BundleVerification.VerifyAsync(bundle);

        Assert.False(report.IsValid);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.Malformed && f.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_SignedManifestThatIsNotJson_IsInvalidNamingIt()
    {
        var report = await BundleVerification.VerifyAsync(await ResignRawManifestAsync(await Shared.Value, _ => "{ \"format\": "u8.ToArray()));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.Malformed && f.File == BundleFormat.ManifestFile);
    }

    [Fact]
    public async Task Verify_SignedManifestWithAnUnknownMember_IsInvalid()
    {
        var report = await BundleVerification.VerifyAsync(await ResignRawManifestAsync(await Shared.Value,
            bytes => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\"format\":", "\"surprise\": 1, \"format\":", StringComparison.Ordinal))));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.File == BundleFormat.ManifestFile && f.Message.Contains("surprise", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_SignedManifestWhoseCountsDisagree_IsACountMismatch()
    {
        var report = await BundleVerification.VerifyAsync(await BundleZip.ResignAsync(await Shared.Value, (_, b) => b, m => BundleZip.Copy(m, entryCount: m.EntryCount + 1)));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.CountMismatch && f.Message.Contains("announces", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_StreamThatCannotSeek_IsRefusedAsAnArgument()
    {
        var stream = new NonSeekableStream(await Shared.Value);

        await Assert.ThrowsAsync<ArgumentException>(() => BundleVerification.Verifier.VerifyAsync(stream));
    }

    /// <summary>Only a file that is no zip at all is Unreadable (exit 2); anything wrong inside a zip fails it (exit 1).</summary>
    private static void AssertRefused(BundleVerificationReport report, BundleFindingKind kind)
    {
        Assert.Equal(kind == BundleFindingKind.NotAZip ? BundleVerdict.Unreadable : BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == kind);
    }

    private static byte[] WithExtraEntry(byte[] bundle, string name, byte[] content, Action<ZipArchiveEntry>? configure = null)
    {
        var output = new MemoryStream();
        output.Write(bundle);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
            configure?.Invoke(entry);
            using var stream = entry.Open();
            stream.Write(content);
        }

        return output.ToArray();
    }

    /// <summary>Adds <paramref name="delta"/> to a stored member's declared sizes in its local header and the central directory.</summary>
    private static byte[] SetDeclaredSize(byte[] bundle, string name, int delta)
    {
        var bytes = (byte[])bundle.Clone();
        var nameBytes = Encoding.UTF8.GetBytes(name);
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            var (sizeAt, nameAt, nameLengthAt) = signature switch
            {
                0x04034b50 => (i + 18, i + 30, i + 26),
                0x02014b50 => (i + 20, i + 46, i + 28),
                _ => (-1, -1, -1),
            };
            if (sizeAt < 0 || BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(nameLengthAt)) != nameBytes.Length
                || !bytes.AsSpan(nameAt, nameBytes.Length).SequenceEqual(nameBytes))
            {
                continue;
            }

            foreach (var at in new[] { sizeAt, sizeAt + 4 })
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), (uint)(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) + delta));
            }
        }

        return bytes;
    }

    /// <summary>The offset and length of a member's (compressed) data, from its local header.</summary>
    private static (int Offset, int Length) DataOf(byte[] bundle, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        for (var i = 0; i + 30 < bundle.Length; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(bundle.AsSpan(i)) == 0x04034b50 && BinaryPrimitives.ReadUInt16LittleEndian(bundle.AsSpan(i + 26)) == nameBytes.Length
                && bundle.AsSpan(i + 30, nameBytes.Length).SequenceEqual(nameBytes))
            {
                var extra = BinaryPrimitives.ReadUInt16LittleEndian(bundle.AsSpan(i + 28));
                return (i + 30 + nameBytes.Length + extra, (int)BinaryPrimitives.ReadUInt32LittleEndian(bundle.AsSpan(i + 18)));
            }
        }

        throw new InvalidOperationException($"{name} not found");
    }

    /// <summary>Replaces the manifest's bytes and signs a checkpoint over them with the trusted organisation key.</summary>
    private static async Task<byte[]> ResignRawManifestAsync(byte[] bundle, Func<byte[], byte[]> change)
    {
        var members = BundleZip.Members(bundle);
        var original = BundleManifest.Parse(members[BundleFormat.ManifestFile]);
        var manifest = change(members[BundleFormat.ManifestFile]);
        var sums = SumsFile.Write([new ManifestFile(BundleFormat.ManifestFile, manifest.Length, Hex.Format(SHA256.HashData(manifest))), .. original.Files]);
        var checkpoint = new Checkpoint(original.Origin, original.TreeSize, original.TreeRoot,
            [$"manifest-sha256 {Hex.Format(SHA256.HashData(manifest))}", $"sha256sums-sha256 {Hex.Format(SHA256.HashData(sums))}"]).ToBytes();
        using var signer = new X509CertificateSigner(TestPki.Instance.RsaSigner);
        members[BundleFormat.ManifestFile] = manifest;
        members[BundleFormat.SumsFile] = sums;
        members[BundleFormat.CheckpointFile] = checkpoint;
        members[BundleFormat.CheckpointSignatureFile] = await signer.SignDetachedAsync(checkpoint, original.CreatedAt);
        return BundleZip.Write(members);
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
