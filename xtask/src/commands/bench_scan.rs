//! `cargo xtask bench scan`: `copytrace scan` on synthetic corpora of growing size (default
//! 1k and 10k documents; `--sizes 1000,10000,100000` for the large one): wall time, peak
//! memory and the scaling exponent (least-squares slope of log time against log documents),
//! and text-matcher's time for all pairs, extrapolated from a timed sample of pairs
//! (text-matcher compares two files per run).

use crate::flags::BenchScan;
use crate::measure::{measure, Sample};
use crate::metrics::{loglog_slope, median};
use crate::report::{fmt_sample, machine, mb, secs, times, write_section};
use crate::rng::Rng;
use crate::synth::{self, truth_path};
use crate::workspace::{build_release_copytrace, target_dir, text_matcher_script, workspace_root};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Runs `cargo xtask bench scan`.
///
/// # Errors
/// When generation, the scan or text-matcher fail.
pub fn run(flags: BenchScan) -> Result<()> {
    let BenchScan { sizes, runs, tm_sample: sample, no_write } = flags;
    if sizes.is_empty() || sizes.contains(&0) {
        bail!("--sizes needs positive numbers");
    }
    let runs = runs.max(1);
    let bin = build_release_copytrace()?;
    let base = target_dir().join("xtask-bench");
    fs::create_dir_all(&base)?;

    let mut rows = Vec::new();
    let mut points = Vec::new();
    for &n in &sizes {
        let dir = base.join(format!("scan-{n}"));
        let (docs, bytes) = corpus(&dir, n)?;
        println!("copytrace scan on {docs} documents ({:.1} MB)", mb(bytes));
        let mut walls = Vec::new();
        let mut rss = 0;
        for _ in 0..runs {
            let mut cmd = Command::new(&bin);
            cmd.arg("scan").arg(&dir).args(["--format", "json", "--color", "never"]);
            let s = measure(cmd, &|c| matches!(c, Some(0 | 1)))?;
            walls.push(s.wall.as_secs_f64());
            rss = rss.max(s.max_rss_kib);
        }
        let wall = median(&walls);
        let out = counts(&bin, &dir)?;
        println!("  {}", fmt_sample(&Sample { wall: std::time::Duration::from_secs_f64(wall), max_rss_kib: rss }));
        #[allow(clippy::cast_precision_loss, reason = "document counts are far below 2^52")]
        points.push((docs as f64, wall));
        println!(
            "  {} pairs and {} passages reported; {} pasted passages in the ground truth",
            out.pairs, out.passages, out.truth
        );
        rows.push((docs, bytes, wall, rss, out));
    }
    let slope = loglog_slope(&points);
    // The slope between each size and the next: the fit over all sizes is flattered by the
    // smallest, whose time is mostly start-up.
    let steps: Vec<String> = points
        .windows(2)
        .filter_map(|w| loglog_slope(w).map(|s| format!("{:.0} to {:.0}: {s:.2}", w[0].0, w[1].0)))
        .collect();

    // text-matcher: a seeded sample of pairs of the smallest corpus, timed one run per pair.
    let tm = text_matcher_script()?;
    let dir = base.join(format!("scan-{}", sizes[0]));
    let files = list_txt(&dir)?;
    let mut rng = Rng::new(11);
    let logs = base.join("text-matcher-logs");
    fs::create_dir_all(&logs)?;
    // Warm-up (the first call may install the tool).
    let _ = Command::new(&tm)
        .current_dir(&logs)
        .arg("-l")
        .arg(logs.join("warm.csv"))
        .arg(&files[0])
        .arg(&files[1])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    println!("text-matcher on {sample} sampled pairs");
    let start = Instant::now();
    for i in 0..sample {
        let (x, y) = (rng.below(files.len()), rng.below(files.len()));
        let status = Command::new(&tm)
            .env("PYTHONHASHSEED", "0")
            .current_dir(&logs)
            .arg("-l")
            .arg(logs.join(format!("log-{i}.csv")))
            .arg(&files[x])
            .arg(&files[y])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .context("running text-matcher")?;
        if !status.success() {
            bail!("text-matcher failed on {} and {}", files[x].display(), files[y].display());
        }
    }
    #[allow(clippy::cast_precision_loss, reason = "a small sample")]
    let per_pair = start.elapsed().as_secs_f64() / sample.max(1) as f64;

    let mut md = format!(
        "Measured by `cargo xtask bench scan --sizes {}` on {} ({} cores). Synthetic corpora from `cargo xtask corpus \
         synth --seed 7` (a fifth wire stories, the rest outlet articles reusing them). `copytrace scan DIR --format \
         json > /dev/null`, median of {runs} run(s); peak resident memory as in section 1.\n\n\
         | documents | corpus size | pasted passages (truth) | pairs reported | passages reported | copytrace scan | peak \
         memory | text-matcher, all pairs (extrapolated) | ratio |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        sizes.iter().map(ToString::to_string).collect::<Vec<_>>().join(","),
        machine(),
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    );
    for (docs, bytes, wall, rss, out) in &rows {
        #[allow(clippy::cast_precision_loss, reason = "document counts are far below 2^52")]
        let pairs = (*docs as f64) * (*docs as f64 - 1.0) / 2.0;
        let tm_total = pairs * per_pair;
        #[allow(clippy::cast_precision_loss, reason = "memory sizes are far below 2^52")]
        let mem = *rss as f64 / 1024.0;
        md.push_str(&format!(
            "| {docs} | {:.1} MB | {} | {} | {} | {} | {mem:.0} MiB | {} | {} |\n",
            mb(*bytes),
            out.truth,
            out.pairs,
            out.passages,
            secs(*wall),
            secs(tm_total),
            times(tm_total / wall)
        ));
    }
    md.push_str(&format!(
        "\nScaling exponent of copytrace's time (least-squares slope of log time against log documents): **{}**{}.\n\n\
         Pairs and passages are those of the report (`summary` of `--format jsonl`, from one more run): pairs of \
         documents sharing a passage and the passages they share, wire-to-outlet and outlet-to-outlet (two outlets \
         that pasted the same wire passage share it). They grow in proportion to the ground truth's pasted \
         passages.\n\n\
         text-matcher compares one pair of files per run and has no candidate-pair stage, so a corpus of n documents \
         needs n(n-1)/2 runs. Its time here is **extrapolated**: {sample} random pairs of the {}-document corpus were \
         timed one run each ({:.2} s per pair, Python start-up included, one process at a time) and multiplied by the \
         number of pairs; it was not run on the whole corpora.\n",
        slope.map_or_else(|| "n/a (one size)".to_owned(), |s| format!("{s:.2}")),
        if steps.len() > 1 { format!(" (between consecutive sizes: {})", steps.join(", ")) } else { String::new() },
        sizes[0],
        per_pair
    ));
    println!("\n{md}");
    if no_write {
        return Ok(());
    }
    write_section(&workspace_root().join("BENCHMARKS.md"), "bench-scan", "# Benchmarks\n", &md)
}

