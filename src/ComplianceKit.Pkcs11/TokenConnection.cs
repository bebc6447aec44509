using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace ComplianceKit.Pkcs11;

/// <summary>
/// A logged-in connection to one token: the key handle, its certificate, and a pool of sessions. PKCS #11 sessions
/// are single-threaded, so each signature rents a session of its own; the login (shared by all sessions of the
/// application on the token) is kept alive by a session held for the connection's lifetime.
/// </summary>
internal sealed class TokenConnection : IDisposable
{
    // DER DigestInfo prefix for SHA-256 (RFC 8017, 9.2 note 1): CKM_RSA_PKCS signs DigestInfo || digest.
    private static readonly byte[] Sha256DigestInfo = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

    private readonly ISlot slot;
    private readonly ISession loginSession;
    private readonly IObjectHandle key;
    private readonly IMechanism mechanism;
    private readonly ConcurrentBag<ISession> idle = [];

    private TokenConnection(ISlot slot, ISession loginSession, IObjectHandle key, bool isRsa, IMechanism mechanism, X509Certificate2 certificate, string description)
    {
        this.slot = slot;
        this.loginSession = loginSession;
        this.key = key;
        this.mechanism = mechanism;
        IsRsa = isRsa;
        Certificate = certificate;
        Description = description;
    }

    public X509Certificate2 Certificate { get; }

    public bool IsRsa { get; }

    /// <summary>The token and key, for messages: label, serial, key label and id.</summary>
    public string Description { get; }

    /// <summary>Finds the token, logs in, finds the key and its certificate, and proves they belong together with one signature.</summary>
    /// <exception cref="Pkcs11SignerException">Any step failed; the message names it, never the PIN.</exception>
    public static TokenConnection Open(Pkcs11Module module, Pkcs11Uri uri, byte[] pin)
    {
        ISlot slot;
        try
        {
            slot = TokenSelection.Find(module, uri);
        }
        catch (Pkcs11Exception ex)
        {
            throw Pkcs11Errors.From(ex, $"listing the tokens of '{module.Path}'");
        }

        var token = slot.GetTokenInfo();
        var tokenName = $"token '{token.Label.TrimEnd()}' (serial {token.SerialNumber.TrimEnd()})";
        ISession session;
        try
        {
            session = slot.OpenSession(SessionType.ReadOnly);
        }
        catch (Pkcs11Exception ex)
        {
            throw Pkcs11Errors.From(ex, $"opening a session on the {tokenName}");
        }

        try
        {
            Login(session, pin, tokenName);
            var (keyHandle, isRsa, id, label) = FindKey(module, session, uri, tokenName);
            var keyName = $"key '{label}' (id {Convert.ToHexStringLower(id)}) on the {tokenName}";
            var mechanism = module.Factories.MechanismFactory.Create(isRsa ? CKM.CKM_RSA_PKCS : CKM.CKM_ECDSA);
            var certificate = FindCertificate(module, session, keyHandle, mechanism, isRsa, id, label, keyName);
            return new TokenConnection(slot, session, keyHandle, isRsa, mechanism, certificate, keyName);
        }
        catch (Pkcs11Exception ex)
        {
            session.Dispose();
            throw Pkcs11Errors.From(ex, $"reading the {tokenName}");
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Signs a SHA-256 digest: RSA PKCS #1 v1.5 over the DigestInfo, or ECDSA as IEEE P1363 r||s.</summary>
    /// <exception cref="Pkcs11Exception">The token failed; the caller decides whether the token is gone.</exception>
    public byte[] Sign(ReadOnlySpan<byte> digest)
    {
        var input = IsRsa ? [.. Sha256DigestInfo, .. digest] : digest.ToArray();
        var session = idle.TryTake(out var pooled) ? pooled : slot.OpenSession(SessionType.ReadOnly);
        try
        {
            var signature = session.Sign(mechanism, key, input);
            idle.Add(session);
            return signature;
        }
        catch
        {
            session.Dispose(); // its state after a failed operation is unknown
            throw;
        }
    }

    /// <summary>Closes every session (the last one logs out); never throws, since the token may be gone.</summary>
    public void Dispose()
    {
        while (idle.TryTake(out var session))
        {
            Quietly(session.Dispose);
        }

        Quietly(loginSession.Dispose);
        Quietly(mechanism.Dispose);
    }

    private static void Quietly(Action action)
    {
        try
        {
            action();
        }
        catch (Pkcs11Exception)
        {
            // A removed token fails every call; its sessions are gone with it.
        }
    }

    private static void Login(ISession session, byte[] pin, string tokenName)
    {
        try
        {
            session.Login(CKU.CKU_USER, pin);
        }
        catch (Pkcs11Exception ex) when (ex.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Another signer of this process on the same token logged in already: the login is per application.
        }
        catch (Pkcs11Exception ex) when (ex.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_LEN_RANGE or CKR.CKR_PIN_INVALID)
        {
            throw new Pkcs11SignerException(Pkcs11SignerError.PinIncorrect, $"The {tokenName} refused the PIN ({ex.RV}); nothing was signed.");
        }
        catch (Pkcs11Exception ex) when (ex.RV is CKR.CKR_PIN_LOCKED or CKR.CKR_PIN_EXPIRED)
        {
            throw new Pkcs11SignerException(Pkcs11SignerError.PinLocked, $"The {tokenName}'s user PIN is locked or expired ({ex.RV}); its security officer must reset it.");
        }
    }

    private static (IObjectHandle Handle, bool IsRsa, byte[] Id, string Label) FindKey(Pkcs11Module module, ISession session, Pkcs11Uri uri, string tokenName)
    {
        var attributes = module.Factories.ObjectAttributeFactory;
        var template = new List<IObjectAttribute> { attributes.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY) };
        if (uri.ObjectLabel is { } label)
        {
            template.Add(attributes.Create(CKA.CKA_LABEL, label));
        }

        if (uri.Id is { } id)
        {
            template.Add(attributes.Create(CKA.CKA_ID, id.ToArray()));
        }

        var found = session.FindAllObjects(template);
        if (found.Count != 1)
        {
            var all = session.FindAllObjects([attributes.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY)])
                .Select(h => Describe(session, h)).ToList();
            var wanted = $"{(uri.ObjectLabel is null ? "" : $"object={uri.ObjectLabel} ")}{(uri.Id is null ? "" : $"id={Convert.ToHexStringLower(uri.Id.Value.Span)}")}".Trim();
            throw found.Count == 0
                ? new Pkcs11SignerException(Pkcs11SignerError.KeyNotFound,
                    $"No private key {(wanted.Length == 0 ? "" : $"with {wanted} ")}is on the {tokenName}; " +
                    (all.Count == 0 ? "it holds no private key the user can see." : $"private keys there: {string.Join(", ", all)}."))
                : new Pkcs11SignerException(Pkcs11SignerError.KeyAmbiguous,
                    $"{found.Count} private keys on the {tokenName} match {(wanted.Length == 0 ? "the URI" : wanted)}: {string.Join(", ", all)}; add object= or id= to choose one.");
        }

        var values = session.GetAttributeValue(found[0], [CKA.CKA_KEY_TYPE, CKA.CKA_ID, CKA.CKA_LABEL]);
        var keyType = (CKK)values[0].GetValueAsUlong();
        var isRsa = keyType switch
        {
            CKK.CKK_RSA => true,
            CKK.CKK_EC => false,
            _ => throw new Pkcs11SignerException(Pkcs11SignerError.UnsupportedKey, $"The key {Describe(session, found[0])} on the {tokenName} is {keyType}; ComplianceKit signs with RSA or EC keys."),
        };
        return (found[0], isRsa, values[1].GetValueAsByteArray() ?? [], values[2].GetValueAsString() ?? "");
    }

