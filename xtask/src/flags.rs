//! The command tree of `cargo xtask`: every command and flag, with its help text and its
//! default, declared once here with clap. `cargo xtask --help` and `cargo xtask X --help`
//! print it; [`crate::commands::run`] dispatches on it; a test checks README.md's chores
//! table against its leaf commands.

use crate::synth::Kind;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Project chores: CI checks, corpus generation, evaluation, benchmarks, fuzzing.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
pub struct Xtask {
    /// The chore to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands of `cargo xtask`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The CI checks, in order, stopping at the first failure: format and clippy (warnings
    /// denied) of the workspace and of the fuzz workspace, all tests, docs (warnings denied),
    /// the Spark job's tests (`spark test`).
    Ci(Ci),
    /// Re-record the golden (insta snapshot) reports after an intended change: reruns the
    /// tests with INSTA_UPDATE=always; review the result with `git diff`.
    Golden(Golden),
    /// Build the release binary as shipped (static on Linux with glibc) and print its path.
    Dist(Dist),
    /// Run the AFL++ fuzz targets of fuzz/ one after the other (needs cargo-afl).
    Fuzz(Fuzz),
    /// Evaluations against human judgements and ground truth (EVALUATION.md).
    #[command(subcommand)]
    Eval(Eval),
    /// Timings and peak memory, as ratios against baselines run in the same command
    /// (BENCHMARKS.md).
    #[command(subcommand)]
    Bench(Bench),
    /// Test corpora.
    #[command(subcommand)]
    Corpus(Corpus),
    /// Tools the tests need, installed where missing.
    #[command(subcommand)]
    Setup(Setup),
    /// The Spark job (`crates/py`): its Python environment, a scan, its tests, a local cluster.
    #[command(subcommand)]
    Spark(Spark),
}

/// `cargo xtask spark …`.
#[derive(Debug, Subcommand)]
pub enum Spark {
    /// The Python environment of the Spark job: a venv at target/spark/venv with pinned
    /// pyspark, pyarrow, maturin and pytest from PyPI, Java 17 from apt-get where missing, and
    /// the `copytrace` wheel built (maturin) and installed. Quick when already done.
    Setup(SparkSetup),
    /// Run the Spark job on a corpus and write its JSON report (as `copytrace scan --format
    /// json`).
    Scan(SparkScan),
    /// The Spark job's tests (pytest, crates/py/tests): its report equals `copytrace scan`'s
    /// in `local[2]`. Runs `spark setup` first.
    Test(SparkTest),
    /// A standalone Spark cluster on 127.0.0.1 (a master and two workers).
    #[command(subcommand)]
    Cluster(SparkCluster),
}

/// `cargo xtask spark setup` (no options).
#[derive(Debug, Args)]
pub struct SparkSetup {}

/// `cargo xtask spark scan`.
#[derive(Debug, Args)]
#[command(after_help = "Options after `--` go to the job as they are (`-- --min-words 10 --max-doc-freq 50`: \
                        copytrace scan's option names).")]
pub struct SparkScan {
    /// The corpus: a directory of articles, a .jsonl file of records, or one file.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
    /// The Spark master URL.
    #[arg(long, default_value = "local[2]", value_name = "MASTER")]
    pub master: String,
    /// Where the JSON report goes.
    #[arg(long, value_name = "REPORT.json")]
    pub out: PathBuf,
    /// Options of the job (copytrace scan's names).
    #[arg(last = true, value_name = "OPTIONS")]
    pub options: Vec<String>,
}

/// `cargo xtask spark test`.
#[derive(Debug, Args)]
pub struct SparkTest {
    /// Only the tests whose name matches (pytest's `-k`).
    #[arg(short = 'k', value_name = "EXPR")]
    pub filter: Option<String>,
}

/// `cargo xtask spark cluster …`.
#[derive(Debug, Subcommand)]
pub enum SparkCluster {
    /// Start a standalone master and its workers (1 core each) on 127.0.0.1 from the pyspark of
    /// `cargo xtask spark setup`, wait until every worker is registered and print the master's
    /// URL (`spark://127.0.0.1:PORT`). Does nothing but print it when the cluster is up.
    Up(SparkClusterUp),
    /// Stop the cluster that `up` started (safe to run twice).
    Down(SparkClusterDown),
}

