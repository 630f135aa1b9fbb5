//! The command line as data: [`Cli`], one variant of [`Command`] per subcommand, and each
//! command's arguments (clap derive), with their help texts.
//!
//! The first step of every command's pipeline (see the [crate docs](crate)). This module
//! imports no command module: the commands read their arguments from here, and `man` and
//! `completions` generate their output from [`Cli`]. Engine defaults and their numbers in
//! the help texts come from [`copytrace_provenance::config::defaults`].

use crate::exit;
use crate::style::ColorChoice;
use clap::{Parser, Subcommand};
use copytrace_corpus::{ByteSize, CorpusOptions, DEFAULT_MAX_FILE_SIZE};
use copytrace_diff::NormalizeOptions;
use copytrace_provenance::config::defaults;
use copytrace_provenance::{Config, Tier};
use copytrace_report::schema::Kind;
use std::path::{Path, PathBuf};

/// Text diff and provenance for prose.
#[derive(Debug, Parser)]
#[command(
    name = "copytrace",
    version,
    about = "Text diff and provenance for prose: how do two texts differ, and who copied whom",
    long_about = "Text diff and provenance for prose: how do two texts differ, and who copied whom.\n\n\
        `copytrace diff OLD NEW` aligns the paragraphs of two texts (surviving merged, split and \
        moved paragraphs and typographic noise) and shows word-level changes.",
    after_help = exit::overview(),
    propagate_version = true,
    args_override_self = true
)]
pub struct Cli {
    /// When to colour the output: `auto` colours when stdout is a terminal and `NO_COLOR` is
    /// not set (`CLICOLOR_FORCE=1` forces colour); `always` and `never` override both.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Wrap text to this many columns (default: the terminal's width, or 80 when stdout is not
    /// a terminal).
    #[arg(long, global = true, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare two texts paragraph by paragraph.
    #[command(long_about = DIFF_ABOUT)]
    Diff(DiffArgs),
    /// Find every passage shared by two documents of a corpus: pairs, clusters, direction, originality.
    Scan(ScanArgs),
    /// Trace one article against a corpus, paragraph by paragraph: where each passage also appears.
    Trace(TraceArgs),
    /// Index a corpus (fingerprints, metadata, text) for `scan --against`; `--update` refreshes an index.
    Index(IndexArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(long_about = COMPLETIONS_ABOUT)]
    Completions(CompletionsArgs),
    /// Print the manual page (roff).
    #[command(long_about = MAN_ABOUT)]
    Man(ManArgs),
    /// Print the JSON Schema of a report format (scan, scan-jsonl, trace, trace-jsonl, diff).
    Schema(SchemaArgs),
}

impl Command {
    /// The `-o/--output` of the command, if it writes a report and was given one (`-` is
    /// standard output). `index` writes its index with its own `-o` and prints a summary.
    #[must_use]
    pub fn output(&self) -> Option<&Path> {
        let out = match self {
            Command::Diff(a) => &a.out,
            Command::Scan(a) => &a.out,
            Command::Trace(a) => &a.out,
            Command::Completions(a) => &a.out,
            Command::Man(a) => &a.out,
            Command::Schema(a) => &a.out,
            Command::Index(_) => return None,
        };
        out.output.as_deref()
    }
}

/// `-o/--output`, shared by every command that writes a report.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct OutputArgs {
    /// Write the report to FILE instead of standard output (`-`: standard output). The file
    /// is written whole and then renamed into place: a failed run leaves no partial report.
    /// Colour is off in a file unless `--color always`.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl OutputArgs {
    /// Where the report goes.
    #[must_use]
    pub fn destination(&self) -> crate::output::Destination {
        crate::output::Destination::of(self.output.as_deref())
    }
}

// ---- diff ----

/// The report format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// A report for people: aligned paragraphs, inline changes, colour on terminals.
    #[default]
    Human,
    /// The versioned JSON schema (documented in the rustdoc of `render::diff_json`):
    /// paragraph alignment and ops with byte spans into the original files.
    Json,
    /// One self-contained HTML page: side-by-side and inline views of the word diff, moved,
    /// merged and split paragraphs linked to their counterparts; best with `-o FILE`.
    Html,
}

