//! `cargo xtask bench spark`: the local engine (`copytrace scan`, release build) against the
//! Spark pipeline in `local[2]` and on a standalone cluster of two one-core workers
//! ([`super::spark_cluster`]), on synthetic corpora (default 10k and 100k articles): wall
//! time, whether the reports are the same, and per pipeline step the tasks' time and the
//! bytes shuffled, read from Spark's event log ([`crate::spark_api::stage_metrics`]). Then
//! a projection to 10 and 100 million articles on N executors ([`crate::spark_model`]).
//!
//! The corpora are `bench scan`'s (`cargo xtask corpus synth --seed 7`, kept in
//! `target/xtask-bench/scan-N/`), written as one JSON Lines file each
//! (`target/spark/bench/corpus-N.jsonl`: `id`, `text`, `date`, `outlet`; the front matter's
//! title is metadata, not prose, in both forms), the input format a Spark cluster reads
//! best; both engines read that same file.

use crate::commands::bench_scan::corpus;
use crate::commands::spark_cluster::{self, spark_home, venv_dir};
use crate::flags::BenchSpark;
use crate::measure::measure;
use crate::report::{machine, mb, secs, write_section};
use crate::spark_api::{stage_metrics, StageMetrics};
use crate::spark_model::{project, project_driver, Measured, StepCost};
use crate::workspace::{build_release_copytrace, target_dir, workspace_root};
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Driver memory of the Spark runs (`local[2]` runs its executors inside the driver).
const DRIVER_MEMORY: &str = "4g";
/// Memory of each worker of the bench cluster, and of each executor on it (less: the
/// Python workers of an executor live outside the JVM's heap).
const WORKER_MEMORY: &str = "3g";
const EXECUTOR_MEMORY: &str = "2g";

/// One engine on one corpus.
struct Run {
    engine: &'static str,
    docs: usize,
    wall: f64,
    /// Peak resident memory of the command's largest process, KiB.
    rss_kib: u64,
    /// Whether the report equals the local engine's.
    same: Option<bool>,
    /// The Spark stages (empty for the local engine).
    stages: Vec<StageMetrics>,
}

/// Runs `cargo xtask bench spark`.
///
/// # Errors
/// When a run fails.
pub fn run(flags: BenchSpark) -> Result<()> {
    let BenchSpark { mut sizes, no_cluster, ceiling_sizes, memory_limit_gib, ceiling_only, no_ceiling, no_write } =
        flags;
    if !no_ceiling {
        ceiling(&ceiling_sizes, memory_limit_gib, no_write)?;
    }
    if ceiling_only {
        return Ok(());
    }
    sizes.sort_unstable();
    sizes.dedup();
    crate::commands::spark::ensure()?;
    let venv = venv_dir();
    let home = spark_home(&venv)?;
    let entry = spark_entry(&venv)?;
    let bin = build_release_copytrace()?;
    let base = target_dir().join("spark").join("bench");
    fs::create_dir_all(&base)?;
    let cluster_dir = base.join("cluster");
    let master =
        if no_cluster { None } else { Some(spark_cluster::up(&cluster_dir, &venv, 2, WORKER_MEMORY)?.master_url) };
    let result = (|| -> Result<Vec<Run>> {
        let mut runs = Vec::new();
        for &n in &sizes {
            let dir = target_dir().join("xtask-bench").join(format!("scan-{n}"));
            corpus(&dir, n)?;
            let input = base.join(format!("corpus-{n}.jsonl"));
            let bytes = to_jsonl(&dir, &input)?;
            println!("{n} documents ({:.1} MB of JSON Lines)", mb(bytes));
            let local_report = base.join(format!("local-{n}.json"));
            let mut cmd = Command::new(&bin);
            cmd.arg("scan").arg(&input).args(["--format", "json", "--color", "never", "-o"]).arg(&local_report);
            let s = measure(cmd, &|c| matches!(c, Some(0 | 1)))?;
            println!("  local engine: {}", secs(s.wall.as_secs_f64()));
            runs.push(Run {
                engine: "local engine",
                docs: n,
                wall: s.wall.as_secs_f64(),
                rss_kib: s.max_rss_kib,
                same: None,
                stages: Vec::new(),
            });
            let mut masters = vec![("Spark local[2]", "local[2]".to_owned())];
            if let Some(m) = &master {
                masters.push(("Spark standalone, 2 workers", m.clone()));
            }
            for (engine, m) in masters {
                let work = base.join(format!("{}-{n}", if m.starts_with("local") { "local2" } else { "cluster" }));
                let r = spark_run(&home, &venv, &entry, &m, &input, &work)?;
                let same = same_report(&local_report, &work.join("report.json"))?;
                println!(
                    "  {engine}: {}, {} stages, {:.1} MB shuffled, report {}",
                    secs(r.0),
                    r.2.len(),
                    mb(r.2.iter().map(|s| s.shuffle_write).sum()),
                    if same { "the same" } else { "DIFFERENT" }
                );
                runs.push(Run { engine, docs: n, wall: r.0, rss_kib: r.1, same: Some(same), stages: r.2 });
            }
        }
        Ok(runs)
    })();
    if master.is_some() {
        spark_cluster::down(&cluster_dir)?;
    }
    let runs = result?;
    let md = section(&sizes, &runs, master.is_some());
    println!("\n{md}");
    if no_write {
        return Ok(());
    }
    write_section(&workspace_root().join("BENCHMARKS.md"), "bench-spark", "# Benchmarks\n", &md)
}

