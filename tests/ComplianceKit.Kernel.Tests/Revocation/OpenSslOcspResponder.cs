using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Tests.Signing;
using NodaTime;

namespace ComplianceKit.Tests.Revocation;

/// <summary>
/// A real OCSP responder: <c>openssl ocsp -index</c> over an OpenSSL CA database of the certificates it was told about, answering requests
/// made by <c>openssl ocsp -reqout</c> and signing with <paramref name="responder"/> (a delegated responder, or any certificate for forgeries).
/// OpenSSL stamps thisUpdate with the wall clock, so tests read it back from the response rather than choosing it.
/// </summary>
internal sealed class OpenSslOcspResponder(X509Certificate2 issuer, X509Certificate2 responder) : IDisposable
{
    private readonly OpenSslCli _openSsl = new();
    private readonly List<string> _index = [];

    /// <summary>Lists <paramref name="certificate"/> as valid (V), or revoked (R) at <paramref name="revokedAt"/>.</summary>
    public void Add(X509Certificate2 certificate, Instant? revokedAt = null)
    {
        var expiry = Utc(Instant.FromDateTimeOffset(certificate.NotAfter.ToUniversalTime()));
        var revoked = revokedAt is { } at ? Utc(at) + ",keyCompromise" : "";
        _index.Add($"{(revokedAt is null ? "V" : "R")}\t{expiry}\t{revoked}\t{Serial(certificate)}\tunknown\t/CN=test\n");
    }

    /// <summary>Asks the responder about <paramref name="certificate"/> (a SHA-1 CertID, or SHA-256) and returns its DER OCSPResponse.</summary>
    public byte[] Respond(X509Certificate2 certificate, bool sha256CertId = false, int validDays = 7)
    {
        _openSsl.Write("index.txt", string.Concat(_index));
        _openSsl.Write("index.txt.attr", "unique_subject = no\n");
        _openSsl.Write("issuer.pem", issuer.ExportCertificatePem());
        _openSsl.Write("responder.pem", responder.ExportCertificatePem());
        _openSsl.Write("responder.key", PrivateKeyPem(responder));
        _openSsl.Write("subject.pem", certificate.ExportCertificatePem());
        File.Delete(Path.Combine(_openSsl.Folder, "response.der"));

        string[] digest = sha256CertId ? ["-sha256"] : [];
        var request = _openSsl.Run(["ocsp", "-issuer", "issuer.pem", .. digest, "-cert", "subject.pem", "-no_nonce", "-reqout", "request.der"]);
        var response = _openSsl.Run("ocsp", "-index", "index.txt", "-CA", "issuer.pem", "-rsigner", "responder.pem", "-rkey", "responder.key",
            "-reqin", "request.der", "-respout", "response.der", "-ndays", validDays.ToString(CultureInfo.InvariantCulture));
        if (request.ExitCode != 0 || response.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl ocsp failed: {request.Output} {response.Output}");
        }

        return File.ReadAllBytes(Path.Combine(_openSsl.Folder, "response.der"));
    }

    /// <summary>
    /// Runs <c>openssl ocsp -respin</c> on <paramref name="response"/>, verifying its signature against <paramref name="caFile"/> alone, for
    /// <paramref name="certificate"/>: exit code 0 and "Response verify OK" when OpenSSL accepts it.
    /// </summary>
    public (int ExitCode, string Output) Check(byte[] response, X509Certificate2 certificate, X509Certificate2 caFile, bool sha256CertId = false)
    {
        _openSsl.Write("carried.der", response);
        _openSsl.Write("trusted.pem", caFile.ExportCertificatePem());
        _openSsl.Write("subject.pem", certificate.ExportCertificatePem());
        _openSsl.Write("issuer.pem", issuer.ExportCertificatePem());
        string[] digest = sha256CertId ? ["-sha256"] : [];
        return _openSsl.Run(["ocsp", "-respin", "carried.der", "-CAfile", "trusted.pem", "-no-CApath", "-no-CAstore", "-issuer", "issuer.pem", .. digest, "-cert", "subject.pem"]);
    }

    public void Dispose() => _openSsl.Dispose();

    /// <summary>The serial as OpenSSL's CA database writes it: upper-case hex bytes without leading zero bytes.</summary>
    private static string Serial(X509Certificate2 certificate)
    {
        var bytes = certificate.SerialNumberBytes.Span.TrimStart((byte)0);
        return bytes.IsEmpty ? "00" : Convert.ToHexString(bytes);
    }

    private static string Utc(Instant instant) => instant.ToDateTimeOffset().ToString("yyMMddHHmmss'Z'", CultureInfo.InvariantCulture);

    private static string PrivateKeyPem(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPrivateKey();
        using var ecdsa = certificate.GetECDsaPrivateKey();
        return rsa?.ExportPkcs8PrivateKeyPem() ?? ecdsa?.ExportPkcs8PrivateKeyPem() ?? throw new CryptographicException($"{certificate.Subject} has no private key.");
    }
}
