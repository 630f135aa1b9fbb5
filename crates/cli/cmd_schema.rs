//! `copytrace schema NAME`: prints the JSON Schema of a report format.
//!
//! The schemas come from [`copytrace_report::schema`]; the repository keeps each one as
//! `schemas/NAME.schema.json`, and a test checks that those files equal what this prints.

use crate::exit::ExitCode;
use crate::scan::to_stdout;
use copytrace_report::schema::{write_schema, Kind};

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
    fn kind(self) -> Kind {
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
}

/// Prints the schema (JSON Schema draft 2020-12, every field described) on stdout.
///
/// # Errors
/// When writing to stdout fails.
pub fn run(args: &SchemaArgs) -> anyhow::Result<ExitCode> {
    to_stdout(|out| write_schema(args.report.kind(), out))?;
    Ok(ExitCode::Success)
}
