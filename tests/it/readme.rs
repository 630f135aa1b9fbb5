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
