using System.Diagnostics;
using ComplianceKit.Anchoring;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Tests.Anchoring;

/// <summary>The directory sink is append-only, crash-safe and never writes over a checkpoint; OpenSSL verifies what it keeps.</summary>
public sealed class DirectoryCheckpointSinkTests : IDisposable
{
    private const string Origin = "test-clinic/compliancekit/default";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("compliancekit-sink-");
    private readonly X509CertificateSigner _signer = new(TestPki.Instance.RsaSigner);

    [Fact]
    public async Task Publish_WritesTheCheckpointItsSignatureAndAnIndexLine_AndReadsThemBack()
    {
        var sink = new DirectoryCheckpointSink(_folder.FullName);
        var checkpoint = await SignAsync(7, 1);

        await sink.PublishAsync(checkpoint);
        await sink.PublishAsync(checkpoint);

        var stored = Assert.Single(DirectoryCheckpointSink.ReadAll(_folder.FullName));
        Assert.Equal(Path.Combine("test-clinic%2Fcompliancekit%2Fdefault", "00000000000000000007.txt"), stored.File);
        Assert.Equal(checkpoint.Checkpoint.ToBytes(), stored.Checkpoint.Checkpoint.ToBytes());
        Assert.Equal(checkpoint.Signature, stored.Checkpoint.Signature);
        Assert.Single(File.ReadAllLines(Path.Combine(_folder.FullName, DirectoryCheckpointSink.IndexFile)));
        Assert.Equal(7, await sink.GetNewestTreeSizeAsync(Origin));
    }

    [Fact]
    public async Task Publish_AnotherRootAtTheSameSize_IsAConflictAndNothingIsWrittenOver()
    {
        var sink = new DirectoryCheckpointSink(_folder.FullName);
        var first = await SignAsync(7, 1);
        await sink.PublishAsync(first);

        var conflict = await Assert.ThrowsAsync<CheckpointSinkException>(async () => await sink.PublishAsync(await SignAsync(7, 2)));

        Assert.True(conflict.IsConflict);
        var stored = Assert.Single(DirectoryCheckpointSink.ReadAll(_folder.FullName));
        Assert.Equal(first.Checkpoint.ToBytes(), stored.Checkpoint.Checkpoint.ToBytes());
        Assert.Equal(first.Signature, stored.Checkpoint.Signature);
    }

    [Fact]
    public async Task Publish_AfterACrashThatLeftATemporaryFileAndASignatureWithoutItsCheckpoint_CompletesCleanly()
    {
        var sink = new DirectoryCheckpointSink(_folder.FullName);
        var checkpoint = await SignAsync(9, 3);
        var folder = Path.Combine(_folder.FullName, DirectoryCheckpointSink.FolderOf(Origin));
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, "00000000000000000009.txt.tmp-crashed"), [1, 2, 3]);
        await File.WriteAllBytesAsync(Path.Combine(folder, "00000000000000000009.p7s"), [9, 9, 9]);
        Assert.Null(await sink.GetNewestTreeSizeAsync(Origin));

        await sink.PublishAsync(checkpoint);

        var stored = Assert.Single(DirectoryCheckpointSink.ReadAll(_folder.FullName));
        Assert.Equal(checkpoint.Signature, stored.Checkpoint.Signature);
    }

    [Fact]
    public async Task GetNewestTreeSize_AnotherSinkOnTheDirectoryPublishedSinceItLastLooked_SeesThatCheckpoint()
    {
        var sink = new DirectoryCheckpointSink(_folder.FullName);
        await sink.PublishAsync(await SignAsync(7, 1));
        Assert.Equal(7, await sink.GetNewestTreeSizeAsync(Origin));

        await new DirectoryCheckpointSink(_folder.FullName).PublishAsync(await SignAsync(9, 2));

        Assert.Equal(9, await sink.GetNewestTreeSizeAsync(Origin));
        await Assert.ThrowsAsync<CheckpointSinkException>(async () => await sink.PublishAsync(await SignAsync(9, 3)));
    }

    [Fact]
    public async Task GetNewestTreeSize_NewestCheckpointRemovedBehindItsBack_ReadsTheFolderAgain()
    {
        var sink = new DirectoryCheckpointSink(_folder.FullName);
        await sink.PublishAsync(await SignAsync(7, 1));
        await sink.PublishAsync(await SignAsync(9, 2));
        Assert.Equal(9, await sink.GetNewestTreeSizeAsync(Origin));

        File.Delete(Path.Combine(_folder.FullName, DirectoryCheckpointSink.FolderOf(Origin), "00000000000000000009.txt"));

        Assert.Equal(7, await sink.GetNewestTreeSizeAsync(Origin));
    }

    [Fact]
    public async Task StoredCheckpoint_VerifiesWithOpenSsl()
    {
        var sink = new DirectoryCheckpointSink(_folder.FullName);
        await sink.PublishAsync(await SignAsync(4, 5));
        var stem = Path.Combine(_folder.FullName, DirectoryCheckpointSink.FolderOf(Origin), "00000000000000000004");
        var ca = Path.Combine(_folder.FullName, "ca.pem");
        await File.WriteAllTextAsync(ca, TestPki.Instance.Root.ExportCertificatePem());

        var start = new ProcessStartInfo("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", stem + ".p7s", "-content", stem + ".txt",
            "-CAfile", ca, "-no-CApath", "-no-CAstore", "-purpose", "any", "-attime", TestPki.SigningTime.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), "-out", "/dev/null"])
        {
            RedirectStandardError = true,
        };
        using var openssl = Process.Start(start)!;
        var error = await openssl.StandardError.ReadToEndAsync();
        await openssl.WaitForExitAsync();

        Assert.True(openssl.ExitCode == 0, error);
    }

    public void Dispose()
    {
        _signer.Dispose();
        _folder.Delete(recursive: true);
    }

    private async Task<SignedCheckpoint> SignAsync(long size, byte rootByte)
    {
        var root = new byte[32];
        root[0] = rootByte;
        var checkpoint = new Checkpoint(Origin, size, root);
        return new SignedCheckpoint(checkpoint, await _signer.SignDetachedAsync(checkpoint.ToBytes(), TestPki.SigningTime));
    }
}
