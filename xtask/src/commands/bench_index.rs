//! `cargo xtask bench index`: an incremental scan of 100 new articles against an indexed
//! archive of N articles, against a full re-scan of archive plus new articles; the index's
//! build time and size per document; `index --update` on an unchanged archive.
//!
//! # The corpus
//!
//! `cargo xtask corpus synth` ([`crate::synth`], seed 1) with `N + K` documents: wire
//! stories and outlet articles that paste wire passages (verbatim or edited). The last `K`
//! outlet articles (by file name) are the new articles, in `new/`; the rest is the archive,
//! in `archive/`. So the new articles reuse wire stories of the archive, as a day's outlet
//! copy does. The corpus is kept in `target/bench-index/` and reused by later runs.
//!
//! # Measures
//!
//! Wall time (median of `--runs` runs after a warm-up for the incremental scan; one run for
//! the full scan and the index build above 10,000 articles) and peak memory, as in
//! [`crate::measure`]. The speed-up is the full scan's time over the incremental scan's,
//! both measured in the same run on the same machine.

use crate::flags::BenchIndex;
use crate::measure::{bench, measure, Sample};
use crate::report::{fmt_sample, human_bytes, machine, write_section};
use crate::synth;
use crate::workspace::{build_release_copytrace, target_dir, workspace_root};
use anyhow::{Context, Result};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;

/// Writes `dir/archive/` (N documents) and `dir/new/` (the last K outlet articles) from a
/// synthetic corpus of N + K documents.
fn generate(dir: &Path, n: usize, k: usize) -> Result<()> {
    let all = dir.join("synth");
    synth::generate(&synth::Options { out: all.clone(), docs: n + k, seed: 1 })?;
    let mut names: Vec<String> = fs::read_dir(&all)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()?;
    names.sort();
    let outlets: Vec<&String> = names.iter().filter(|n| n.starts_with("outlet-")).collect();
    if outlets.len() < k {
        anyhow::bail!("the synthetic corpus has only {} outlet articles", outlets.len());
    }
    fs::create_dir_all(dir.join("new"))?;
    for name in &outlets[outlets.len() - k..] {
        fs::rename(all.join(name.as_str()), dir.join("new").join(name.as_str()))?;
    }
    fs::rename(&all, dir.join("archive"))?;
    fs::write(dir.join("complete"), stamp(n, k))?;
    Ok(())
}

/// What `dir/complete` holds once a corpus is fully written: its sizes and the generator
/// version (a corpus of an older generator is regenerated).
fn stamp(n: usize, k: usize) -> String {
    format!("{n} {k} generator {}\n", synth::GENERATOR)
}

struct Row {
    n: usize,
    bytes: u64,
    index: Sample,
    index_size: u64,
    update: Sample,
    against: Sample,
    full: Sample,
}