/// The local engine's ceiling: `copytrace scan FILE.jsonl --format json` on corpora of
/// `sizes` documents, watched ([`crate::watch`]) under a memory limit; writes its own section
/// of BENCHMARKS.md. The corpora are generated, turned into JSON Lines (their directories
/// removed at once) and removed after their run: they take gigabytes.
fn ceiling(sizes: &[usize], limit_gib: u64, no_write: bool) -> Result<()> {
    let bin = build_release_copytrace()?;
    let base = target_dir().join("spark").join("bench");
    fs::create_dir_all(&base)?;
    let mut md = format!(
        "Measured by `cargo xtask bench spark` (`--ceiling-only` runs this part alone) on {} ({} cores, {:.0} GiB of \
         memory). `copytrace scan FILE.jsonl --format json > REPORT` (release build), the corpora of `cargo xtask \
         corpus synth --seed 7` as JSON Lines; the run is stopped if its resident memory goes over {limit_gib} GiB \
         (the machine is shared). The step is read from the scan's own progress bars (the run gets a terminal).\n\n\
         | documents | corpus | wall time | peak memory | result | time per step |\n|---:|---:|---:|---:|---|---|\n",
        machine(),
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        total_memory_gib()
    );
    for &n in sizes {
        let input = base.join(format!("ceiling-{n}.jsonl"));
        let synth = base.join(format!("ceiling-{n}"));
        if !input.is_file() {
            if synth.exists() {
                fs::remove_dir_all(&synth)?;
            }
            println!("generating {n} documents in {}", synth.display());
            crate::synth::generate(&crate::synth::Options { out: synth.clone(), docs: n, seed: 7 })?;
            to_jsonl(&synth, &input)?;
            fs::remove_dir_all(&synth)?;
            let _ = fs::remove_file(crate::synth::truth_path(&synth));
        }
        let bytes = fs::metadata(&input)?.len();
        println!("local engine on {n} documents ({:.1} MB), memory limit {limit_gib} GiB", mb(bytes));
        let report = base.join(format!("ceiling-{n}.report.json"));
        let args = [OsStr::new("scan"), input.as_os_str(), OsStr::new("--format"), OsStr::new("json")];
        let w = crate::watch::watch(&bin, &args, &report, limit_gib * 1024 * 1024)?;
        let report_bytes = fs::metadata(&report).map(|m| m.len()).unwrap_or(0);
        let _ = fs::remove_file(&report);
        let result = if w.over_limit {
            format!("**stopped over {limit_gib} GiB** in {}", w.step_at_peak)
        } else if matches!(w.code, Some(0 | 1)) {
            format!("finished (report {:.0} MB)", mb(report_bytes))
        } else {
            format!("failed (exit {:?}) in {}", w.code, w.step_at_peak)
        };
        let steps: Vec<String> = w.steps.iter().map(|(s, t)| format!("{s} {}", secs(*t))).collect();
        println!("  {}, peak {:.1} GiB: {result}", secs(w.wall.as_secs_f64()), kib_gib(w.peak_kib));
        let _ = writeln!(
            md,
            "| {n} | {:.0} MB | {} | {:.1} GiB | {result} | {} |",
            mb(bytes),
            secs(w.wall.as_secs_f64()),
            kib_gib(w.peak_kib),
            steps.join(", ")
        );
        fs::remove_file(&input)?;
    }
    println!("\n{md}");
    if no_write {
        return Ok(());
    }
    write_section(&workspace_root().join("BENCHMARKS.md"), "bench-spark-ceiling", "# Benchmarks\n", &md)
}

