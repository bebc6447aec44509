using System.Text;

namespace ComplianceKit.Bundles;

/// <summary>
/// The <c>SHA256SUMS</c> member: one line per file, <c>&lt;64 hex digits&gt;  &lt;name&gt;</c> and a line feed, in
/// ordinal order of the names, exactly as GNU <c>sha256sum</c> prints and <c>sha256sum -c</c> reads it.
/// </summary>
internal static class SumsFile
{
    public static byte[] Write(IEnumerable<ManifestFile> files)
    {
        var text = new StringBuilder();
        foreach (var file in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            text.Append(file.Sha256).Append("  ").Append(file.Name).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