/// The long `--help` description of `copytrace diff`.
pub const DIFF_ABOUT: &str = "Compare two texts paragraph by paragraph.\n\n\
    Paragraphs (separated by blank lines) of OLD and NEW are aligned: equal, edited, merged \
    (several paragraphs became one), split (one became several), moved, deleted, inserted. \
    Inside aligned paragraphs, word-level changes are shown inline: deletions in red (plain \
    output: [-like this-]), insertions in green (plain output: {+like this+}). Unchanged \
    paragraphs are folded (--context N shows N around each change). Curly and straight \
    quotes, dash variants, Unicode compatibility forms and white space do not count as \
    changes unless --strict-typography is given; words always do.\n\n\
    Files that are not valid UTF-8 are read as Windows-1252 with a warning; UTF-16 with a \
    byte-order mark is decoded; prose with rare stray control bytes (a lost quote as \\x19, \
    a stray NUL) is read with a warning; binary files are refused. Byte offsets in the JSON output \
    always refer to the files' bytes.";

/// Arguments of `copytrace diff`.
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = exit::help(&exit::DIFF))]
pub struct DiffArgs {
    /// The earlier text (`-` for standard input; at most one of OLD and NEW).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later text (`-` for standard input).
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Where the report goes.
    #[command(flatten)]
    pub out: OutputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human, value_name = "FORMAT")]
    pub format: DiffFormat,
    /// Show N unchanged paragraphs around each change (the others are folded into one line).
    #[arg(short = 'U', long, default_value_t = 0, value_name = "N")]
    pub context: usize,
    /// Show OLD and NEW in two columns (human format only).
    #[arg(short = 'y', long)]
    pub side_by_side: bool,
    /// Treat upper and lower case as the same.
    #[arg(short = 'i', long)]
    pub ignore_case: bool,
    /// Ignore punctuation: it neither matches nor counts as a change.
    #[arg(long)]
    pub ignore_punctuation: bool,
    /// Count typographic differences as changes: curly vs straight quotes, dash variants,
    /// Unicode compatibility forms (ligatures, no-break spaces). White space is still folded.
    #[arg(long)]
    pub strict_typography: bool,
    /// Refuse files larger than this (bytes, or with a K, M, G suffix; binary multiples).
    #[arg(long, value_name = "SIZE", default_value_t = DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: ByteSize,
}

impl DiffArgs {
    /// The normalisation the options ask for.
    #[must_use]
    pub fn normalize_options(&self) -> NormalizeOptions {
        NormalizeOptions::new()
            .typography(!self.strict_typography)
            .case(self.ignore_case)
            .punctuation(self.ignore_punctuation)
    }
}

// ---- scan and trace ----

/// Output format of `scan` and `trace`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ScanFormat {
    /// A report for people (coloured on a terminal).
    #[default]
    Human,
    /// One JSON object (versioned schema, see the documentation of the wire format).
    Json,
    /// JSON Lines: one type-tagged record per line, for very large corpora.
    Jsonl,
    /// One `PATH:LINE:COLUMN: MESSAGE` line per finding (line 1-based, column 1-based in
    /// characters of the file's text), for CI logs and editors; the summary goes to stderr.
    Ci,
    /// One self-contained HTML page (inline style and script, nothing fetched): the report
    /// with its pair views, to open in a browser or share; best with `-o FILE`.
    Html,
}

/// Options shared by `scan` and `trace`: how to read the corpus and the engine settings.
#[derive(Clone, Debug, clap::Args)]
pub struct CorpusArgs {
    /// How the corpus directory is read.
    #[command(flatten)]
    pub read: ReadArgs,
    /// Shortest passage reported, in matched words.
    #[arg(long, value_name = "N", default_value_t = defaults::MIN_WORDS)]
    pub min_words: usize,
    /// Gap tolerance inside a passage, in words.
    #[arg(long, value_name = "N", default_value_t = defaults::MAX_GAP)]
    pub max_gap: usize,
    /// Lowest similarity of a passage's two sides (0 to 1).
    #[arg(long, value_name = "X", default_value_t = defaults::MIN_SIMILARITY)]
    pub min_similarity: f64,
    // The help text is built from the library's defaults (`max_doc_freq_help`).
    #[arg(long, value_name = "N", help = max_doc_freq_help())]
    pub max_doc_freq: Option<usize>,
    // The help text is built from the library's defaults (`lone_doc_freq_help`).
    #[arg(long, value_name = "N", default_value_t = defaults::LONE_DOC_FREQ, help = lone_doc_freq_help())]
    pub lone_doc_freq: usize,
    // `None` when not given: `scan --against` then takes the index's (the help texts carry
    // the library's defaults).
    #[arg(long, value_name = "N", help = format!("Words per fingerprint n-gram [default: {}]", defaults::NGRAM))]
    pub ngram: Option<usize>,
    #[arg(long, value_name = "N", help = format!("Winnowing window, in n-grams [default: {}]", defaults::WINDOW))]
    pub window: Option<usize>,
    /// Outlets that are wire services, comma-separated (as the documents' `outlet` names
    /// them): their stories count as sources in the direction, like those with `role: wire`.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub wire_outlets: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ScanFormat,
    /// List skipped files and every warning.
    #[arg(short, long)]
    pub verbose: bool,
}