#[allow(clippy::cast_precision_loss, reason = "memory sizes are far below 2^52")]
fn kib_gib(kib: u64) -> f64 {
    kib as f64 / 1024.0 / 1024.0
}

/// The machine's memory (`MemTotal`), GiB.
fn total_memory_gib() -> f64 {
    let kib = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0);
    kib_gib(kib)
}

/// The Spark entry point installed in `venv` (`copytrace/spark/__main__.py` of the wheel).
///
/// # Errors
/// When the copytrace package is not installed.
pub fn spark_entry(venv: &Path) -> Result<PathBuf> {
    let out = Command::new(venv.join("bin").join("python"))
        .args(["-c", "import importlib.util as u; print(u.find_spec('copytrace.spark.__main__').origin)"])
        .output()
        .context("running the environment's python")?;
    if !out.status.success() {
        bail!("the copytrace wheel is not installed in {}: run `cargo xtask spark setup`", venv.display());
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

/// Runs the pipeline with `spark-submit` on `master`, its report and tables in `work`
/// (emptied first) and its event log in `work/events`; returns the wall time, the peak
/// memory of the largest process and the completed stages.
fn spark_run(
    home: &Path,
    venv: &Path,
    entry: &Path,
    master: &str,
    input: &Path,
    work: &Path,
) -> Result<(f64, u64, Vec<StageMetrics>)> {
    if work.exists() {
        fs::remove_dir_all(work).with_context(|| format!("removing {}", work.display()))?;
    }
    let events = work.join("events");
    fs::create_dir_all(&events)?;
    let python = venv.join("bin").join("python");
    let mut cmd = Command::new(home.join("bin").join("spark-submit"));
    cmd.env("SPARK_HOME", home)
        .env("PYSPARK_PYTHON", &python)
        .env("PYSPARK_DRIVER_PYTHON", &python)
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .args(["--master", master, "--driver-memory", DRIVER_MEMORY, "--executor-memory", EXECUTOR_MEMORY])
        // One plain file per run (Spark 4 rolls and compresses event logs by default).
        .args(["--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.rolling.enabled=false"])
        .args(["--conf", "spark.eventLog.compress=false", "--conf"])
        .arg(format!("spark.eventLog.dir=file://{}", events.display()))
        .args(["--conf", "spark.ui.showConsoleProgress=false"])
        // Spark SQL's default of 200 shuffle partitions is 200 tasks per join on two cores.
        .args(["--conf", "spark.sql.shuffle.partitions=8"])
        .arg(entry)
        .arg("scan")
        .arg(input)
        .arg("--out")
        .arg(work.join("tables"))
        .arg("--report")
        .arg(work.join("report.json"));
    let s = measure(cmd, &|c| matches!(c, Some(0 | 1))).with_context(|| format!("spark-submit on {master}"))?;
    let log = fs::read_dir(&events)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.is_file())
        .with_context(|| format!("no event log in {}", events.display()))?;
    Ok((s.wall.as_secs_f64(), s.max_rss_kib, stage_metrics(&log)?))
}

/// Whether two scan reports are the same bytes (the report holds no timing: nothing is
/// normalised).
fn same_report(a: &Path, b: &Path) -> Result<bool> {
    let read = |p: &Path| fs::read(p).with_context(|| format!("reading {}", p.display()));
    Ok(read(a)? == read(b)?)
}

/// Writes the synthetic corpus `dir` (files with front matter) as JSON Lines records in
/// file-name order, unless `out` is newer than the directory; returns its size in bytes.
fn to_jsonl(dir: &Path, out: &Path) -> Result<u64> {
    let newer = |a: &Path, b: &Path| -> bool {
        let m = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
        matches!((m(a), m(b)), (Some(x), Some(y)) if x >= y)
    };
    if !(out.is_file() && newer(out, dir)) {
        let mut files: Vec<PathBuf> = fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        let tmp = out.with_extension("jsonl.tmp");
        let mut w = std::io::BufWriter::new(fs::File::create(&tmp)?);
        for f in &files {
            let text = fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
            let id = f.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            serde_json::to_writer(&mut w, &record(&id, &text))?;
            w.write_all(b"\n")?;
        }
        w.flush()?;
        drop(w);
        fs::rename(&tmp, out)?;
    }
    Ok(fs::metadata(out)?.len())
}

/// A JSON Lines record of a synthetic document: its front matter's `date` and `outlet` as
/// fields, the prose after it as `text`.
fn record(id: &str, text: &str) -> serde_json::Value {
    let mut rec = serde_json::Map::new();
    rec.insert("id".into(), id.into());
    let mut body = text;
    if let Some(rest) = text.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n") {
            for line in rest[..end].lines() {
                if let Some((k, v)) = line.split_once(": ") {
                    if k == "date" || k == "outlet" {
                        rec.insert(k.into(), v.trim().into());
                    }
                }
            }
            body = rest[end + 5..].trim_start_matches('\n');
        }
    }
    rec.insert("text".into(), body.into());
    serde_json::Value::Object(rec)
}