/// `cargo xtask spark cluster up`.
#[derive(Debug, Args)]
#[command(after_help = "Pids, ports (cluster.json) and logs go to the cluster directory.")]
pub struct SparkClusterUp {
    /// The cluster directory [default: target/spark/cluster].
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Workers started, each with 1 core.
    #[arg(long, default_value_t = 2, value_name = "N", value_parser = positive)]
    pub workers: usize,
    /// Memory each worker offers its executors (Spark's syntax: 512m, 2g).
    #[arg(long, default_value = "2g", value_name = "SIZE")]
    pub worker_memory: String,
}

/// `cargo xtask spark cluster down`.
#[derive(Debug, Args)]
pub struct SparkClusterDown {
    /// The cluster directory [default: target/spark/cluster].
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `cargo xtask setup …`.
#[derive(Debug, Subcommand)]
pub enum Setup {
    /// Chromium for the browser tests of the HTML reports (Debian's `chromium` via apt-get
    /// where it is missing; `cargo xtask ci` runs this first).
    Browser(SetupBrowser),
}

/// `cargo xtask setup browser` (no options).
#[derive(Debug, Args)]
pub struct SetupBrowser {}

/// `cargo xtask eval …`.
#[derive(Debug, Subcommand)]
pub enum Eval {
    /// Character-level P/R/F1 of copytrace diff's changed spans against human edits
    /// (IteraTeR), beside git word-diff and a plain word diff.
    Diff(EvalDiff),
    /// PAN measures of copytrace scan on a synthetic corpus with exact ground truth, and
    /// containment AUC on Clough & Stevenson, beside text-matcher.
    Scan(EvalScan),
    /// Precision, coverage and calibration of the direction copytrace scan claims, on
    /// synthetic wire and outlet corpora with known direction (dated with times, by day,
    /// undated).
    Direction(EvalDirection),
}

/// `cargo xtask bench …`.
#[derive(Debug, Subcommand)]
pub enum Bench {
    /// Time and memory of copytrace diff, git word-diff and GNU diff on the licence pairs and
    /// a generated ~5 MB pair.
    Diff(BenchDiff),
    /// Scan time, memory and scaling exponent on synthetic corpora, beside text-matcher.
    Scan(BenchScan),
    /// An incremental scan against an index versus a full re-scan; the index's size.
    Index(BenchIndex),
    /// The HTML scan report's size and the time until Chromium has drawn it, beside the JSON
    /// report of the same scan.
    Html(BenchHtml),
    /// The local engine against the Spark pipeline (`local[2]` and a standalone cluster): wall
    /// time and bytes shuffled per stage, and a projection to larger corpora.
    Spark(BenchSpark),
}

/// `cargo xtask bench spark`.
#[derive(Debug, Args)]
#[command(after_help = "Corpora from `cargo xtask corpus synth --seed 7` (as `bench scan`), turned into JSON Lines. \
                        Stage metrics from Spark's event logs, kept in target/spark/bench/. Writes BENCHMARKS.md.")]
pub struct BenchSpark {
    /// Corpus sizes in documents, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "10000,100000", value_name = "N,...", value_parser = positive)]
    pub sizes: Vec<usize>,
    /// Leave out the standalone cluster (local engine and `local[2]` only).
    #[arg(long)]
    pub no_cluster: bool,
    /// Corpus sizes of the local engine's ceiling (its largest corpus on this machine).
    #[arg(long, value_delimiter = ',', default_value = "300000,1000000", value_name = "N,...", value_parser = positive)]
    pub ceiling_sizes: Vec<usize>,
    /// Memory limit of the ceiling runs, in GiB: a run above it is stopped and the step it had
    /// reached reported (the machine is shared; the rest is left to the system).
    #[arg(long, default_value_t = 18, value_name = "GIB", value_parser = clap::value_parser!(u64).range(1..))]
    pub memory_limit_gib: u64,
    /// Only the local engine's ceiling.
    #[arg(long, conflicts_with = "no_ceiling")]
    pub ceiling_only: bool,
    /// Leave out the local engine's ceiling.
    #[arg(long)]
    pub no_ceiling: bool,
    /// Print the tables but leave BENCHMARKS.md alone.
    #[arg(long)]
    pub no_write: bool,
}

/// `cargo xtask bench html`.
#[derive(Debug, Args)]
#[command(after_help = "Corpora from `cargo xtask corpus synth --seed 7` (as `bench scan`). Writes BENCHMARKS.md.")]
pub struct BenchHtml {
    /// Corpus sizes in documents, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000", value_name = "N,...")]
    pub sizes: Vec<usize>,
    /// Page loads per size (median).
    #[arg(long, default_value_t = 3, value_name = "K")]
    pub runs: usize,
    /// Print the table but leave BENCHMARKS.md alone.
    #[arg(long)]
    pub no_write: bool,
}

/// `cargo xtask corpus …`.
#[derive(Debug, Subcommand)]
pub enum Corpus {
    /// A deterministic synthetic reuse corpus with exact ground truth, from real prose.
    Synth(CorpusSynth),
}

/// `cargo xtask ci` (no options).
#[derive(Debug, Args)]
pub struct Ci {}

/// `cargo xtask golden` (no options).
#[derive(Debug, Args)]
pub struct Golden {}

/// `cargo xtask dist` (no options).
#[derive(Debug, Args)]
pub struct Dist {}

/// `cargo xtask fuzz`.
#[derive(Debug, Args)]
#[command(after_help = "Crashes and hangs are saved to fuzz/artifacts/<target>/; the command fails listing \
                        them. Needs cargo-afl: `cargo install cargo-afl`; see fuzz/README.md.")]
pub struct Fuzz {
    /// Fuzzing time per target, in seconds.
    #[arg(long, default_value_t = 60, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub seconds: u64,
    /// Fuzz only this target (repeatable; default: every fuzz/src/bin/*.rs).
    #[arg(long = "target", value_name = "NAME")]
    pub targets: Vec<String>,
    /// AFL's time limit for one execution, in milliseconds; slower inputs count as hangs.
    #[arg(long, default_value_t = 2000, value_name = "MS")]
    pub timeout_ms: u64,
}

/// `cargo xtask eval diff`.
#[derive(Debug, Args)]
#[command(after_help = "Reads ../shared/data/iterater-human-doclevel/{train,dev}.jsonl and writes the table into \
                        EVALUATION.md.")]
pub struct EvalDiff {
    /// Only the first N records (for a quick look; nothing is written).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Baselines only (nothing is written).
    #[arg(long)]
    pub skip_copytrace: bool,
    /// Print the table but leave EVALUATION.md alone.
    #[arg(long)]
    pub no_write: bool,
}

/// `cargo xtask eval scan`.
#[derive(Debug, Args)]
#[command(after_help = "Writes EVALUATION.md.")]
pub struct EvalScan {
    /// Synthetic corpus size.
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub docs: usize,
    /// Seed of the synthetic corpus.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Sampled wire-outlet pairs with reuse for text-matcher (as many pairs without reuse are
    /// added).
    #[arg(long, default_value_t = 60, value_name = "P")]
    pub tm_pairs: usize,
    /// copytrace only (nothing is written).
    #[arg(long)]
    pub no_text_matcher: bool,
    /// Print the tables but leave EVALUATION.md alone.
    #[arg(long)]
    pub no_write: bool,
    /// Corpus kinds to measure, comma-separated [default: all].
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
    pub kinds: Vec<Kind>,
    /// Size of each reworded-kind and distractor corpus (the classic one has --docs).
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub kind_docs: usize,
    /// Sampled wire-outlet pairs with reuse per reworded kind for text-matcher (as many
    /// without are added); the distractor sample has twice as many pairs.
    #[arg(long, default_value_t = 15, value_name = "P")]
    pub tm_kind_pairs: usize,
    /// Leave out the row of the verbatim tier alone (`copytrace scan --tiers
    /// verbatim,edited`), for a binary built without `--tiers`. Without this option, a
    /// binary that refuses `--tiers` fails the evaluation.
    #[arg(long)]
    pub no_tiers_row: bool,
}

/// `cargo xtask eval direction`.
#[derive(Debug, Args)]
#[command(after_help = "Real prose from ../shared/data. Writes EVALUATION.md.")]
pub struct EvalDirection {
    /// Documents in the synthetic corpus.
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub docs: usize,
    /// Seed of the synthetic corpus.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Print the tables but leave EVALUATION.md alone.
    #[arg(long)]
    pub no_write: bool,
}

/// `cargo xtask bench diff`.
#[derive(Debug, Args)]
#[command(after_help = "Pairs: ../shared/data/license-pairs and a generated pair. Writes the ratios against git \
                        to BENCHMARKS.md.")]
pub struct BenchDiff {
    /// Timed runs per tool and pair (median; 0 counts as 1).
    #[arg(long, default_value_t = 5, value_name = "K")]
    pub runs: usize,
    /// Size of the generated pair's old text, in bytes.
    #[arg(long, default_value_t = 5_000_000, value_name = "BYTES")]
    pub size: usize,
    /// Print the table but leave BENCHMARKS.md alone.
    #[arg(long)]
    pub no_write: bool,
}

/// `cargo xtask bench scan`.
#[derive(Debug, Args)]
#[command(after_help = "Corpora from `cargo xtask corpus synth --seed 7`, kept in target/xtask-bench/ and reused \
                        while the generator is unchanged. Writes BENCHMARKS.md.")]
pub struct BenchScan {
    /// Corpus sizes in documents, comma-separated (e.g. 1000,10000,100000).
    #[arg(long, value_delimiter = ',', default_value = "1000,10000", value_name = "N,N,...",
          value_parser = positive)]
    pub sizes: Vec<usize>,
    /// Timed runs per size (median; 0 counts as 1).
    #[arg(long, default_value_t = 1, value_name = "K")]
    pub runs: usize,
    /// Sampled pairs timed with text-matcher, to extrapolate its time for all pairs.
    #[arg(long, default_value_t = 20, value_name = "P")]
    pub tm_sample: usize,
    /// Only the repeat cases (a repeated article, a repetitive single-line pair) against
    /// unique prose; the corpora are skipped.
    #[arg(long)]
    pub repeats_only: bool,
    /// Print the table but leave BENCHMARKS.md alone.
    #[arg(long)]
    pub no_write: bool,
}

