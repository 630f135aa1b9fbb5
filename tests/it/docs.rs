//! `copytrace completions SHELL` and `copytrace man`: generated from the command line's
//! definitions, so they name every command and option that exists.

use crate::TestCommand;

const SUBCOMMANDS: [&str; 6] = ["diff", "scan", "trace", "index", "completions", "man"];

#[test]
fn completions_for_every_shell_name_the_commands_and_their_options() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = TestCommand::new().args(["completions", shell]).run();
        out.assert_code(0);
        assert!(out.stderr.is_empty(), "{shell}: {}", out.stderr);
        let script = out.stdout();
        for word in SUBCOMMANDS {
            assert!(script.contains(word), "{shell}: no {word}");
        }
        // Options of several commands, global ones included.
        for flag in ["fail-containment", "against", "side-by-side", "update", "width", "color"] {
            assert!(script.contains(flag), "{shell}: no --{flag}");
        }
    }
    TestCommand::new().args(["completions", "tcsh"]).run().assert_code(2);
}

#[test]
fn the_man_page_is_roff_and_names_every_command() {
    let out = TestCommand::new().args(["man"]).run();
    out.assert_code(0);
    let page = out.stdout();
    assert!(page.starts_with(".TH") || page.starts_with(".ie"), "{}", &page[..page.len().min(200)]);
    assert!(page.contains("\n.TH copytrace 1"), "a section 1 page");
    assert!(page.contains(".SH SUBCOMMANDS") || page.contains(".SH COMMANDS"), "{page}");
    for word in SUBCOMMANDS {
        assert!(page.contains(&format!("copytrace\\-{word}")), "no {word}:\n{page}");
    }
    // Each command's page, which the main page refers to.
    let scan = TestCommand::new().args(["man", "scan"]).run();
    scan.assert_code(0);
    assert!(scan.stdout().contains(".TH copytrace-scan 1") && scan.stdout().contains("fail\\-containment"));
    let bad = TestCommand::new().args(["man", "nope"]).run();
    bad.assert_code(2);
    assert!(bad.stderr.contains("no manual page for \"nope\""), "{}", bad.stderr);
    // The same bytes every run.
    assert_eq!(TestCommand::new().args(["man"]).run().stdout, out.stdout);
}

#[test]
fn readme_and_help_document_completions_and_man() {
    let readme = std::fs::read_to_string(std::path::Path::new(crate::ROOT).join("README.md")).expect("README");
    assert!(readme.contains("copytrace completions bash") && readme.contains("copytrace man"), "README");
    let help = TestCommand::new().args(["--help"]).run();
    assert!(help.stdout().contains("completions") && help.stdout().contains("man "), "{}", help.stdout());
}