/// A pipeline step's name: the job description the pipeline set, else the stage's call site.
/// A call site's path is shortened to its file name (`toArrow at job.py:283`).
fn step_name(s: &StageMetrics) -> String {
    if !s.description.is_empty() {
        return s.description.clone();
    }
    match s.name.split_once(" at ") {
        Some((action, site)) => format!("{action} at {}", site.rsplit('/').next().unwrap_or(site)),
        None => s.name.clone(),
    }
}

/// The stages of a run added up by step, in order of first completion.
fn steps(stages: &[StageMetrics]) -> Vec<(String, StepCost, u64)> {
    let mut order = Vec::new();
    let mut by: BTreeMap<String, (StepCost, u64)> = BTreeMap::new();
    for s in stages {
        let name = step_name(s);
        let e = by.entry(name.clone()).or_insert_with(|| {
            order.push(name);
            (StepCost::default(), 0)
        });
        e.0.task_seconds += s.task_seconds;
        e.0.wall_seconds += s.wall_seconds;
        #[allow(clippy::cast_precision_loss, reason = "byte counts are far below 2^52")]
        {
            e.0.shuffle_bytes += s.shuffle_write as f64;
        }
        e.1 += s.shuffle_read;
    }
    order.into_iter().map(|n| (n.clone(), by[&n].0, by[&n].1)).collect()
}