/// `cargo xtask bench index`.
#[derive(Debug, Args)]
#[command(after_help = "Generates (once, in target/bench-index/) an archive of N articles and K new ones, then \
                        times copytrace index, index --update (no change), scan NEW --against INDEX and a full \
                        scan of archive + new. Writes BENCHMARKS.md.")]
pub struct BenchIndex {
    /// Archive sizes in articles, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000", value_name = "N,N,...")]
    pub sizes: Vec<usize>,
    /// New articles scanned against the archive's index.
    #[arg(long = "new", default_value_t = 100, value_name = "K")]
    pub new_articles: usize,
    /// Timed runs of the incremental scan (median).
    #[arg(long, default_value_t = 3, value_name = "R")]
    pub runs: usize,
    /// Print the table but leave BENCHMARKS.md alone.
    #[arg(long)]
    pub no_write: bool,
}

/// `cargo xtask corpus synth`.
#[derive(Debug, Args)]
#[command(after_help = "A fifth of the documents are wire stories, the rest outlet articles reusing them. The \
                        ground truth goes to DIR.truth.json. Deterministic for a seed; works for large N \
                        (100000 documents of a few KB) for benchmarks.")]
pub struct CorpusSynth {
    /// Output directory (must be empty or absent) [default: target/synth].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Number of documents.
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub docs: usize,
    /// Seed.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// What the corpus holds: the classic mix of verbatim and edited pastes, one kind of
    /// reworded reuse, or same-topic distractors (see xtask/src/synth.rs).
    #[arg(long, value_enum, default_value_t = Kind::Classic)]
    pub kind: Kind,
}

