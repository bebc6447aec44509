using System.Globalization;
using OpenQA.Selenium;

namespace ComplianceKit.BrowserTesting;

/// <summary>What a test reads from a rendered page: its widths, its text contrast, its unlabelled controls, and a screenshot.</summary>
public static class PageProbe
{
    /// <summary>The document's scroll width and client width in CSS pixels: the page scrolls sideways when the first exceeds the second.</summary>
    public static (long ScrollWidth, long ClientWidth) Widths(IWebDriver driver)
    {
        var js = (IJavaScriptExecutor)driver;
        var scroll = Convert.ToInt64(js.ExecuteScript("return document.documentElement.scrollWidth;"), CultureInfo.InvariantCulture);
        var client = Convert.ToInt64(js.ExecuteScript("return document.documentElement.clientWidth;"), CultureInfo.InvariantCulture);
        return (scroll, client);
    }

    /// <summary>
    /// Every element with text of its own whose WCAG 2.1 contrast ratio against its effective background (the first ancestor
    /// with an opaque background colour) is below <paramref name="minimum"/>, as "ratio tag: text", computed by Chromium from
    /// computed styles.
    /// </summary>
    public static IReadOnlyList<string> LowContrastText(IWebDriver driver, double minimum = 4.5)
    {
        const string script = """
            const min = arguments[0];
            const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(',').map(s => parseFloat(s)); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
            const lin = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
            const lum = c => 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
            const background = el => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a >= 0.99) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
            const out = [];
            for (const el of document.body.querySelectorAll('*')) {
              const own = Array.from(el.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join(' ').trim();
              if (!own) continue;
              const style = getComputedStyle(el);
              if (style.visibility === 'hidden' || style.display === 'none') continue;
              const fg = parse(style.color), bg = background(el);
              const l1 = lum(fg), l2 = lum(bg);
              const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
              if (ratio < min) out.push(ratio.toFixed(2) + ' ' + el.tagName.toLowerCase() + ': ' + own.slice(0, 60));
            }
            return out;
            """;
        var result = (IReadOnlyCollection<object>)((IJavaScriptExecutor)driver).ExecuteScript(script, minimum)!;
        return result.Select(o => (string)o).ToList();
    }

    /// <summary>Every form control, button or link without an accessible name (label, aria-label, aria-labelledby or text), as its outer HTML.</summary>
    public static IReadOnlyList<string> UnlabelledControls(IWebDriver driver)
    {
        const string script = """
            const out = [];
            for (const el of document.querySelectorAll('input:not([type=hidden]),select,textarea,button,a[href]')) {
              const labelled = (el.labels && el.labels.length > 0 && Array.from(el.labels).some(l => l.textContent.trim()))
                || (el.getAttribute('aria-label') || '').trim()
                || (el.getAttribute('aria-labelledby') || '').split(' ').some(id => id && document.getElementById(id) && document.getElementById(id).textContent.trim())
                || ((el.tagName === 'BUTTON' || el.tagName === 'A') && el.textContent.trim())
                || (el.tagName === 'INPUT' && (el.type === 'submit' || el.type === 'button') && (el.value || '').trim());
              if (!labelled) out.push(el.outerHTML.slice(0, 120));
            }
            return out;
            """;
        var result = (IReadOnlyCollection<object>)((IJavaScriptExecutor)driver).ExecuteScript(script)!;
        return result.Select(o => (string)o).ToList();
    }

    /// <summary>
    /// Saves a screenshot of the whole page (the window is stretched to the page's height first) under the test output
    /// folder's <c>screenshots/</c> and returns its path (the test prints it).
    /// </summary>
    public static string SaveScreenshot(IWebDriver driver, string name)
    {
        var height = Convert.ToInt32(((IJavaScriptExecutor)driver).ExecuteScript("return document.documentElement.scrollHeight;"), CultureInfo.InvariantCulture);
        var size = driver.Manage().Window.Size;
        driver.Manage().Window.Size = new System.Drawing.Size(size.Width, Math.Min(Math.Max(height, size.Height), 12000));
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(path);
        driver.Manage().Window.Size = size;
        return path;
    }
}