/// The BENCHMARKS.md section.
fn section(sizes: &[usize], runs: &[Run], cluster: bool) -> String {
    let load = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let mut md = format!(
        "Measured by `cargo xtask bench spark --sizes {}` on {} ({} cores, load average {} at the end). Corpora from \
         `cargo xtask corpus synth --seed 7` written as JSON Lines; every engine reads the same file. The local engine \
         is `copytrace scan FILE --format json` (release build); Spark is the pipeline's `spark-submit` entry point \
         (`copytrace/spark/__main__.py scan FILE --out DIR --report REPORT.json`, its default partitions, \
         `spark.sql.shuffle.partitions=8`), driver memory {DRIVER_MEMORY}, in \
         `local[2]` (one JVM, two task slots){}. Wall time includes the JVM's and Python's start-up and writing \
         the Parquet tables and the report. \"Same report\": the Spark report has the same bytes as the local \
         engine's.\n\n\
         | documents | engine | wall time | peak memory (largest process) | same report | stages | bytes shuffled |\n\
         |---:|---|---:|---:|---|---:|---:|\n",
        sizes.iter().map(ToString::to_string).collect::<Vec<_>>().join(","),
        machine(),
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
        if cluster {
            format!(
                " and on a standalone cluster on 127.0.0.1 (`cargo xtask spark cluster up`: two workers of 1 core, \
                 executors of {EXECUTOR_MEMORY}; the same two cores as local[2], with shuffles between processes)"
            )
        } else {
            String::new()
        }
    );
    for r in runs {
        let shuffled: u64 = r.stages.iter().map(|s| s.shuffle_write).sum();
        #[allow(clippy::cast_precision_loss, reason = "memory sizes are far below 2^52")]
        let mem = r.rss_kib as f64 / 1024.0;
        let _ = writeln!(
            md,
            "| {} | {} | {} | {mem:.0} MiB | {} | {} | {} |",
            r.docs,
            r.engine,
            secs(r.wall),
            r.same.map_or("(reference)", |s| if s { "yes" } else { "**no**" }),
            if r.stages.is_empty() { "-".to_owned() } else { r.stages.len().to_string() },
            if r.stages.is_empty() { "-".to_owned() } else { format!("{:.1} MB", mb(shuffled)) }
        );
    }
    for r in runs.iter().filter(|r| !r.stages.is_empty()) {
        let _ = write!(
            md,
            "\n{}, {} documents, per step (Spark stages added up by the job description the pipeline sets):\n\n\
             | step | tasks' time | wall time | shuffle write | shuffle read |\n|---|---:|---:|---:|---:|\n",
            r.engine, r.docs
        );
        for (name, c, read) in steps(&r.stages) {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {:.2} MB | {:.2} MB |",
                name.replace('|', "\\|"),
                secs(c.task_seconds),
                secs(c.wall_seconds),
                c.shuffle_bytes / 1e6,
                mb(read)
            );
        }
    }
    md.push_str(&projection(sizes, runs));
    md
}