/// A whole number of at least 1.
fn positive(s: &str) -> Result<usize, String> {
    match s.parse() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("{e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every leaf command as the words typed after `cargo xtask` (`["bench", "scan"]`), in the
    /// order of the tree.
    fn leaf_commands() -> Vec<Vec<String>> {
        fn walk(cmd: &clap::Command, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
            let subs: Vec<&clap::Command> = cmd.get_subcommands().filter(|c| c.get_name() != "help").collect();
            if subs.is_empty() {
                out.push(path.clone());
            }
            for sub in subs {
                path.push(sub.get_name().to_owned());
                walk(sub, path, out);
                path.pop();
            }
        }
        let mut out = Vec::new();
        walk(&Xtask::command(), &mut Vec::new(), &mut out);
        out
    }

    fn parse(args: &[&str]) -> Result<Xtask, clap::Error> {
        Xtask::try_parse_from(std::iter::once("cargo xtask").chain(args.iter().copied()))
    }

    #[test]
    fn the_tree_is_consistent() {
        Xtask::command().debug_assert();
    }

    #[test]
    fn the_leaf_commands_are_the_chores() {
        let leaves: Vec<String> = leaf_commands().iter().map(|l| l.join(" ")).collect();
        assert_eq!(
            leaves,
            [
                "ci",
                "golden",
                "dist",
                "fuzz",
                "eval diff",
                "eval scan",
                "eval direction",
                "bench diff",
                "bench scan",
                "bench index",
                "bench html",
                "bench spark",
                "corpus synth",
                "setup browser",
                "spark setup",
                "spark scan",
                "spark test",
                "spark cluster up",
                "spark cluster down"
            ]
        );
    }

    #[test]
    fn defaults_and_flags_are_read() {
        let Command::Fuzz(f) = parse(&["fuzz"]).unwrap().command else { panic!("not fuzz") };
        assert_eq!((f.seconds, f.timeout_ms, f.targets.len()), (60, 2000, 0));
        let Command::Fuzz(f) =
            parse(&["fuzz", "--seconds", "5", "--target", "diff", "--target=decode"]).unwrap().command
        else {
            panic!("not fuzz")
        };
        assert_eq!((f.seconds, f.targets), (5, vec!["diff".to_owned(), "decode".to_owned()]));
        assert!(parse(&["fuzz", "--seconds", "0"]).is_err());
        assert!(parse(&["fuzz", "--seconds"]).is_err());
        assert!(parse(&["fuzz", "--bogus"]).is_err());

        let Command::Bench(Bench::Scan(b)) = parse(&["bench", "scan"]).unwrap().command else { panic!("not scan") };
        assert_eq!((b.sizes, b.runs, b.tm_sample, b.no_write), (vec![1000, 10_000], 1, 20, false));
        let Command::Bench(Bench::Scan(b)) =
            parse(&["bench", "scan", "--sizes", "10,20,30", "--no-write"]).unwrap().command
        else {
            panic!("not scan")
        };
        assert_eq!((b.sizes, b.no_write), (vec![10, 20, 30], true));
        assert!(parse(&["bench", "scan", "--sizes", "10,0"]).is_err());
        assert!(parse(&["bench", "scan", "--sizes", "x"]).is_err());

        let Command::Bench(Bench::Index(b)) = parse(&["bench", "index"]).unwrap().command else { panic!("not index") };
        assert_eq!((b.sizes, b.new_articles, b.runs), (vec![1000, 10_000], 100, 3));
        let Command::Bench(Bench::Diff(b)) = parse(&["bench", "diff"]).unwrap().command else { panic!("not diff") };
        assert_eq!((b.runs, b.size), (5, 5_000_000));
        let Command::Eval(Eval::Scan(e)) = parse(&["eval", "scan"]).unwrap().command else { panic!("not eval scan") };
        assert_eq!((e.docs, e.seed, e.tm_pairs, e.no_text_matcher), (200, 1, 60, false));
        let Command::Eval(Eval::Diff(e)) = parse(&["eval", "diff", "--limit=7"]).unwrap().command else {
            panic!("not eval diff")
        };
        assert_eq!((e.limit, e.skip_copytrace), (Some(7), false));
        let Command::Corpus(Corpus::Synth(c)) = parse(&["corpus", "synth", "--docs", "9"]).unwrap().command else {
            panic!("not synth")
        };
        assert_eq!((c.docs, c.seed, c.out), (9, 1, None));

        assert!(parse(&["ci", "--bogus"]).is_err());
        assert!(parse(&["golden", "extra"]).is_err());
        assert!(parse(&["eval"]).is_err());
        assert!(parse(&["nope"]).is_err());
    }

    #[test]
    fn every_command_has_help() {
        let err = parse(&["--help"]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::DisplayHelp);
        for leaf in leaf_commands() {
            let mut args: Vec<&str> = leaf.iter().map(String::as_str).collect();
            args.push("--help");
            let err = parse(&args).unwrap_err();
            assert_eq!(err.kind(), clap::error::ErrorKind::DisplayHelp, "{leaf:?}");
            assert!(err.to_string().contains(&format!("cargo xtask {}", leaf.join(" "))), "{err}");
        }
    }

    /// README.md's "Chores: cargo xtask" table has one row per command of the tree, and names
    /// no command that does not exist.
    #[test]
    fn the_readme_table_lists_exactly_the_commands() {
        let readme = std::fs::read_to_string(crate::workspace::workspace_root().join("README.md")).unwrap();
        let rows = readme_commands(&readme).unwrap();
        let leaves: Vec<String> = leaf_commands().iter().map(|l| l.join(" ")).collect();
        assert_eq!(check_rows(&rows, &leaves), Vec::<String>::new());
    }

    #[test]
    fn the_readme_check_finds_missing_and_unknown_rows() {
        let readme = "# X\n\n## Chores: `cargo xtask`\n\n| command | what |\n|---|---|\n\
                      | `cargo xtask ci` | checks |\n| `cargo xtask bench nope --runs 3` | ? |\n\n## Next\n";
        let rows = readme_commands(readme).unwrap();
        assert_eq!(rows, ["ci", "bench nope"]);
        let problems = check_rows(&rows, &["ci".to_owned(), "golden".to_owned()]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("golden"), "{problems:?}");
        assert!(problems[1].contains("bench nope"), "{problems:?}");
        assert!(readme_commands("# no table\n").is_none());
    }

    /// The commands of the chores table's first column: the words after `cargo xtask` up to
    /// the first flag.
    fn readme_commands(readme: &str) -> Option<Vec<String>> {
        let start = readme.find("## Chores: `cargo xtask`")?;
        let section = &readme[start..];
        let section = section[3..].find("\n## ").map_or(section, |end| &section[..end + 3]);
        let mut rows = Vec::new();
        for line in section.lines().filter(|l| l.starts_with('|')) {
            let first = line.split('|').nth(1).unwrap_or("");
            for code in first.split('`').skip(1).step_by(2) {
                if let Some(rest) = code.strip_prefix("cargo xtask") {
                    let words: Vec<&str> = rest.split_whitespace().take_while(|w| !w.starts_with('-')).collect();
                    rows.push(words.join(" "));
                }
            }
        }
        Some(rows)
    }

    fn check_rows(rows: &[String], leaves: &[String]) -> Vec<String> {
        let mut problems: Vec<String> = leaves
            .iter()
            .filter(|l| !rows.contains(l))
            .map(|l| format!("no README row for `cargo xtask {l}`"))
            .collect();
        problems.extend(
            rows.iter()
                .filter(|r| !leaves.contains(r))
                .map(|r| format!("README row `cargo xtask {r}` is not a command")),
        );
        problems
    }
}
