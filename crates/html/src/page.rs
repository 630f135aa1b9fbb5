//! The page shell shared by every report: the document head with its Content-Security-Policy,
//! the inline style sheet and script, and the report's data as an inert JSON block.
//!
//! # Security
//! Every value that comes from a document (its text, its name, its metadata) reaches the page
//! in one of two ways, both inert:
//! - through `maud`, which escapes `&`, `<`, `>`, `"` and `'` in every interpolated string;
//! - inside the JSON data block (`<script type="application/json">`, never executed), where
//!   [`json_for_script`] writes `<`, `>` and `&` as `\u003c`, `\u003e` and `\u0026`, so no
//!   text can close the block; the script reads it with `JSON.parse` and puts text into the
//!   page with `textContent` only.
//!
//! The policy (`default-src 'none'`) allows exactly the page's own inline script and style,
//! named by their SHA-256 digests: the page loads nothing from any network or file, and a
//! script that was not built into it does not run.

use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::{self, Write};

/// The style sheet of every report.
pub const CSS: &str = include_str!("../assets/report.css");
/// The script of every report.
pub const SCRIPT: &str = include_str!("../assets/report.js");

/// The `id` of the JSON data block.
pub const DATA_ID: &str = "copytrace-data";

/// `'sha256-…'`, the CSP source of an inline block with this exact text.
#[must_use]
pub fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!("'sha256-{}'", data_encoding::BASE64.encode(&digest))
}

/// The Content-Security-Policy of a report page.
#[must_use]
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; script-src {}; style-src {}; img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(SCRIPT),
        csp_hash(CSS)
    )
}

/// JSON text that is safe inside a `<script>` element: `<`, `>` and `&` (which JSON only has
/// inside strings) are written as `\u` escapes.
///
/// # Errors
/// When the value cannot be serialised.
pub fn json_for_script(value: &impl Serialize) -> serde_json::Result<String> {
    let json = serde_json::to_string(value)?;
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            // Line separators end a line in old JavaScript parsers; harmless in JSON.
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Writes a whole page: `kind` is `scan`, `trace` or `diff` (the script renders by it),
/// `body` the server-rendered part, `data` the report's data for the script.
///
/// # Errors
/// When writing fails or the data cannot be serialised.
pub fn write_page(
    out: &mut dyn Write,
    title: &str,
    kind: &str,
    body: &Markup,
    data: &impl Serialize,
) -> io::Result<()> {
    let json = json_for_script(data).map_err(io::Error::other)?;
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(content_security_policy());
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                meta name="generator" content=(concat!("copytrace ", env!("CARGO_PKG_VERSION")));
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body data-kind=(kind) {
                a.skip href="#main" { "Skip to the report" }
                (body)
                script type="application/json" id=(DATA_ID) { (PreEscaped(json)) }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    out.write_all(page.into_string().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_cannot_close_its_script_block() {
        let json = json_for_script(&serde_json::json!({"t": "</script><script>alert(1)</script> & \u{2028}"})).unwrap();
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["t"], "</script><script>alert(1)</script> & \u{2028}");
    }

    #[test]
    fn the_policy_names_the_inline_blocks_by_digest() {
        // Pinned against an independent computation: the SHA-256 of "abc" (FIPS 180-2,
        // appendix B.1) in base64.
        assert_eq!(csp_hash("abc"), "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='");
        let csp = content_security_policy();
        assert!(csp.starts_with("default-src 'none';"));
        assert!(csp.contains(&csp_hash(SCRIPT)) && csp.contains(&csp_hash(CSS)));
    }

    #[test]
    fn text_in_the_body_is_escaped() {
        let mut out = Vec::new();
        let body = html! { p { ("<img src=x onerror=alert(1)>") } };
        write_page(&mut out, "<title>", "scan", &body, &serde_json::json!({})).unwrap();
        let page = String::from_utf8(out).unwrap();
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(page.contains("<title>&lt;title&gt;</title>"));
        assert!(!page.contains("<img"));
    }
}