/// Pairs and clusters listed by the human scan report unless `--top` says otherwise.
pub const DEFAULT_TOP: usize = 50;

/// `--max-doc-freq`'s help, with the derived default of the library.
fn max_doc_freq_help() -> String {
    format!(
        "Text found in more documents than this is boilerplate [default: max({}, 2*sqrt(documents))]",
        defaults::MAX_DOC_FREQ_FLOOR
    )
}

/// `--lone-doc-freq`'s help, with the run lengths of the library's defaults.
fn lone_doc_freq_help() -> String {
    format!(
        "A pair of documents joined only by fingerprints found in more than N documents needs two of them \
         (one such phrase is a stock phrase); text in that many documents is then found from {} words rather \
         than {}",
        defaults::guaranteed_frequent_run(defaults::NGRAM, defaults::WINDOW),
        defaults::guaranteed_run(defaults::NGRAM, defaults::WINDOW)
    )
}

/// How a corpus directory is read: the options `scan`, `trace` and `index` share.
#[derive(Clone, Debug, clap::Args)]
pub struct ReadArgs {
    /// Only read files matching this glob (relative to the directory; `*` crosses `/`);
    /// `!PATTERN` excludes. Repeatable.
    #[arg(long = "glob", value_name = "PATTERN")]
    pub globs: Vec<String>,
    /// Follow symbolic links (loops are detected and reported).
    #[arg(long)]
    pub follow: bool,
    /// Skip files larger than this (bytes, or with a K, M, G suffix; binary multiples; for
    /// JSON Lines: longer record lines).
    #[arg(long, value_name = "SIZE", default_value_t = DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: ByteSize,
}

impl ReadArgs {
    /// How to read the corpus.
    #[must_use]
    pub fn corpus_options(&self) -> CorpusOptions {
        CorpusOptions::new()
            .globs(self.globs.iter().cloned())
            .follow_links(self.follow)
            .max_file_size(self.max_file_size)
    }
}

impl CorpusArgs {
    /// The engine settings these options ask for (the library's defaults where not given).
    #[must_use]
    pub fn config(&self) -> Config {
        let mut cfg = Config::new()
            .min_words(self.min_words)
            .max_gap(self.max_gap)
            .min_similarity(self.min_similarity)
            .max_doc_freq(self.max_doc_freq)
            .lone_doc_freq(self.lone_doc_freq)
            .wire_outlets(self.wire_outlets.iter().map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()));
        if let Some(n) = self.ngram {
            cfg = cfg.ngram(n);
        }
        if let Some(w) = self.window {
            cfg = cfg.window(w);
        }
        cfg
    }
}

/// `copytrace scan`.
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = format!(
    "{}\n\n{}",
    crate::render::scan_human::definitions_help(),
    crate::exit::help(&crate::exit::SCAN)
))]
pub struct ScanArgs {
    /// A directory of articles, a .jsonl file of {"id","text","date"?,"outlet"?} records, or one file.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Show each pair's passages side by side with their differences.
    #[arg(long)]
    pub detail: bool,
    /// List at most N pairs and N clusters in the human report, the largest first (0: all).
    /// The JSON, JSON Lines and CI formats always list everything.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_TOP)]
    pub top: usize,
    /// Corpus and engine options.
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Scan the documents of PATH against an index built by `copytrace index`: reuse between
    /// them and the indexed archive, and among them. The index's --ngram and --window apply;
    /// giving others is an error (rebuild the index to change them).
    #[arg(long, value_name = "INDEX", help_heading = "CI gates")]
    pub against: Option<PathBuf>,
    /// Tiers of passages to report, comma-separated: verbatim (every word matched), edited
    /// (light edits), reworded (paraphrased, reordered or summarised). Default: all.
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = tier)]
    pub tiers: Vec<Tier>,
    /// Gates and baseline ([`crate::gates`]).
    #[command(flatten)]
    pub gates: GateArgs,
    /// Where the report goes.
    #[command(flatten)]
    pub out: OutputArgs,
}

