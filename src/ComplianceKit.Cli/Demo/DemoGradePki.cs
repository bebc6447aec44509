using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ComplianceKit.Approvals;
using NodaTime;

namespace ComplianceKit.Cli.Demo;

/// <summary>
/// The demo-grade PKI <c>init --pki</c> writes: an organisation CA (trust anchor for approvals and checkpoints), an
/// administration root (the pinned root) with one administrator, an export signing certificate and one signer per named
/// role. Every subject says DEMO ONLY; private keys go only into password-protected PFX files (PBES2, AES-256);
/// the CAs' private keys are never written. Nothing is written until every file is known to be new.
/// </summary>
internal sealed class DemoGradePki : IDisposable
{
    private readonly List<(string FileName, string Kind, X509Certificate2 Certificate, bool WithKey)> _files = [];
    private readonly DemoCertificateAuthority _organisation;
    private readonly DemoCertificateAuthority _administration;

    public DemoGradePki(string organization, string administrator, IReadOnlyList<(string Role, string Name)> signers, Instant now)
    {
        _organisation = DemoCertificateAuthority.Create(now, organization, name: "Organisation CA");
        _administration = DemoCertificateAuthority.Create(now, organization, name: "Administration Root");
        _files.Add(("organisation-ca.pem", "organisation CA: the trust anchor for approvals and export checkpoints", _organisation.Certificate, false));
        _files.Add((AdministrationRootName, "administration root: pinned next to the ledger", _administration.Certificate, false));
        _files.Add(("administrator.pfx", $"administrator ({administrator}): signs trust anchors, role grants and gates", _administration.IssueSigner(administrator, "Administrator", now), true));
        _files.Add(("export-signing.pfx", "export signing certificate: signs bundle checkpoints", _organisation.IssueSigner($"{organization} ledger", "Organisation checkpoint signer", now), true));
        foreach (var (role, name) in signers)
        {
            _files.Add(($"signer-{Slug(role)}.pfx", $"signer ({name}, {role}): signs approvals", _organisation.IssueSigner(name, role, now), true));
        }

        foreach (var file in _files.Where(f => f.WithKey).ToList())
        {
            _files.Add((Path.ChangeExtension(file.FileName, ".pem"), $"{file.Kind.Split(':')[0]} (certificate only)", file.Certificate, false));
        }
    }

    public string AdministrationRootPem => _administration.ExportCertificatePem();

    public IEnumerable<string> FileNames => _files.Select(f => f.FileName).Append(ReadmeName);

    public const string ReadmeName = "DEMO-PKI-README.txt";

    /// <summary>The administration root's certificate in the PKI folder: the pin of a PostgreSQL ledger.</summary>
    public const string AdministrationRootName = "administration-root.pem";

    public static string Slug(string role) =>
        string.Concat(role.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-');

    /// <summary>Writes every file into <paramref name="directory"/> with CreateNew (never replacing one); returns what was written.</summary>
    public IReadOnlyList<(string Path, string Kind, string Subject, string Sha256)> Write(string directory, string password)
    {
        var written = new List<(string, string, string, string)>();
        foreach (var (name, kind, certificate, withKey) in _files)
        {
            var path = Path.Combine(directory, name);
            var bytes = withKey
                ? certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password)
                : Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n");
            using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(bytes);
            }

            written.Add((path, kind, certificate.Subject, CertificateFingerprint.Of(certificate)));
        }

        var readme = Path.Combine(directory, ReadmeName);
        using (var stream = new FileStream(readme, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"""
                DEMO-GRADE PKI - NOT FOR PRODUCTION ({DemoCertificateAuthority.DemoMarker})

                Made by `compliancekit init --pki`. Every certificate says DEMO ONLY in its subject. The CA private keys were
                never written, so no further certificate can be issued from these CAs. The .pfx files hold private keys,
                protected with the password from the environment variable given to init (PBES2, AES-256); keep them safe.
                For production, use certificates from your organisation's own CA and a separate administration root.

                """)));
        }

        written.Add((readme, "what these files are", "", ""));
        return written;
    }

    public void Dispose()
    {
        foreach (var file in _files.Where(f => f.WithKey))
        {
            file.Certificate.Dispose();
        }

        _organisation.Dispose();
        _administration.Dispose();
    }
}
