//! `copytrace schema NAME`: prints the JSON Schema of a report format.
//!
//! The schemas come from [`copytrace_report::schema`]; the repository keeps each one as
//! `schemas/NAME.schema.json`, and a test checks that those files equal what this prints.

use crate::args::SchemaArgs;
use crate::exit::ExitCode;
use crate::term::Term;
use copytrace_report::schema::write_schema;

/// Prints the schema (JSON Schema draft 2020-12, every field described) on stdout.
///
/// # Errors
/// When writing to stdout fails.
pub fn run(args: &SchemaArgs, _term: &Term) -> anyhow::Result<ExitCode> {
    args.out.destination().write(|out| write_schema(args.report.kind(), out))?;
    Ok(ExitCode::Success)
}
