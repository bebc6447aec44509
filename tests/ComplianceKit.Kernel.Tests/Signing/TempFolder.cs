using System.Text;

namespace ComplianceKit.Tests.Signing;

/// <summary>A private temporary folder deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("compliancekit-signing-").FullName;

    public string Write(string name, byte[] bytes)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Write(string name, string text) => Write(name, Encoding.ASCII.GetBytes(text));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
