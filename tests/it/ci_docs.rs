//! The README's "copytrace in CI" section: its commands run as shown on a small archive,
//! and the GitHub problem matcher it points to reads their `--format ci` lines.

use crate::TestCommand;

fn readme_section() -> String {
    let readme = std::fs::read_to_string(std::path::Path::new(crate::ROOT).join("README.md")).expect("README.md");
    let start = readme.find("## copytrace in CI").expect("README has a \"copytrace in CI\" section");
    let rest = &readme[start..];
    rest[..rest[3..].find("\n## ").map_or(rest.len(), |e| e + 3)].to_owned()
}

/// The `copytrace ...` commands of the section's YAML blocks, as argument lists.
fn commands(section: &str) -> Vec<Vec<String>> {
    section
        .split("```yaml\n")
        .skip(1)
        .flat_map(|block| block[..block.find("```").expect("block ends")].lines())
        .filter_map(|line| line.find("copytrace ").map(|at| &line[at..]))
        .filter(|cmd| !cmd.contains('<') && !cmd.starts_with("copytrace-"))
        .map(|cmd| cmd.split_whitespace().skip(1).map(str::to_owned).collect())
        .collect()
}

/// An archive with a wire story and new articles, one copying the wire.
fn archive(t: &TestCommand) {
    let statement = "The police said the man was arrested at his home in the north of the city on Monday \
        evening and was being questioned on suspicion of fraud and false accounting, after an investigation \
        that lasted more than two years and involved officers from three different forces across the country.";
    t.write("archive/wire.txt", format!("date 2024-01-01\nA wire story.\n\n{statement}\n"));
    t.write("archive/weather.txt", "Heavy rain is expected to continue across the region until the end of the week.\n");
    t.write(
        "new/outlet.txt",
        format!("date 2024-01-02\nA local story about the arrest.\n\nIn other news: «{statement}»\n"),
    );
    t.write("new/fresh.txt", "Nothing copied here at all, only original reporting on the harbour and the boats.\n");
    t.write("accepted-reuse.txt", "# licensed wire copy, one `A B` line per accepted pair\n");
}

#[test]
fn the_readme_ci_commands_run_and_the_problem_matcher_reads_their_lines() {
    let section = readme_section();
    let cmds = commands(&section);
    // Index and scan, in the GitHub job and the GitLab job.
    assert_eq!(cmds.len(), 4, "{cmds:?}");
    assert!(
        cmds.iter().filter(|c| c[0] == "index").count() == 2 && cmds.iter().filter(|c| c[0] == "scan").count() == 2
    );

    let matcher: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(std::path::Path::new(crate::ROOT).join(".github/copytrace-matcher.json"))
            .expect("the matcher file"),
    )
    .expect("the matcher is JSON");
    let pattern = &matcher["problemMatcher"][0]["pattern"][0];
    let regexp = regex::Regex::new(pattern["regexp"].as_str().expect("regexp")).expect("the regexp compiles");
    let group = |name: &str| pattern[name].as_u64().unwrap_or_else(|| panic!("no {name} group")) as usize;
    assert!(section.contains(".github/copytrace-matcher.json"));

    for job in cmds.chunks(2) {
        let t = TestCommand::new();
        archive(&t);
        let dir = t.dir().to_owned();
        // Run in the archive's directory, as the job runs in the repository's root.
        let run = |args: &[String]| {
            std::process::Command::new(env!("CARGO_BIN_EXE_copytrace"))
                .args(args)
                .current_dir(&dir)
                .output()
                .expect("run copytrace")
        };
        let index = run(&job[0]);
        assert_eq!(index.status.code(), Some(0), "{:?}: {}", job[0], String::from_utf8_lossy(&index.stderr));
        let scan = run(&job[1]);
        let stdout = String::from_utf8(scan.stdout).expect("UTF-8");
        assert_eq!(scan.status.code(), Some(1), "{:?}: {stdout}{}", job[1], String::from_utf8_lossy(&scan.stderr));
        let lines: Vec<&str> = stdout.lines().collect();
        assert!(!lines.is_empty());
        for line in lines {
            let caps = regexp.captures(line).unwrap_or_else(|| panic!("the matcher misses {line:?}"));
            assert_eq!(&caps[group("file")], "new/outlet.txt", "{line}");
            // The copied statement starts on line 4 after `In other news: «`: column 17 in
            // characters (« is two bytes).
            assert_eq!(&caps[group("line")], "4", "{line}");
            assert_eq!(&caps[group("column")], "17", "{line}");
            let message = &caps[group("message")];
            assert!(message.contains("wire.txt") && message.contains("--fail-"), "{message}");
        }
    }
}
