using ComplianceKit.Administration;
using ComplianceKit.Signing;

namespace ComplianceKit.Cli.Demo;

/// <summary>The demo's administrator: the recorder that signs trust anchors, grants and gates, the administrator's signer, and the pinned root.</summary>
internal sealed record DemoAdministration(AdministrationRecorder Recorder, ICmsSigner Administrator, AdministrationTrust Trust);
