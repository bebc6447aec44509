using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Revocation;

/// <summary>
/// An <see cref="IRevocationDataSource"/> over a folder of CRL files (<c>*.crl</c>, <c>*.der</c> or <c>*.pem</c>; DER, or PEM with one or
/// more "X509 CRL" blocks), as <c>compliancekit export --crls &lt;dir&gt;</c> uses. The folder is read once, when the source is created.
/// Thread-safe afterwards.
/// </summary>
public sealed class DirectoryRevocationDataSource : IRevocationDataSource
{
    private static readonly string[] Extensions = [".crl", ".der", ".pem"];
    private readonly List<(byte[] IssuerName, byte[] Der)> _crls = [];

    /// <summary>Reads every CRL file directly in <paramref name="directory"/> (not its subfolders).</summary>
    /// <param name="directory">The folder.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">A file with a CRL extension is not a CRL; its name is in the message.</exception>
    public DirectoryRevocationDataSource(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The CRL folder '{directory}' does not exist.");
        }

        foreach (var path in Directory.EnumerateFiles(directory).Where(p => Extensions.Contains(Path.GetExtension(p), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            foreach (var der in Blocks(File.ReadAllBytes(path), path))
            {
                try
                {
                    _crls.Add((ParsedCrl.Parse(der).IssuerName, der));
                }
                catch (Exception ex) when (ex is AsnContentException or CryptographicException)
                {
                    throw new InvalidDataException($"'{path}' is not a DER or PEM X.509 CRL: {ex.Message}", ex);
                }
            }
        }
    }

    /// <summary>How many CRLs the folder held.</summary>
    public int Count => _crls.Count;

    /// <inheritdoc />
    /// <remarks>Returns every CRL of the folder issued under <paramref name="certificate"/>'s issuer name; the exporter picks by time.</remarks>
    public Task<IReadOnlyList<byte[]>> GetCertificateRevocationListsAsync(X509Certificate2 certificate, Instant trustedTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var issuer = certificate.IssuerName.RawData;
        IReadOnlyList<byte[]> matching = _crls.Where(c => c.IssuerName.AsSpan().SequenceEqual(issuer)).Select(c => c.Der).ToList();
        return Task.FromResult(matching);
    }

    private static IEnumerable<byte[]> Blocks(byte[] data, string path)
    {
        var text = Encoding.ASCII.GetString(data);
        if (!text.TrimStart().StartsWith("-----", StringComparison.Ordinal))
        {
            yield return data;
            yield break;
        }

        var remaining = text.AsMemory();
        var found = false;
        while (PemEncoding.TryFind(remaining.Span, out var fields))
        {
            if (remaining.Span[fields.Label].SequenceEqual("X509 CRL"))
            {
                found = true;
                yield return Convert.FromBase64String(remaining.Span[fields.Base64Data].ToString());
            }

            remaining = remaining[fields.Location.End..];
        }

        if (!found)
        {
            throw new InvalidDataException($"'{path}' is PEM without an X509 CRL block.");
        }
    }
}