impl ScanArgs {
    /// The engine settings: those of the corpus options, reporting the `--tiers` asked for.
    #[must_use]
    pub fn config(&self) -> Config {
        self.corpus.config().tiers(self.tiers.iter().copied())
    }
}

/// A tier name (`--tiers`, `--fail-tiers`).
fn tier(s: &str) -> Result<Tier, String> {
    Tier::from_name(s.trim()).ok_or_else(|| {
        let names: Vec<&str> = Tier::ALL.iter().map(|t| t.name()).collect();
        format!("{s:?} is not a tier (one of {})", names.join(", "))
    })
}

/// `copytrace trace`.
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = crate::exit::help(&crate::exit::TRACE))]
pub struct TraceArgs {
    /// The article to trace.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The corpus to trace it against (a directory, a .jsonl file or one file).
    #[arg(long, value_name = "PATH")]
    pub corpus: PathBuf,
    /// Corpus and engine options.
    #[command(flatten)]
    pub options: CorpusArgs,
    /// Where the report goes.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// The gate options of `copytrace scan`.
#[derive(Clone, Debug, Default, clap::Args)]
#[command(next_help_heading = "CI gates")]
pub struct GateArgs {
    /// Exit 1 when more than this fraction (0 to 1) of a document is found in another one.
    #[arg(long, value_name = "F", value_parser = fraction)]
    pub fail_containment: Option<f64>,
    /// Exit 1 when a shared passage is longer than N matched words.
    #[arg(long, value_name = "N")]
    pub fail_passage_words: Option<usize>,
    /// Exit 1 when a document's originality is below this fraction (0 to 1).
    #[arg(long, value_name = "F", value_parser = fraction)]
    pub fail_originality: Option<f64>,
    /// Tiers whose passages trip the gates, comma-separated (verbatim, edited, reworded).
    /// Default: every tier reported.
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = tier)]
    pub fail_tiers: Vec<Tier>,
    /// Accepted reuse: an earlier `--format json` report or an allow-list (lines `A B`,
    /// `A:START-END B`); only reuse not in it trips the gates.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

impl GateArgs {
    /// Whether a `--fail-*` threshold is given (without one, any reuse is a finding).
    #[must_use]
    pub fn any_threshold(&self) -> bool {
        self.fail_containment.is_some() || self.fail_passage_words.is_some() || self.fail_originality.is_some()
    }
}

/// A `--fail-*` fraction: a number from 0 to 1.
fn fraction(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{s} is not a fraction between 0 and 1"))
    }
}

// ---- index ----

/// `copytrace index`.
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = index_help())]
pub struct IndexArgs {
    /// The corpus directory to index.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Where to write the new index.
    #[arg(short, long, value_name = "INDEX", required_unless_present = "update", conflicts_with = "update")]
    pub output: Option<PathBuf>,
    /// Update this index from DIR: add new and changed files, drop removed ones; unchanged
    /// files (same content hash) are not fingerprinted again.
    #[arg(long, value_name = "INDEX")]
    pub update: Option<PathBuf>,
    /// How DIR is read.
    #[command(flatten)]
    pub read: ReadArgs,
    // Help texts built from the library's defaults (`index_default_help`).
    #[arg(long, value_name = "N", help = index_default_help("Words per fingerprint n-gram", defaults::NGRAM))]
    pub ngram: Option<usize>,
    #[arg(long, value_name = "N", help = index_default_help("Winnowing window, in n-grams", defaults::WINDOW))]
    pub window: Option<usize>,
}

/// The help of an engine option of `copytrace index`, with the library's default.
fn index_default_help(what: &str, default: usize) -> String {
    format!("{what} [default: {default}, or the index's with --update]")
}

/// The text after `copytrace index --help`'s options: its exit status ([`crate::exit::INDEX`])
/// and what the index is for.
fn index_help() -> String {
    format!(
        "{}\n\nThe index stores each document's bytes, metadata and fingerprints; `copytrace scan NEW \
         --against INDEX` then scans new documents against it without reading the archive again.",
        crate::exit::help(&crate::exit::INDEX)
    )
}

// ---- completions and man ----

/// Arguments of `copytrace man` (none).
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = crate::exit::help(&crate::exit::MAN))]
pub struct ManArgs {
    /// The page of this command (`copytrace-COMMAND(1)`, which the main page refers to)
    /// instead of the main page.
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
    /// Where the report goes.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// A shell to complete in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
    /// PowerShell.
    Powershell,
    /// Elvish.
    Elvish,
}

