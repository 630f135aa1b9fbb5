//! Reporting results: figures formatted for the Markdown tables (times, sizes, ratios, the
//! machine) and the generated sections of EVALUATION.md and BENCHMARKS.md
//! ([`write_section`]).

use crate::measure::Sample;
use anyhow::{Context, Result};
use std::fs;
use std::path::Path;

/// `a / b`, NaN when `b` is not positive.
pub fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        f64::NAN
    }
}

/// [`ratio`] of two memory sizes.
#[allow(clippy::cast_precision_loss, reason = "memory sizes are far below 2^52")]
pub fn ratio_u(a: u64, b: u64) -> f64 {
    ratio(a as f64, b as f64)
}

/// Bytes in MB (10^6).
#[allow(clippy::cast_precision_loss, reason = "sizes are far below 2^52")]
pub fn mb(n: u64) -> f64 {
    n as f64 / 1e6
}

/// `1.23 s / 45.6 MiB`.
pub fn fmt_sample(s: &Sample) -> String {
    let t = s.wall.as_secs_f64();
    let time = if t < 1.0 { format!("{:.1} ms", t * 1000.0) } else { format!("{t:.2} s") };
    #[allow(clippy::cast_precision_loss, reason = "memory sizes are far below 2^52")]
    let mem = s.max_rss_kib as f64 / 1024.0;
    format!("{time} / {mem:.1} MiB")
}

/// `12.3 KB` / `4.9 MB`.
#[allow(clippy::cast_precision_loss, reason = "sizes are far below 2^52")]
pub fn human_bytes(n: u64) -> String {
    if n >= 1_000_000 {
        format!("{:.1} MB", n as f64 / 1e6)
    } else {
        format!("{:.1} KB", n as f64 / 1e3)
    }
}

/// The CPU model from /proc/cpuinfo (or "this machine").
pub fn machine() -> String {
    fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name").map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned()))
        })
        .unwrap_or_else(|| "this machine".to_owned())
}

/// A duration in seconds as `1.50 s`, `1.5 min`, `2.0 h` or `2.0 days`.
pub fn secs(s: f64) -> String {
    if s >= 86_400.0 {
        format!("{:.1} days", s / 86_400.0)
    } else if s >= 3600.0 {
        format!("{:.1} h", s / 3600.0)
    } else if s >= 60.0 {
        format!("{:.1} min", s / 60.0)
    } else {
        format!("{s:.2} s")
    }
}

/// A ratio as `340x`, or `2.1e6x` when large.
pub fn times(r: f64) -> String {
    if r >= 1e4 {
        format!("{r:.1e}x")
    } else {
        format!("{r:.0}x")
    }
}

/// Replaces the text between `<!-- BEGIN name -->` and `<!-- END name -->` in a Markdown
/// file by `body`; creates the file (with `preamble`) or appends the section when missing.
///
/// # Errors
/// On IO errors.
pub fn write_section(path: &Path, name: &str, preamble: &str, body: &str) -> Result<()> {
    let begin = format!("<!-- BEGIN {name} (written by cargo xtask; edits inside are overwritten) -->");
    let end = format!("<!-- END {name} -->");
    let current = match fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => preamble.to_owned(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let updated = replace_section(&current, &begin, &end, body);
    let tmp = path.with_extension("md.tmp");
    fs::write(&tmp, updated).with_context(|| format!("writing {}", tmp.display()))?;
    fs::rename(&tmp, path).with_context(|| format!("replacing {}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

fn replace_section(current: &str, begin: &str, end: &str, body: &str) -> String {
    let block = format!("{begin}\n{}\n{end}", body.trim_end());
    match (current.find(begin), current.find(end)) {
        (Some(b), Some(e)) if e > b => format!("{}{}{}", &current[..b], block, &current[e + end.len()..]),
        _ => {
            let mut s = current.trim_end().to_owned();
            s.push_str("\n\n");
            s.push_str(&block);
            s.push('\n');
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn sections_are_replaced_or_appended() {
        let b = "<!-- BEGIN x -->";
        let e = "<!-- END x -->";
        let first = replace_section("# Title\n\nText.\n", b, e, "one");
        assert_eq!(first, "# Title\n\nText.\n\n<!-- BEGIN x -->\none\n<!-- END x -->\n");
        let second = replace_section(&first, b, e, "two\n");
        assert_eq!(second, "# Title\n\nText.\n\n<!-- BEGIN x -->\ntwo\n<!-- END x -->\n");
    }

    #[test]
    fn figures_read_well() {
        assert_eq!(secs(1.5), "1.50 s");
        assert_eq!(secs(90.0), "1.5 min");
        assert_eq!(secs(7200.0), "2.0 h");
        assert_eq!(secs(172_800.0), "2.0 days");
        assert_eq!(times(340.2), "340x");
        assert_eq!(times(2_092_347.0), "2.1e6x");
        assert_eq!(human_bytes(12_345), "12.3 KB");
        assert_eq!(human_bytes(4_900_000), "4.9 MB");
        assert_eq!(fmt_sample(&Sample { wall: Duration::from_millis(12), max_rss_kib: 2048 }), "12.0 ms / 2.0 MiB");
        assert!((ratio(1.0, 4.0) - 0.25).abs() < 1e-12);
        assert!(ratio(1.0, 0.0).is_nan());
    }
}
