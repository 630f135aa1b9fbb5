//! The example output shown in README.md is the real output of the bundled corpus: a
//! change to a report that makes the README untrue fails here.

use crate::TestCommand;

/// The lines of the README's `text` block that starts with `$ <command>`, without that
/// line; a block that ends in a `...` line is an excerpt (only its lines before the `...`).
fn example(command: &str) -> (Vec<String>, bool) {
    let readme = std::fs::read_to_string(std::path::Path::new(crate::ROOT).join("README.md")).expect("README.md");
    let start = readme.find(&format!("$ {command}\n")).unwrap_or_else(|| panic!("README shows `$ {command}`"));
    let body = &readme[start..];
    let body = &body[body.find('\n').expect("newline") + 1..];
    let end = body.find("```").expect("the block ends");
    let mut lines: Vec<String> = body[..end].lines().map(str::to_owned).collect();
    let excerpt = lines.last().is_some_and(|l| l == "...");
    if excerpt {
        lines.pop();
    }
    (lines, excerpt)
}

fn check(command: &str) {
    let (shown, excerpt) = example(command);
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    let out = TestCommand::in_repo().args(&args).run();
    let real: Vec<&str> = out.stdout().lines().collect();
    let real = if excerpt { &real[..shown.len().min(real.len())] } else { &real[..] };
    assert_eq!(shown, real, "README.md's example of `{command}` is not what it prints");
}

#[test]
fn readme_scan_example_is_the_real_output() {
    check("copytrace scan corpus/");
}

#[test]
fn readme_diff_example_is_the_real_output() {
    check(
        "copytrace diff corpus/williamson-leak-first-report.txt corpus/williamson-leak-updated-report.txt --width 92",
    );
}

fn readme() -> String {
    std::fs::read_to_string(std::path::Path::new(crate::ROOT).join("README.md")).expect("README.md")
}

/// The rows of the `Exit status` block of a `--help` text (up to the first blank line).
fn exit_rows(help: &str) -> String {
    let start = help.find("Exit status").unwrap_or_else(|| panic!("no exit status in:\n{help}"));
    let body = &help[start..];
    let body = &body[body.find('\n').expect("newline") + 1..];
    body.split("\n\n").next().unwrap_or("").trim_end().to_owned()
}

#[test]
fn help_and_readme_state_the_same_exit_codes() {
    let readme = readme();
    let top = TestCommand::new().args(["--help"]).run();
    top.assert_code(0);
    let overview = exit_rows(top.stdout());
    assert!(
        readme.contains(&format!("```text\n{overview}\n```")),
        "README's exit codes differ from --help:\n{overview}"
    );
    for command in ["diff", "scan", "trace", "index", "completions", "man", "schema"] {
        let help = TestCommand::new().args([command, "--help"]).run();
        help.assert_code(0);
        let rows = exit_rows(help.stdout());
        let block = format!("copytrace {command}\n{rows}\n");
        assert!(overview.contains(&block) || overview.ends_with(block.trim_end()), "{command}: {rows}");
        // Every code a command documents is one of the four.
        for line in rows.lines().filter(|l| !l.starts_with("     ")) {
            assert!(["  0  ", "  1  ", "  2  ", "  3  "].iter().any(|p| line.starts_with(p)), "{line}");
        }
    }
    // `trace` has no gates: its help must not describe them (it did, and rejected them).
    let trace = TestCommand::new().args(["trace", "--help"]).run();
    assert!(!trace.stdout().contains("--fail"), "{}", trace.stdout());
    let gate = TestCommand::new().args(["trace", "x", "--corpus", "y", "--fail-containment", "0.5"]).run();
    gate.assert_code(2);
}

#[test]
fn the_quick_start_explains_exit_1_on_the_bundled_corpus() {
    let readme = readme();
    let quick = &readme[readme.find("## Quick start").expect("Quick start")..];
    let quick = &quick[..quick[3..].find("\n## ").expect("next section")];
    assert!(quick.contains("exits with status 1") && quick.contains("1 means reuse was found"), "{quick}");
    TestCommand::in_repo().args(["scan", "corpus/"]).run().assert_code(1);
}

/// The block of a `--help` text that starts with `heading` (up to the first blank line).
fn help_block(help: &str, heading: &str) -> String {
    let start = help.find(heading).unwrap_or_else(|| panic!("no {heading:?} in:\n{help}"));
    let body = &help[start + heading.len()..];
    body.split("\n\n").next().unwrap_or("").trim_end().to_owned()
}

#[test]
fn help_report_and_readme_define_the_same_figures() {
    let help = TestCommand::new().args(["scan", "--help"]).run();
    help.assert_code(0);
    let figures = help_block(help.stdout(), "Figures in the report:\n");
    for term in ["words:", "reused:", "derived:", "original:", "reused words", "words shared", "direction:"] {
        assert!(figures.contains(&format!("  {term}")), "{term} is not defined in scan --help:\n{figures}");
    }
    assert!(readme().contains(&format!("```text\n{figures}\n```")), "README's figures differ from scan --help");
    // The human report's legend is the same text for the Originality columns.
    let report = TestCommand::in_repo().args(["scan", "corpus/"]).run();
    let legend = report.stdout().split("\nOriginality\n").nth(1).expect("an Originality table");
    for term in ["words", "reused", "derived", "original"] {
        // The term's rows: its line and the continuation lines (indented four) under it.
        let mut rows = figures.lines().skip_while(|l| !l.starts_with(&format!("  {term}:")));
        let first = rows.next().expect("the term's row");
        let definition = std::iter::once(&first[term.len() + 3..])
            .chain(rows.take_while(|l| l.starts_with("    ")))
            .flat_map(str::split_whitespace)
            .collect::<Vec<_>>()
            .join(" ");
        let flat = legend.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&format!("{term}: {definition}")), "{term}: {definition}\n{legend}");
    }
    // The JSON convention for paragraph numbers is stated.
    assert!(readme().contains("**0-based**: `0` is the human report's \"paragraph 1\""));
}
