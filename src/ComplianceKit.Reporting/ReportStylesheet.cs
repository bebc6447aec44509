namespace ComplianceKit.Reporting;

/// <summary>
/// The one stylesheet of ComplianceKit's pages (the bundle report and the dashboard): a readable column that fits a 1280 px
/// window without horizontal scrolling (tables lay out fixed and wrap long values), text contrast of at least 4.5:1 on its
/// background, visible keyboard focus. Inline it in a <c>&lt;style&gt;</c> element: the pages load no external assets.
/// </summary>
public static class ReportStylesheet
{
    /// <summary>The CSS.</summary>
    public static string Css => Style;

    private const string Style = """
        *,*::before,*::after{box-sizing:border-box}
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1160px;padding:0 24px 48px;color:#1d2430;background:#fff}
        header.verdict{margin:24px 0;padding:18px 24px;border-radius:8px;color:#fff}
        header.verified,.badge.ready{background:#1b6b3a}header.untrusted{background:#6f5800}header.unreadable{background:#6e4400}header.invalid,.badge.blocked{background:#a11d2b}
        header h1{margin:0 0 4px;font-size:28px;letter-spacing:.02em}header p{margin:0}
        h2{margin:32px 0 8px;font-size:20px;border-bottom:1px solid #d5dae1;padding-bottom:4px}
        h3{margin:24px 0 6px;font-size:17px}
        p.note{color:#4f5967;margin:4px 0 12px}
        dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:4px 18px;margin:0}dt{color:#4f5967}dd{margin:0;overflow-wrap:anywhere}
        table{border-collapse:collapse;width:100%;margin:8px 0;table-layout:fixed}
        th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #e4e8ee;overflow-wrap:anywhere}
        th{background:#f3f5f8;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        caption{text-align:left;font-weight:600;padding:4px 0}
        code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px;overflow-wrap:anywhere}
        small{color:#4f5967}
        .ok{color:#1b6b3a;font-weight:600}.bad{color:#a11d2b;font-weight:600}.warn{color:#6f5800;font-weight:600}
        .badge{display:inline-block;color:#fff;border-radius:4px;padding:1px 8px;font-size:14px;font-weight:600;vertical-align:middle}
        .figures{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0}
        .figure{border:1px solid #d5dae1;border-radius:6px;padding:8px 14px;min-width:180px}
        .figure .label{display:block;color:#4f5967;font-size:13px}.figure .value{font-size:24px;font-weight:700;font-variant-numeric:tabular-nums}
        ul.blockers{margin:6px 0 12px;padding-left:22px}ul.blockers li{margin:2px 0;overflow-wrap:anywhere}
        a{color:#1a4f9c}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #1a4f9c;outline-offset:2px}
        button{font:inherit;color:#fff;background:#1a4f9c;border:0;border-radius:6px;padding:8px 16px;cursor:pointer}
        footer{margin-top:40px;color:#4f5967;font-size:13px}
        """;
}