impl From<Shell> for clap_complete::Shell {
    fn from(shell: Shell) -> Self {
        match shell {
            Shell::Bash => clap_complete::Shell::Bash,
            Shell::Zsh => clap_complete::Shell::Zsh,
            Shell::Fish => clap_complete::Shell::Fish,
            Shell::Powershell => clap_complete::Shell::PowerShell,
            Shell::Elvish => clap_complete::Shell::Elvish,
        }
    }
}

/// The long `--help` of `copytrace completions`.
pub const COMPLETIONS_ABOUT: &str = "Print the completion script for SHELL on stdout.\n\n\
    Install it where your shell looks for completions, for example:\n  \
    bash:  copytrace completions bash > ~/.local/share/bash-completion/completions/copytrace\n  \
    zsh:   copytrace completions zsh > ~/.zfunc/_copytrace  (with fpath+=~/.zfunc)\n  \
    fish:  copytrace completions fish > ~/.config/fish/completions/copytrace.fish\n  \
    PowerShell:  copytrace completions powershell >> $PROFILE\n  \
    elvish:  copytrace completions elvish >> ~/.config/elvish/rc.elv";

/// The long `--help` of `copytrace man`.
pub const MAN_ABOUT: &str = "Print the manual page (roff) on stdout: copytrace(1), or with \
    COMMAND the page copytrace-COMMAND(1).\n\n\
    For example: `copytrace man > ~/.local/share/man/man1/copytrace.1` and \
    `copytrace man scan > ~/.local/share/man/man1/copytrace-scan.1`, then `man copytrace`; \
    or read a page at once with `copytrace man | man -l -`.";

/// Arguments of `copytrace completions`.
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = crate::exit::help(&crate::exit::COMPLETIONS))]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
    /// Where the report goes.
    #[command(flatten)]
    pub out: OutputArgs,
}

// ---- schema ----

/// The reports that have a schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaName {
    /// `copytrace scan --format json`.
    Scan,
    /// One line of `copytrace scan --format jsonl`.
    ScanJsonl,
    /// `copytrace trace --format json`.
    Trace,
    /// One line of `copytrace trace --format jsonl`.
    TraceJsonl,
    /// `copytrace diff --format json`.
    Diff,
}

impl SchemaName {
    /// The schema's kind in the report crate.
    #[must_use]
    pub fn kind(self) -> Kind {
        match self {
            SchemaName::Scan => Kind::Scan,
            SchemaName::ScanJsonl => Kind::ScanJsonl,
            SchemaName::Trace => Kind::Trace,
            SchemaName::TraceJsonl => Kind::TraceJsonl,
            SchemaName::Diff => Kind::Diff,
        }
    }
}

/// `copytrace schema`.
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = crate::exit::help(&crate::exit::SCHEMA))]
pub struct SchemaArgs {
    /// Which report's schema to print.
    #[arg(value_enum, value_name = "REPORT")]
    pub report: SchemaName,
    /// Where the report goes.
    #[command(flatten)]
    pub out: OutputArgs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn fractions_are_checked() {
        assert_eq!(fraction("0.5"), Ok(0.5));
        assert!(fraction("1.5").is_err() && fraction("x").is_err());
    }

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_go_before_or_after_the_subcommand() {
        let cli = Cli::try_parse_from(["copytrace", "--color", "never", "diff", "a", "b", "--width", "40"]).unwrap();
        assert_eq!(cli.color, ColorChoice::Never);
        assert_eq!(cli.width, Some(40));
        assert!(Cli::try_parse_from(["copytrace", "diff", "a", "b", "--width", "5"]).is_err());
        assert!(Cli::try_parse_from(["copytrace", "diff", "a"]).is_err());
    }

    #[test]
    fn engine_options_default_to_the_library_defaults() {
        // Without options, the engine settings of scan and trace are the library's.
        let cli = Cli::try_parse_from(["copytrace", "scan", "dir"]).unwrap();
        let Command::Scan(scan) = &cli.command else { panic!("not a scan: {cli:?}") };
        assert_eq!(scan.corpus.config(), copytrace_provenance::Config::default());
        let cli = Cli::try_parse_from(["copytrace", "trace", "a.txt", "--corpus", "dir"]).unwrap();
        let Command::Trace(trace) = &cli.command else { panic!("not a trace: {cli:?}") };
        assert_eq!(trace.options.config(), copytrace_provenance::Config::default());
    }
}
