using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Revocation;

/// <summary>
/// An <see cref="IRevocationDataSource"/> over a folder of CRL files (<c>*.crl</c>, <c>*.der</c> or <c>*.pem</c>; DER, or PEM with one or
/// more "X509 CRL" blocks), as <c>compliancekit export --crls &lt;dir&gt;</c> uses, and optionally a folder of DER OCSP responses
/// (<c>*.ocsp</c> or <c>*.der</c>), as <c>export --ocsp &lt;dir&gt;</c> uses. The folders are read once, when the source is created.
/// Thread-safe afterwards.
/// </summary>
public sealed class DirectoryRevocationDataSource : IRevocationDataSource
{
    private static readonly string[] Extensions = [".crl", ".der", ".pem"];
    private static readonly string[] OcspExtensions = [".ocsp", ".der"];
    private readonly List<(byte[] IssuerName, byte[] Der)> _crls = [];
    private readonly List<(ParsedOcspResponse Response, byte[] Der)> _responses = [];

    /// <summary>Reads every CRL file directly in <paramref name="directory"/> (not its subfolders).</summary>
    /// <param name="directory">The folder.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">A file with a CRL extension is not a CRL; its name is in the message.</exception>
    public DirectoryRevocationDataSource(string directory)
        : this(directory, null)
    {
    }

    /// <summary>
    /// Reads every CRL file directly in <paramref name="crlDirectory"/> and every OCSP response file (<c>*.ocsp</c>, <c>*.der</c>: one DER
    /// OCSPResponse each) directly in <paramref name="ocspDirectory"/>; either may be null, not both.
    /// </summary>
    /// <param name="crlDirectory">The CRL folder, or null.</param>
    /// <param name="ocspDirectory">The OCSP response folder, or null.</param>
    /// <exception cref="DirectoryNotFoundException">A folder does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is not what its folder holds (a CRL, an OCSP response); its name is in the message.</exception>
    public DirectoryRevocationDataSource(string? crlDirectory, string? ocspDirectory)
    {
        if (crlDirectory is null && ocspDirectory is null)
        {
            throw new ArgumentException("Give a CRL folder, an OCSP response folder, or both.", nameof(crlDirectory));
        }

        if (crlDirectory is not null)
        {
            ReadCrls(crlDirectory);
        }

        if (ocspDirectory is not null)
        {
            ReadResponses(ocspDirectory);
        }
    }

    /// <summary>How many CRLs the folder held.</summary>
    public int Count => _crls.Count;

    /// <summary>How many OCSP responses the OCSP folder held.</summary>
    public int OcspResponseCount => _responses.Count;

    /// <inheritdoc />
    /// <remarks>Returns every CRL of the folder issued under <paramref name="certificate"/>'s issuer name; the exporter picks by time.</remarks>
    public Task<IReadOnlyList<byte[]>> GetCertificateRevocationListsAsync(X509Certificate2 certificate, Instant trustedTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var issuer = certificate.IssuerName.RawData;
        IReadOnlyList<byte[]> matching = _crls.Where(c => c.IssuerName.AsSpan().SequenceEqual(issuer)).Select(c => c.Der).ToList();
        return Task.FromResult(matching);
    }

    /// <inheritdoc />
    /// <remarks>Returns every response of the OCSP folder with a SingleResponse for <paramref name="certificate"/>; the exporter picks by time.</remarks>
    public Task<IReadOnlyList<byte[]>> GetOcspResponsesAsync(X509Certificate2 certificate, Instant trustedTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        IReadOnlyList<byte[]> matching = _responses.Where(r => r.Response.ResponseFor(certificate, null) is not null).Select(r => r.Der).ToList();
        return Task.FromResult(matching);
    }

    private static IEnumerable<string> FilesIn(string directory, string what, string[] extensions)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The {what} folder '{directory}' does not exist.");
        }

        return Directory.EnumerateFiles(directory).Where(p => extensions.Contains(Path.GetExtension(p), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal);
    }

    private void ReadResponses(string directory)
    {
        foreach (var path in FilesIn(directory, "OCSP response", OcspExtensions))
        {
            var der = File.ReadAllBytes(path);
            try
            {
                _responses.Add((ParsedOcspResponse.Parse(der), der));
            }
            catch (Exception ex) when (ex is AsnContentException or CryptographicException)
            {
                throw new InvalidDataException($"'{path}' is not a DER OCSP response: {ex.Message}", ex);
            }
        }
    }

    private void ReadCrls(string directory)
    {
        foreach (var path in FilesIn(directory, "CRL", Extensions))
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
