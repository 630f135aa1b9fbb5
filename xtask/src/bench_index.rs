//! `cargo xtask bench index`: an incremental scan of 100 new articles against an indexed
//! archive of N articles, against a full re-scan of archive plus new articles; the index's
//! build time and size per document; `index --update` on an unchanged archive.
//!
//! # The corpus
//!
//! Generated deterministically (seed 1) from real prose ([`material::sentences`]): every
//! article has 5 to 9 paragraphs of 2 to 4 sentences; each sentence has the length of a
//! real one and words drawn independently from all the material's words, so word lengths
//! and frequencies are natural while unrelated articles share no passage (with whole real
//! sentences, a pool of some ten thousand sentences spread over 100,000 articles would
//! make most articles share sentences by accident). 30 % of the archive articles paste one or two paragraphs of an earlier article
//! (half of them with one word changed per sentence); 60 % of the new articles paste from
//! the archive, 20 % from another new article. Articles have front matter with a date.
//! The corpus is kept in `target/bench-index/` and reused by later runs.
//!
//! # Measures
//!
//! Wall time (median of `--runs` runs after a warm-up for the incremental scan; one run for
//! the full scan and the index build above 10,000 articles) and peak memory, as in
//! [`crate::bench`]. The speed-up is the full scan's time over the incremental scan's,
//! both measured in the same run on the same machine.

use crate::bench::{bench, fmt_sample, human_bytes, machine, measure, Sample};
use crate::material;
use crate::rng::Rng;
use crate::util::{build_release_copytrace, target_dir, workspace_root, write_section, Args};
use anyhow::{Context, Result};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const USAGE: &str = "usage: cargo xtask bench index [--sizes N,N,...] [--new K] [--runs R] [--no-write]

Generates (once, in target/bench-index/) an archive of N articles and K new ones (default
sizes 1000,10000; K = 100), then times copytrace index, index --update (no change),
scan NEW --against INDEX and a full scan of archive + new, and writes the results to
BENCHMARKS.md.";

/// The words of the material, with repetitions (natural frequencies).
struct Material {
    sentences: Vec<String>,
    words: Vec<String>,
}

/// A sentence as long as a real one, of words drawn independently from the material.
fn sentence(m: &Material, rng: &mut Rng) -> String {
    let len = rng.pick(&m.sentences).split_whitespace().count();
    let mut words: Vec<&str> = (0..len).map(|_| rng.pick(&m.words).as_str()).collect();
    let first = words.first().map(|w| {
        let mut c = w.chars();
        c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
    });
    let mut out = first.unwrap_or_default();
    for w in words.drain(..).skip(1) {
        out.push(' ');
        out.push_str(w);
    }
    out.push('.');
    out
}

fn paragraph(m: &Material, rng: &mut Rng) -> String {
    let n = rng.range(2, 4);
    (0..n).map(|_| sentence(m, rng)).collect::<Vec<_>>().join(" ")
}

