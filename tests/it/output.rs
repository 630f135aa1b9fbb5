//! `-o/--output FILE`: every report of every command can go to a file, written whole and
//! renamed into place; `-` is standard output.

use crate::TestCommand;

/// The directory's entries, sorted.
fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// For each command and format: the file holds exactly what stdout would, stdout stays
/// empty, and the exit status is the same.
#[test]
fn every_report_goes_to_a_file_as_it_would_to_stdout() {
    let runs: &[&[&str]] = &[
        &["scan", "corpus"],
        &["scan", "corpus", "--format", "json"],
        &["scan", "corpus", "--format", "jsonl"],
        &["scan", "corpus", "--format", "ci"],
        &["scan", "corpus", "--format", "html"],
        &["trace", "corpus/williamson-leak-updated-report.txt", "--corpus", "corpus", "--format", "html"],
        &[
            "diff",
            "--format",
            "html",
            "corpus/williamson-leak-first-report.txt",
            "corpus/williamson-leak-updated-report.txt",
        ],
        &["trace", "corpus/williamson-leak-first-report.txt", "--corpus", "corpus"],
        &["trace", "corpus/williamson-leak-first-report.txt", "--corpus", "corpus", "--format", "json"],
        &["diff", "corpus/williamson-leak-first-report.txt", "corpus/williamson-leak-updated-report.txt"],
        &[
            "diff",
            "--format",
            "json",
            "corpus/williamson-leak-first-report.txt",
            "corpus/williamson-leak-updated-report.txt",
        ],
        &["schema", "scan"],
        &["man"],
        &["completions", "bash"],
    ];
    for args in runs {
        let to_stdout = TestCommand::in_repo().args(*args).run();
        let mut cmd = TestCommand::in_repo();
        let file = cmd.dir().join("out").join("report");
        std::fs::create_dir(file.parent().unwrap()).unwrap();
        let to_file = cmd.args(*args).args(["-o"]).arg_path(&file).run();
        assert_eq!(to_file.code, to_stdout.code, "{args:?}: {}", to_file.stderr);
        assert!(to_file.stdout.is_empty(), "{args:?} printed on stdout with -o");
        assert!(!to_stdout.stdout.is_empty(), "{args:?} printed nothing");
        assert_eq!(std::fs::read(&file).unwrap(), to_stdout.stdout, "{args:?}: the file differs from stdout");
        assert_eq!(entries(file.parent().unwrap()), ["report"], "{args:?}: a temporary file was left");
    }
}

#[test]
fn dash_is_standard_output() {
    let plain = TestCommand::in_repo().args(["scan", "corpus", "--format", "json"]).run();
    let dash = TestCommand::in_repo().args(["scan", "corpus", "--format", "json", "-o", "-"]).run();
    assert_eq!(dash.code, plain.code);
    assert_eq!(dash.stdout, plain.stdout);
}

/// A run that fails leaves no report, and does not touch an earlier one.
#[test]
fn a_failed_run_leaves_no_partial_report() {
    let mut cmd = TestCommand::new();
    cmd.write("empty/.keep", "");
    let report = cmd.write("report.json", "earlier report");
    let out = cmd.args(["scan", "empty", "--format", "json", "-o", "report.json"]).run();
    out.assert_code(2);
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "earlier report");
    assert_eq!(entries(cmd.dir()), ["empty", "report.json"]);

    let mut cmd = TestCommand::new();
    let out = cmd.args(["schema", "scan", "-o", "no/such/dir/schema.json"]).run();
    out.assert_code(2);
    assert!(out.stderr.contains("no/such/dir/schema.json"), "{}", out.stderr);
    assert!(!cmd.dir().join("no").exists());
}

#[test]
fn a_directory_is_refused_by_name() {
    let mut cmd = TestCommand::new();
    std::fs::create_dir(cmd.dir().join("reports")).unwrap();
    let out = cmd.args(["schema", "diff", "-o", "reports"]).run();
    out.assert_code(2);
    assert!(out.stderr.contains("reports: is a directory"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
}

/// A file is not the terminal: `CLICOLOR_FORCE` colours stdout, never a file; `--color
/// always` colours both.
#[test]
fn files_are_plain_unless_colour_is_asked_for() {
    let args = ["diff", "corpus/williamson-leak-first-report.txt", "corpus/williamson-leak-updated-report.txt"];
    let forced = TestCommand::in_repo().args(args).env("CLICOLOR_FORCE", "1").run();
    assert!(forced.stdout.contains(&0x1b), "CLICOLOR_FORCE colours stdout");

    let mut cmd = TestCommand::in_repo();
    let file = cmd.dir().join("d.txt");
    cmd.args(args).env("CLICOLOR_FORCE", "1").args(["-o"]).arg_path(&file).run();
    assert!(!std::fs::read(&file).unwrap().contains(&0x1b), "a file is plain under --color auto");

    let mut cmd = TestCommand::in_repo();
    let file = cmd.dir().join("d.txt");
    cmd.args(["--color", "always"]).args(args).args(["-o"]).arg_path(&file).run();
    assert!(std::fs::read(&file).unwrap().contains(&0x1b), "--color always colours a file");
}