/// The projection to 10 and 100 million documents, from the `local[2]` runs at the two
/// largest sizes.
fn projection(sizes: &[usize], runs: &[Run]) -> String {
    let [.., n1, n2] = sizes else {
        return "\nA projection needs two sizes.\n".to_owned();
    };
    let find = |n: usize| runs.iter().find(|r| r.docs == n && r.engine == "Spark local[2]");
    let (Some(r1), Some(r2)) = (find(*n1), find(*n2)) else {
        return String::new();
    };
    let (s1, s2) = (steps(&r1.stages), steps(&r2.stages));
    #[allow(clippy::cast_precision_loss, reason = "document counts are far below 2^52")]
    let (f1, f2) = (*n1 as f64, *n2 as f64);
    let stage_wall: f64 = s2.iter().map(|s| s.1.wall_seconds).sum();
    let driver = (r2.wall - stage_wall).max(0.0);
    let mut md = format!(
        "\nProjection to larger corpora, from the `local[2]` runs at {n1} and {n2} documents (model in \
         `xtask/src/spark_model.rs`). Assumptions: each step's work (tasks' time) and shuffle grow as `c·n^b`, `b` \
         the slope between the two sizes but at least 1 (the projection errs towards more time); the work spreads \
         evenly over E executors of one core like these (enough partitions, no skew, the same per-core speed); each \
         step keeps its fixed cost measured at the smaller size; the driver's part outside the stages ({} at {n2}: \
         start-up, planning, the report built from the collected results) grows linearly and does not spread; the \
         network moves the shuffle no slower than this machine's disks did. The corpora keep this generator's \
         proportion of reuse (a fifth wire stories, each outlet article reusing a few); an archive with more \
         reuse per article has more candidate pairs to align. Not in the time: memory. The driver reads the corpus \
         (directory or JSON Lines) and collects every document's stage-1 output and every passage to build the \
         report with the command's code, so its memory grows with the corpus (at 100k documents: the peak memory \
         above); at 10 million articles that is tens of GB in one process, beyond a usual driver, and the pipeline \
         would have to build the report's per-document and per-pair records on the executors and write only the \
         Parquet tables.\n\n\
         | step | work exponent | shuffle exponent | 10M: shuffle | 10M on 16 | 10M on 64 | 100M: shuffle | 100M on \
         64 | 100M on 256 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        secs(driver)
    );
    let mut totals = [0.0f64; 4];
    let mut shuffle = [0.0f64; 2];
    for (name, c2, _) in &s2 {
        let c1 = s1.iter().find(|s| &s.0 == name).map_or(StepCost::default(), |s| s.1);
        let m = Measured { n1: f1, at_n1: c1, n2: f2, at_n2: *c2, cores: 2.0 };
        let p = [project(&m, 1e7, 16.0), project(&m, 1e7, 64.0), project(&m, 1e8, 64.0), project(&m, 1e8, 256.0)];
        for (t, q) in totals.iter_mut().zip(&p) {
            *t += q.seconds;
        }
        shuffle[0] += p[0].shuffle_bytes;
        shuffle[1] += p[2].shuffle_bytes;
        let _ = writeln!(
            md,
            "| {} | {:.2} | {:.2} | {} | {} | {} | {} | {} | {} |",
            name.replace('|', "\\|"),
            p[0].work_exponent,
            p[0].shuffle_exponent,
            gb(p[0].shuffle_bytes),
            hours(p[0].seconds),
            hours(p[1].seconds),
            gb(p[2].shuffle_bytes),
            hours(p[2].seconds),
            hours(p[3].seconds)
        );
    }
    let (d7, d8) = (project_driver(driver, f2, 1e7), project_driver(driver, f2, 1e8));
    let _ = writeln!(
        md,
        "| driver (serial) | 1.00 | - | - | {} | {} | - | {} | {} |",
        hours(d7),
        hours(d7),
        hours(d8),
        hours(d8)
    );
    let _ = writeln!(
        md,
        "| **total** | | | **{}** | **{}** | **{}** | **{}** | **{}** | **{}** |",
        gb(shuffle[0]),
        hours(totals[0] + d7),
        hours(totals[1] + d7),
        gb(shuffle[1]),
        hours(totals[2] + d8),
        hours(totals[3] + d8)
    );
    md
}

fn gb(bytes: f64) -> String {
    format!("{:.1} GB", bytes / 1e9)
}

fn hours(s: f64) -> String {
    if s >= 3600.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.0} min", (s / 60.0).max(1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_documents_become_records() {
        let r = record(
            "outlet-0001",
            "---\ntitle: A title\noutlet: Outlet 3\ndate: 2021-07-01\n---\n\nBody one.\n\nTwo.\n",
        );
        assert_eq!(
            r,
            serde_json::json!({"id": "outlet-0001", "outlet": "Outlet 3", "date": "2021-07-01", "text": "Body one.\n\nTwo.\n"})
        );
        assert_eq!(record("x", "no front matter"), serde_json::json!({"id": "x", "text": "no front matter"}));
    }

    #[test]
    fn stages_add_up_by_step() {
        let st = |id, desc: &str, name: &str, t, w| StageMetrics {
            id,
            name: name.into(),
            description: desc.into(),
            task_seconds: t,
            shuffle_write: w,
            shuffle_read: w / 2,
            ..StageMetrics::default()
        };
        let stages =
            [st(0, "fingerprint", "a", 1.0, 10), st(1, "", "collect at x", 2.0, 0), st(2, "fingerprint", "b", 3.0, 30)];
        let s = steps(&stages);
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0].0.as_str(), s[0].1.task_seconds, s[0].1.shuffle_bytes, s[0].2),
            ("fingerprint", 4.0, 40.0, 20)
        );
        assert_eq!(s[1].0, "collect at x");
        let long =
            StageMetrics { name: "toArrow at /venv/copytrace/spark/job.py:283".into(), ..StageMetrics::default() };
        assert_eq!(step_name(&long), "toArrow at job.py:283");
        assert_eq!((hours(30.0), hours(5400.0)), ("1 min".to_owned(), "1.5 h".to_owned()));
    }
}