/// One word changed in every sentence of a paragraph.
fn light_edit(p: &str, m: &Material, rng: &mut Rng) -> String {
    material::split_sentences(p)
        .iter()
        .map(|s| {
            let mut words: Vec<&str> = s.split_whitespace().collect();
            let at = rng.below(words.len());
            words[at] = rng.pick(&m.words).as_str();
            words.join(" ")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn article(i: usize, own: Vec<String>, pasted: Vec<String>, rng: &mut Rng) -> String {
    let mut paras = own;
    for p in pasted {
        let at = rng.below(paras.len() + 1);
        paras.insert(at, p);
    }
    let day = 1 + i % 28;
    let month = 1 + (i / 28) % 12;
    format!("---\ntitle: Article {i}\ndate: 2023-{month:02}-{day:02}\n---\n\n{}\n", paras.join("\n\n"))
}

/// Writes `dir/archive/` (N articles in folders of 1,000) and `dir/new/` (K articles).
fn generate(dir: &Path, n: usize, k: usize, m: &Material) -> Result<()> {
    let mut rng = Rng::new(1);
    let mut bodies: Vec<Vec<String>> = Vec::with_capacity(n);
    let write = |path: PathBuf, text: &str| -> Result<()> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))
    };
    for i in 0..n {
        let own: Vec<String> = (0..rng.range(5, 9)).map(|_| paragraph(m, &mut rng)).collect();
        let mut pasted = Vec::new();
        if i > 0 && rng.chance(0.3) {
            let src = &bodies[rng.below(i)];
            for _ in 0..rng.range(1, 2) {
                let p = rng.pick(src).clone();
                pasted.push(if rng.chance(0.5) { light_edit(&p, m, &mut rng) } else { p });
            }
        }
        let text = article(i, own.clone(), pasted, &mut rng);
        write(dir.join("archive").join(format!("{:03}", i / 1000)).join(format!("a{i:06}.txt")), &text)?;
        bodies.push(own);
    }
    let mut new_bodies: Vec<Vec<String>> = Vec::with_capacity(k);
    for j in 0..k {
        let own: Vec<String> = (0..rng.range(5, 9)).map(|_| paragraph(m, &mut rng)).collect();
        let mut pasted = Vec::new();
        let roll = rng.below(10);
        let source = if roll < 6 && n > 0 {
            Some(&bodies[rng.below(n)])
        } else if roll < 8 && j > 0 {
            Some(&new_bodies[rng.below(j)])
        } else {
            None
        };
        if let Some(src) = source {
            for _ in 0..rng.range(1, 2) {
                let p = rng.pick(src).clone();
                pasted.push(if rng.chance(0.5) { light_edit(&p, m, &mut rng) } else { p });
            }
        }
        let text = article(n + j, own.clone(), pasted, &mut rng);
        write(dir.join("new").join(format!("n{j:03}.txt")), &text)?;
        new_bodies.push(own);
    }
    fs::write(dir.join("complete"), format!("{n} {k}\n"))?;
    Ok(())
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
pub fn main(args: &[String]) -> Result<()> {
    let mut a = Args::new(args, USAGE);
    if a.wants_help() {
        println!("{USAGE}");
        return Ok(());
    }
    let sizes: Vec<usize> = match a.value("--sizes")? {
        Some(s) => s.split(',').map(|x| x.trim().parse().context("--sizes takes numbers")).collect::<Result<_>>()?,
        None => vec![1000, 10_000],
    };
    let k: usize = a.parsed("--new")?.unwrap_or(100);
    let runs: usize = a.parsed("--runs")?.unwrap_or(3);
    let no_write = a.flag("--no-write");
    a.finish()?;

    let bin = build_release_copytrace()?;
    let sentences = material::sentences()?;
    let words: Vec<String> = sentences.iter().flat_map(|s| s.split_whitespace().map(str::to_owned)).collect();
    let m = Material { sentences, words };
    let mut rows = Vec::new();
    for &n in &sizes {
        let dir = target_dir().join("bench-index").join(format!("v2-n{n}-k{k}"));
        if fs::read_to_string(dir.join("complete")).ok().as_deref() != Some(&format!("{n} {k}\n")) {
            println!("generating {n} + {k} articles in {}", dir.display());
            let _ = fs::remove_dir_all(&dir);
            generate(&dir, n, k, &m)?;
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
        "{k} new articles against an indexed archive of N articles (words of real prose in random order: see \
         `xtask/src/bench_index.rs`; about 30 % of the archive and 80 % of the new articles paste \
         paragraphs from others). Release build on {}, {} threads. Time / peak memory; the \
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
    let _ = writeln!(
        s,
        "\nThe index stores each article's bytes (so it is self-contained and exact), its metadata \
         and 12 bytes per distinct fingerprint; the size per document is therefore the article's \
         size plus about 40 % of its word count times 12 bytes. The incremental scan reads the \
         index, fingerprints the new articles, looks their fingerprints up in the sorted \
         postings and rebuilds only the archive articles that share one; its cost grows with \
         the index size (reading and checksumming it) and the number of candidates, not with \
         the cost of fingerprinting and aligning the archive."
    );
    s
}
