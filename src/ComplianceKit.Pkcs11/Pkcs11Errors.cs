using Net.Pkcs11Interop.Common;

namespace ComplianceKit.Pkcs11;

/// <summary>Turns PKCS #11 return values into <see cref="Pkcs11SignerException"/>s that say what happened.</summary>
internal static class Pkcs11Errors
{
    /// <summary>Return values after which the token, its sessions or the module's state are gone: reconnect once, then give up.</summary>
    public static bool MeansTokenGone(CKR rv) => rv is CKR.CKR_DEVICE_REMOVED or CKR.CKR_TOKEN_NOT_PRESENT or CKR.CKR_TOKEN_NOT_RECOGNIZED
        or CKR.CKR_DEVICE_ERROR or CKR.CKR_SESSION_HANDLE_INVALID or CKR.CKR_SESSION_CLOSED or CKR.CKR_SLOT_ID_INVALID
        or CKR.CKR_KEY_HANDLE_INVALID or CKR.CKR_OBJECT_HANDLE_INVALID or CKR.CKR_USER_NOT_LOGGED_IN or CKR.CKR_CRYPTOKI_NOT_INITIALIZED;

    public static Pkcs11SignerException From(Pkcs11Exception ex, string doing) => MeansTokenGone(ex.RV)
        ? new Pkcs11SignerException(Pkcs11SignerError.TokenRemoved, $"The token is gone ({ex.RV} while {doing}): insert it again or check the module; nothing was signed.", ex)
        : new Pkcs11SignerException(Pkcs11SignerError.TokenFailure, $"The token failed with {ex.RV} while {doing}; nothing was signed.", ex);
}