/// What a scan of a corpus reports, beside its ground truth.
struct Counts {
    pairs: u64,
    passages: u64,
    truth: u64,
}

/// Runs `copytrace scan DIR --format jsonl` and reads its last line (the summary), and
/// counts the pasted passages of the ground truth.
fn counts(bin: &std::path::Path, dir: &std::path::Path) -> Result<Counts> {
    let mut child = Command::new(bin)
        .arg("scan")
        .arg(dir)
        .args(["--format", "jsonl", "--color", "never"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("running copytrace scan --format jsonl")?;
    let stdout = child.stdout.take().context("no standard output")?;
    let mut last = String::new();
    for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)) {
        last = line.context("reading the scan report")?;
    }
    let status = child.wait()?;
    if !matches!(status.code(), Some(0 | 1)) {
        bail!("copytrace scan --format jsonl failed on {}: {status}", dir.display());
    }
    let v: serde_json::Value = serde_json::from_str(&last).context("the last line of the report is not JSON")?;
    let field = |k: &str| v.get(k).and_then(serde_json::Value::as_u64).with_context(|| format!("summary without {k}"));
    let truth_text = fs::read_to_string(truth_path(dir)).context("reading the ground truth")?;
    let truth: serde_json::Value = serde_json::from_str(&truth_text).context("the ground truth is not JSON")?;
    let pasted = truth.get("passages").and_then(serde_json::Value::as_array).map_or(0, Vec::len) as u64;
    Ok(Counts { pairs: field("pairs")?, passages: field("passages")?, truth: pasted })
}

/// Generates the corpus of `n` documents in `dir`, or reuses it when it is complete and was
/// made by the current generator; returns documents and bytes.
pub fn corpus(dir: &std::path::Path, n: usize) -> Result<(usize, u64)> {
    let truth = truth_path(dir);
    let current = synth::generator_of(dir) == Some(synth::GENERATOR);
    if !(current && truth.is_file() && list_txt(dir).map(|f| f.len()).unwrap_or(0) == n) {
        if dir.exists() {
            fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
        }
        println!("generating {n} documents in {}", dir.display());
        synth::generate(&synth::Options { out: dir.to_owned(), docs: n, seed: 7 })?;
    }
    let files = list_txt(dir)?;
    let bytes = files.iter().map(|f| fs::metadata(f).map(|m| m.len()).unwrap_or(0)).sum();
    Ok((files.len(), bytes))
}

fn list_txt(dir: &std::path::Path) -> Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    Ok(v)
}
