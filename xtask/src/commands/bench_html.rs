//! `cargo xtask bench html`: the HTML scan report of synthetic corpora (default 1k and 10k
//! documents): its size beside the JSON report of the same scan, and the time until the page
//! is drawn in headless Chromium, beside the time the same browser takes to load the JSON
//! report as a page (both measured by the browser, from navigation start, in one command).
//!
//! The page records when its script has drawn it (`data-render-ms` on `<body>`, from
//! `performance.now()`); `chromium --headless --dump-dom` prints the drawn page, from which
//! the figure is read. The median of `--runs` loads is reported.

use crate::commands::bench_scan::corpus;
use crate::commands::setup_browser::ensure_chromium;
use crate::flags::BenchHtml;
use crate::metrics::median;
use crate::report::{machine, mb, write_section};
use crate::workspace::{build_release_copytrace, target_dir, workspace_root};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Runs `cargo xtask bench html`.
///
/// # Errors
/// When generation, the scan or the browser fail.
pub fn run(flags: BenchHtml) -> Result<()> {
    let BenchHtml { sizes, runs, no_write } = flags;
    if sizes.is_empty() || sizes.contains(&0) {
        bail!("--sizes needs positive numbers");
    }
    let chromium = ensure_chromium()?;
    let bin = build_release_copytrace()?;
    let base = target_dir().join("xtask-bench");
    fs::create_dir_all(&base)?;
    let mut rows = Vec::new();
    for &n in &sizes {
        let dir = base.join(format!("scan-{n}"));
        let (docs, _) = corpus(&dir, n)?;
        let html = base.join(format!("report-{n}.html"));
        let json = base.join(format!("report-{n}.json"));
        let start = Instant::now();
        scan(&bin, &dir, "html", &html)?;
        let html_secs = start.elapsed().as_secs_f64();
        scan(&bin, &dir, "json", &json)?;
        let (html_bytes, json_bytes) = (fs::metadata(&html)?.len(), fs::metadata(&json)?.len());
        let mut drawn = Vec::new();
        let mut loaded = Vec::new();
        for _ in 0..runs.max(1) {
            drawn.push(render_ms(&chromium, &html)?);
            loaded.push(load_ms(&chromium, &json)?);
        }
        let (drawn, loaded) = (median(&drawn), median(&loaded));
        println!(
            "{docs} documents: HTML {:.1} MB (JSON {:.1} MB), written in {html_secs:.2} s; drawn in {drawn:.0} ms (the JSON loads in {loaded:.0} ms)",
            mb(html_bytes),
            mb(json_bytes)
        );
        rows.push((docs, html_bytes, json_bytes, html_secs, drawn, loaded));
    }
    let mut body = format!(
        "Machine: {}. `cargo xtask bench html` (median of {} loads in headless Chromium; `data-render-ms` is \
         `performance.now()` when the page's script has drawn the overview).\n\n\
         | documents | HTML report | JSON report | HTML / JSON size | `scan --format html` | page drawn | JSON report loaded as a page | drawn / loaded |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|\n",
        machine(),
        runs.max(1)
    );
    for (docs, hb, jb, secs, drawn, loaded) in &rows {
        #[allow(clippy::cast_precision_loss, reason = "report sizes are far below 2^52")]
        let size_ratio = *hb as f64 / (*jb).max(1) as f64;
        body.push_str(&format!(
            "| {docs} | {:.1} MB | {:.1} MB | {size_ratio:.2}× | {secs:.2} s | {drawn:.0} ms | {loaded:.0} ms | {:.2}× |\n",
            mb(*hb),
            mb(*jb),
            drawn / loaded.max(1.0)
        ));
    }
    print!("{body}");
    if !no_write {
        write_section(&workspace_root().join("BENCHMARKS.md"), "bench-html", "# Benchmarks\n", &body)?;
    }
    Ok(())
}

fn scan(bin: &Path, dir: &Path, format: &str, out: &Path) -> Result<()> {
    let status = Command::new(bin)
        .arg("scan")
        .arg(dir)
        .args(["--format", format, "--color", "never", "-o"])
        .arg(out)
        .status()
        .context("running copytrace scan")?;
    if !matches!(status.code(), Some(0 | 1)) {
        bail!("copytrace scan --format {format} failed: {status}");
    }
    Ok(())
}

/// Chromium's DOM of `page` after load (`--dump-dom`).
fn dump_dom(chromium: &Path, page: &Path) -> Result<String> {
    let profile = tempfile::tempdir()?;
    let out = Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "--virtual-time-budget=60000"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .context("running chromium")?;
    if !out.status.success() {
        bail!("chromium failed on {}: {}", page.display(), String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Milliseconds until the report's script had drawn the page.
fn render_ms(chromium: &Path, page: &Path) -> Result<f64> {
    let dom = dump_dom(chromium, page)?;
    let key = "data-render-ms=\"";
    let at = dom.find(key).with_context(|| format!("{}: the page never finished drawing", page.display()))? + key.len();
    let end = dom[at..].find('"').context("attribute end")? + at;
    dom[at..end].parse().context("data-render-ms")
}

/// Milliseconds for the same browser to load the JSON report as a page: wall time of a
/// `--dump-dom` run, minus that of an empty page (the browser's start-up).
fn load_ms(chromium: &Path, json: &Path) -> Result<f64> {
    let empty = json.with_extension("empty.html");
    fs::write(&empty, "<!doctype html><title>empty</title>")?;
    let time = |p: &Path| -> Result<f64> {
        let start = Instant::now();
        dump_dom(chromium, p)?;
        Ok(start.elapsed().as_secs_f64() * 1000.0)
    };
    let base = time(&empty)?;
    Ok((time(json)? - base).max(1.0))
}