/// Runs `cargo xtask bench index`.
///
/// # Errors
/// When the material is missing, generation fails or a command fails.
pub fn run(flags: BenchIndex) -> Result<()> {
    let BenchIndex { sizes, new_articles: k, runs, no_write } = flags;

    let bin = build_release_copytrace()?;
    let mut rows = Vec::new();
    for &n in &sizes {
        let dir = target_dir().join("bench-index").join(format!("synth-n{n}-k{k}"));
        if fs::read_to_string(dir.join("complete")).ok() != Some(stamp(n, k)) {
            println!("generating {n} + {k} articles in {}", dir.display());
            let _ = fs::remove_dir_all(&dir);
            generate(&dir, n, k)?;
        }
        let bytes = dir_bytes(&dir.join("archive"))? + dir_bytes(&dir.join("new"))?;
        let idx = dir.join("archive.idx");
        let cmd = |args: &[&std::ffi::OsStr]| {
            let mut c = Command::new(&bin);
            c.args(args);
            c
        };
        let ok01 = |c: Option<i32>| matches!(c, Some(0 | 1));
        let ok0 = |c: Option<i32>| c == Some(0);
        let archive = dir.join("archive");
        let new = dir.join("new");
        println!("N = {n}: copytrace index");
        let index = measure(cmd(&["index".as_ref(), archive.as_os_str(), "-o".as_ref(), idx.as_os_str()]), &ok0)?;
        let index_size = fs::metadata(&idx)?.len();
        println!("N = {n}: copytrace index --update (no change)");
        let update =
            measure(cmd(&["index".as_ref(), "--update".as_ref(), idx.as_os_str(), archive.as_os_str()]), &ok0)?;
        println!("N = {n}: copytrace scan NEW --against INDEX");
        let against = bench(
            &|| {
                cmd(&[
                    "scan".as_ref(),
                    new.as_os_str(),
                    "--against".as_ref(),
                    idx.as_os_str(),
                    "--format".as_ref(),
                    "json".as_ref(),
                ])
            },
            &ok01,
            runs,
        )?;
        println!("N = {n}: full copytrace scan");
        let full_cmd = || {
            cmd(&[
                "scan".as_ref(),
                dir.as_os_str(),
                "--format".as_ref(),
                "json".as_ref(),
                "--glob".as_ref(),
                "*.txt".as_ref(),
            ])
        };
        let full = if n > 10_000 { measure(full_cmd(), &ok01)? } else { bench(&full_cmd, &ok01, runs.min(2))? };
        println!(
            "N = {n}: index {}, {} bytes; update {}; against {}; full {}",
            fmt_sample(&index),
            index_size,
            fmt_sample(&update),
            fmt_sample(&against),
            fmt_sample(&full)
        );
        rows.push(Row { n, bytes, index, index_size, update, against, full });
    }
    let body = render(&rows, k, runs);
    println!("{body}");
    if !no_write {
        write_section(&workspace_root().join("BENCHMARKS.md"), "bench index", "# Benchmarks\n", &body)?;
    }
    Ok(())
}

fn dir_bytes(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() { dir_bytes(&entry.path())? } else { meta.len() };
    }
    Ok(total)
}

#[allow(clippy::cast_precision_loss, reason = "document counts and sizes are far below 2^52")]
fn render(rows: &[Row], k: usize, runs: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "## Incremental scans against an index (`cargo xtask bench index`)\n");
    let _ = writeln!(
        s,
        "{k} new articles against an indexed archive of N articles (`cargo xtask corpus synth`: wire stories and outlet articles pasting wire passages; \
         the new articles are the last {k} outlet articles). Release build on {}, {} threads. Time / peak memory; the \
         incremental scan is the median of {runs} runs after a warm-up.\n",
        machine(),
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    let _ = writeln!(
        s,
        "| archive N | corpus | `index` (build) | index size | per document | `index --update` (no change) | full `scan` of N + {k} | `scan NEW --against INDEX` | speed-up |"
    );
    let _ = writeln!(s, "|---:|---:|---|---:|---:|---|---|---|---:|");
    for r in rows {
        let speedup = r.full.wall.as_secs_f64() / r.against.wall.as_secs_f64().max(1e-9);
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {:.1} KB | {} | {} | {} | {speedup:.1}× |",
            r.n,
            human_bytes(r.bytes),
            fmt_sample(&r.index),
            human_bytes(r.index_size),
            r.index_size as f64 / r.n.max(1) as f64 / 1e3,
            fmt_sample(&r.update),
            fmt_sample(&r.full),
            fmt_sample(&r.against),
        );
    }
    let ratio = rows.last().map_or(0.0, |r| r.index_size as f64 / r.bytes.max(1) as f64);
    let _ = writeln!(
        s,
        "\nThe index stores each article's bytes (so it is self-contained: reports give offsets and text \
         without the archive on disk), its metadata, its stage-1 output (about 6 bytes per word and 10 per \
         fingerprint) and 12 bytes per distinct fingerprint of postings: {ratio:.1} times the articles' size \
         here. The incremental scan reads the index's head (document table, block fences, frequent \
         fingerprints), fingerprints only the new articles, reads the postings blocks its lookups need and \
         the stored stage-1 output of the archive articles sharing a fingerprint, and aligns only the pairs \
         touching a new article; its cost grows with the number of candidates and the size of the head, not \
         with the cost of fingerprinting and aligning the archive. Timings on a shared machine vary between \
         runs; both columns of a row come from the same run."
    );
    s
}