    private static X509Certificate2 FindCertificate(Pkcs11Module module, ISession session, IObjectHandle key, IMechanism mechanism, bool isRsa, byte[] id, string label, string keyName)
    {
        var attributes = module.Factories.ObjectAttributeFactory;
        var template = new List<IObjectAttribute>
        {
            attributes.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE),
            attributes.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509),
            // The convention every PKCS #11 tool follows: a key pair and its certificate share CKA_ID; without one, the label.
            id.Length > 0 ? attributes.Create(CKA.CKA_ID, id) : attributes.Create(CKA.CKA_LABEL, label),
        };

        var digest = SHA256.HashData("ComplianceKit: does this certificate belong to this key?"u8);
        var input = isRsa ? [.. Sha256DigestInfo, .. digest] : digest;
        var signature = session.Sign(mechanism, key, input);
        foreach (var handle in session.FindAllObjects(template))
        {
            var der = session.GetAttributeValue(handle, [CKA.CKA_VALUE])[0].GetValueAsByteArray();
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadCertificate(der);
            }
            catch (CryptographicException)
            {
                continue;
            }

            if (Verifies(certificate, isRsa, digest, signature))
            {
                return certificate;
            }

            certificate.Dispose();
        }

        throw new Pkcs11SignerException(Pkcs11SignerError.CertificateNotFound,
            $"No X.509 certificate on the token belongs to the {keyName}: write the key's certificate onto the token with the same id " +
            "(e.g. pkcs11-tool --write-object cert.der --type cert --id <id>).");
    }

    private static bool Verifies(X509Certificate2 certificate, bool isRsa, byte[] digest, byte[] signature)
    {
        if (isRsa)
        {
            using var rsa = certificate.GetRSAPublicKey();
            return rsa is not null && rsa.VerifyHash(digest, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        using var ecdsa = certificate.GetECDsaPublicKey();
        return ecdsa is not null && ecdsa.VerifyHash(digest, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static string Describe(ISession session, IObjectHandle handle)
    {
        var values = session.GetAttributeValue(handle, [CKA.CKA_LABEL, CKA.CKA_ID]);
        return $"'{values[0].GetValueAsString()}' (id {Convert.ToHexStringLower(values[1].GetValueAsByteArray() ?? [])})";
    }
}
