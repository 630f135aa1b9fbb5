//! copytrace's HTML reports: the scan, trace and diff reports as pages that people who do
//! not read terminals can open, share and print.
//!
//! Each report is **one self-contained file**: its style sheet and script are inline, it
//! requests nothing from any network or file (its Content-Security-Policy, `default-src
//! 'none'`, allows only its own inline script and style, by digest), so it opens from disk
//! or as an e-mail attachment. Light and dark colour schemes follow the reader's system,
//! and the page prints legibly.
//!
//! # Shape of a page
//! A page has a server-rendered part (the header, the summary with the definitions of its
//! figures: the same text as the terminal report's legend, from
//! [`copytrace_report::scan::DEFINITIONS`]) and a JSON data block that its script renders
//! into lists, the containment matrix and the pair views on demand, so that a report of a
//! large corpus renders quickly: long lists are drawn a page at a time. The data is a plain
//! serialisable value ([`scan::ScanData`]); a golden test keeps its shape under review.
//!
//! # Security
//! Documents, file names and metadata are untrusted. See [`page`] for how they are kept
//! inert: escaped by the templates (`maud`), or carried as JSON that cannot close its
//! block and is only ever put into the page as text.
//!
//! # Accessibility
//! Semantic HTML (headings, tables with headers, `<meter>` bars with their values in text),
//! a colour-blind-safe palette (Okabe and Ito's) with enough contrast in both schemes,
//! passage tiers told apart by their outline as well as their colour and named in text,
//! and everything reachable by keyboard: `/` filters, `n` and `p` move between findings,
//! `Enter` opens one, `Esc` goes back.
//!
//! # Example
//!
//! ```
//! let body = maud::html! { p { "Hello <world>" } };
//! let mut page = Vec::new();
//! copytrace_html::page::write_page(&mut page, "A page", "scan", &body, &serde_json::json!({"kind": "scan"})).unwrap();
//! let page = String::from_utf8(page).unwrap();
//! assert!(page.contains("Hello &lt;world&gt;"));
//! assert!(page.contains("Content-Security-Policy"));
//! ```

pub mod diff;
pub mod page;
pub mod scan;
pub mod trace;

pub use diff::write_diff;
pub use scan::{scan_data, write_scan, ScanData};
pub use trace::write_trace;
