using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Tests.Infrastructure;

namespace ComplianceKit.Cli.Tests.Files;

/// <summary>The one piece every writing command uses: checked before any work, written to a temporary file, renamed into place.</summary>
public sealed class OutputFileTests : IDisposable
{
    private readonly WorkFolder _work = new();

    [Fact]
    public async Task WriteAsync_WriterFailsHalfway_KeepsTheOldFileAndLeavesNoTemporary()
    {
        var path = _work.Write("evidence.zip", "the old bundle");
        var target = OutputFile.Plan(path, "--out", force: true);

        await Assert.ThrowsAsync<IOException>(() => target.WriteAsync<bool>(async (stream, ct) =>
        {
            await stream.WriteAsync("half of the new"u8.ToArray(), ct);
            throw new IOException("the disk is full");
        }, CancellationToken.None));

        Assert.Equal("the old bundle", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.GetFiles(_work.Path));
    }

    [Fact]
    public async Task WriteAsync_TargetAppearsWhileWriting_KeepsItAndRefuses()
    {
        var path = _work.File("report.html");
        var target = OutputFile.Plan(path, "--html", force: false);

        var refused = await Assert.ThrowsAsync<OutputRefusedException>(() => target.WriteAsync(async (stream, ct) =>
        {
            await File.WriteAllTextAsync(path, "someone else's file", ct);
            await stream.WriteAsync("<html>"u8.ToArray(), ct);
            return true;
        }, CancellationToken.None));

        Assert.Contains("appeared", refused.Message, StringComparison.Ordinal);
        Assert.Equal("someone else's file", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.GetFiles(_work.Path));
    }

    [Fact]
    public void Plan_SideFileOfAnInput_IsRefused()
    {
        var database = _work.Write("clinic.db", "x");

        var refused = Assert.Throws<OutputRefusedException>(() => OutputFile.Plan(database + "-wal", "--out", force: true, database));

        Assert.Contains("inputs", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_DemoCaFileExists_RefusedWithoutForceBeforeWritingAnything()
    {
        var ca = _work.Write("demo-ca.pem", "an officer's trust anchor");

        var demo = await CliRun.RunAsync("demo", "--db", _work.File("new.db"));

        Assert.Equal(1, demo.ExitCode);
        Assert.Contains("already exists", demo.Error, StringComparison.Ordinal);
        Assert.Equal("an officer's trust anchor", await File.ReadAllTextAsync(ca));
        Assert.Equal([ca], Directory.GetFiles(_work.Path));
    }

    public void Dispose() => _work.Dispose();
}
