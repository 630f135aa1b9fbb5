//! Tidy tests: rules of the repository checked over its source tree, as rust-analyzer keeps
//! them in its xtask. Each rule is a checker over text (tested here on a small input that
//! breaks it) and a test that runs the checker over the tree:
//!
//! - ARCHITECTURE.md's code map has a section for every crate under `crates/` (and for
//!   `xtask`), names every module file of it by its path relative to the crate's source
//!   directory (`render/json.rs`), and names none that does not exist;
//! - the library crates (every crate under `crates/` but `crates/cli`) use neither
//!   `std::process` nor printing (`print!`, `println!`, `eprint!`, `eprintln!`, standard
//!   output or error), nor `std::fs` except the corpus crate `crates/corpus`; test code
//!   (`#[cfg(test)]` items and the module files they declare) is left out;
//! - every `#[allow(…)]` / `#[expect(…)]` (inner ones too) anywhere in the repository's Rust
//!   source says why: a `reason = "…"` in the attribute, or a `//` comment on the line before
//!   it or on its own lines.

use crate::workspace::workspace_root;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------
// Source text: comments and string literals blanked out.

/// Rust source with the insides of comments, string and character literals replaced by
/// spaces (newlines kept, so byte offsets and line numbers are those of the original), and
/// the lines (0-based) that carry a plain `//` comment (not a `///` or `//!` doc comment).
struct Code {
    text: String,
    commented_lines: BTreeSet<usize>,
}

impl Code {
    fn new(src: &str) -> Code {
        let b = src.as_bytes();
        let mut out = b.to_vec();
        let mut commented_lines = BTreeSet::new();
        let mut line = 0;
        let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
            for c in &mut out[from..to] {
                if *c != b'\n' {
                    *c = b' ';
                }
            }
        };
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' => {
                    line += 1;
                    i += 1;
                }
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    let end = b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p);
                    let doc = matches!(b.get(i + 2), Some(b'/' | b'!')) && b.get(i + 3) != Some(&b'/');
                    if !doc {
                        commented_lines.insert(line);
                    }
                    blank(&mut out, i, end);
                    i = end;
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    let (mut depth, mut j) = (1, i + 2);
                    while j < b.len() && depth > 0 {
                        if b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                            depth += 1;
                            j += 2;
                        } else if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                            depth -= 1;
                            j += 2;
                        } else {
                            if b[j] == b'\n' {
                                line += 1;
                            }
                            j += 1;
                        }
                    }
                    blank(&mut out, i, j);
                    i = j;
                }
                b'r' if !ident_before(b, i) && matches!(b.get(i + 1), Some(b'"' | b'#')) => {
                    let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                    if b.get(i + 1 + hashes) != Some(&b'"') {
                        i += 1;
                        continue;
                    }
                    let open = i + 1 + hashes;
                    let closing: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
                    let end = find(b, open + 1, &closing).unwrap_or(b.len());
                    line += b[open..end].iter().filter(|&&c| c == b'\n').count();
                    blank(&mut out, open + 1, end);
                    i = (end + closing.len()).min(b.len());
                }
                b'"' => {
                    let mut j = i + 1;
                    while j < b.len() && b[j] != b'"' {
                        if b[j] == b'\\' {
                            j += 1;
                        }
                        j += 1;
                    }
                    let end = j.min(b.len());
                    line += b[i..end].iter().filter(|&&c| c == b'\n').count();
                    blank(&mut out, i + 1, end);
                    i = end + 1;
                }
                b'\'' => {
                    // A character literal ('x', '\n', '\u{..}', 'é'), else a lifetime.
                    let end = if b.get(i + 1) == Some(&b'\\') {
                        b.get(i + 3..).and_then(|r| r.iter().position(|&c| c == b'\'')).map(|p| i + 3 + p)
                    } else {
                        let len = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                        (b.get(i + 1 + len) == Some(&b'\'')).then_some(i + 1 + len)
                    };
                    match end {
                        Some(end) => {
                            blank(&mut out, i + 1, end);
                            i = end + 1;
                        }
                        None => i += 1,
                    }
                }
                _ => i += 1,
            }
        }
        // Only ASCII bytes inside comments and literals were replaced by spaces, and
        // multi-byte characters outside them are untouched; any byte of a multi-byte
        // character inside them became a space, so the text stays valid UTF-8.
        Code { text: String::from_utf8_lossy(&out).into_owned(), commented_lines }
    }

    fn line_of(&self, at: usize) -> usize {
        self.text.as_bytes()[..at].iter().filter(|&&c| c == b'\n').count()
    }
}

fn ident_before(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

/// The end (exclusive) of the bracketed group opening at `open` (`(`, `[` or `{`).
fn matching(text: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (k, &c) in text.iter().enumerate().skip(open) {
        match c {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// Every `.rs` file under `dir`, recursively, sorted; `target` and hidden directories are
/// skipped.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else { return out };
    for entry in entries.map(|e| e.expect("readable directory entry")) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                out.extend(rust_files(&path));
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// `path` relative to `base`, with `/` separators.
fn relative(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

// ---------------------------------------------------------------------------------------
// Rule 1: the code map names every module.

/// One `### \`PATH\`` section of the code map: the path of its heading and the `.rs` paths
/// named in backticks in its body.
#[derive(Debug)]
struct Section {
    path: String,
    names: BTreeSet<String>,
}

/// The sections of ARCHITECTURE.md's `## Code map`.
fn code_map(architecture: &str) -> Vec<Section> {
    let Some(start) = architecture.find("\n## Code map") else { return Vec::new() };
    let body = &architecture[start + 1..];
    let body = body[2..].find("\n## ").map_or(body, |end| &body[..end + 2]);
    let mut sections: Vec<Section> = Vec::new();
    for line in body.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            let path = heading.split('`').nth(1).unwrap_or("").trim_end_matches('/').to_owned();
            sections.push(Section { path, names: BTreeSet::new() });
        } else if let Some(section) = sections.last_mut() {
            let names = line.split('`').skip(1).step_by(2).filter(|n| n.ends_with(".rs"));
            section.names.extend(names.map(str::to_owned));
        }
    }
    sections
}

/// Whether a section is about a crate whose modules the map must name.
fn is_checked(path: &str) -> bool {
    path.starts_with("crates/") || path == "xtask"
}

/// What is wrong with the code map, given the crates that exist (`crates/x`, `xtask`) and the
/// module files of each (paths relative to its source directory).
fn code_map_problems(sections: &[Section], modules: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut problems = Vec::new();
    for (krate, files) in modules {
        let Some(section) = sections.iter().find(|s| &s.path == krate) else {
            problems.push(format!("`{krate}` has no `### `{krate}`` section in the code map"));
            continue;
        };
        for file in files.difference(&section.names) {
            problems.push(format!("`{krate}`: module `{file}` exists but the code map does not name it"));
        }
        for name in section.names.difference(files) {
            problems.push(format!("`{krate}`: the code map names `{name}`, which does not exist"));
        }
    }
    for section in sections.iter().filter(|s| is_checked(&s.path) && !modules.contains_key(&s.path)) {
        problems.push(format!("the code map has a section for `{}`, which does not exist", section.path));
    }
    problems
}

/// The source directory of a crate directory: `src/` when it has one, else the directory
/// itself (`crates/cli`).
fn source_dir(krate: &Path) -> PathBuf {
    let src = krate.join("src");
    if src.is_dir() {
        src
    } else {
        krate.to_owned()
    }
}

/// The crates of the tree (`crates/*` holding Rust code, and `xtask`) and their module files.
fn tree_modules(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut crates: Vec<PathBuf> = fs::read_dir(root.join("crates"))
        .expect("crates/ exists")
        .map(|e| e.expect("readable crates/ entry").path())
        .filter(|p| p.is_dir())
        .collect();
    crates.push(root.join("xtask"));
    let mut out = BTreeMap::new();
    for krate in crates {
        let src = source_dir(&krate);
        let files: BTreeSet<String> = rust_files(&src).iter().map(|f| relative(f, &src)).collect();
        if !files.is_empty() {
            out.insert(relative(&krate, root), files);
        }
    }
    out
}

#[test]
fn the_code_map_names_every_module() {
    let root = workspace_root();
    let architecture = fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let modules = tree_modules(&root);
    assert!(modules.contains_key("crates/cli") && modules.contains_key("xtask"), "{modules:?}");
    let problems = code_map_problems(&code_map(&architecture), &modules);
    assert!(problems.is_empty(), "ARCHITECTURE.md's code map is out of date:\n{}", problems.join("\n"));
}

#[test]
fn the_code_map_check_finds_missing_and_stale_names() {
    let md = "# A\n\n## Code map\n\n### `crates/a` — a\n\n- `lib.rs` — root; `old.rs` — gone.\n\
              - `sub/x.rs`, `Thing::new`.\n\n### `crates/gone`\n\n- `lib.rs`\n\n### `tests/it`\n\n- `main.rs`\n\n\
              ## Invariants\n\n- `late.rs`\n";
    let sections = code_map(md);
    assert_eq!(sections.iter().map(|s| s.path.as_str()).collect::<Vec<_>>(), ["crates/a", "crates/gone", "tests/it"]);
    let modules: BTreeMap<String, BTreeSet<String>> = [
        ("crates/a".to_owned(), ["lib.rs", "new.rs", "sub/x.rs"].map(str::to_owned).into()),
        ("crates/b".to_owned(), ["lib.rs"].map(str::to_owned).into()),
    ]
    .into();
    let problems = code_map_problems(&sections, &modules);
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(problems[0].contains("`new.rs` exists"), "{problems:#?}");
    assert!(problems[1].contains("names `old.rs`"), "{problems:#?}");
    assert!(problems[2].contains("`crates/b` has no"), "{problems:#?}");
    assert!(problems[3].contains("`crates/gone`, which does not exist"), "{problems:#?}");
}

// ---------------------------------------------------------------------------------------
// Rule 2: the libraries do no process handling and no printing, and only the corpus crate
// touches the file system.

/// `code` without its test code: every item under `#[cfg(test)]` blanked out. Returns the
/// names of the out-of-line modules so declared (`#[cfg(test)] mod tests;`).
fn without_tests(code: &str) -> (String, Vec<String>) {
    let mut text = code.as_bytes().to_vec();
    let mut test_modules = Vec::new();
    let mut from = 0;
    while let Some(at) = find(&text, from, b"#[cfg(test)]") {
        // The item after the attribute ends at its first `;` outside brackets, or with the
        // bracketed body it opens.
        let mut k = at + "#[cfg(test)]".len();
        let item_start = k;
        let end = loop {
            match text.get(k) {
                None => break text.len(),
                Some(b';') => break k + 1,
                Some(b'{') => break matching(&text, k),
                Some(b'(' | b'[') => k = matching(&text, k),
                Some(_) => k += 1,
            }
        };
        let item = String::from_utf8_lossy(&text[item_start..end]).into_owned();
        let words: Vec<&str> =
            item.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect();
        if item.trim_end().ends_with(';') {
            if let Some(name) = words.iter().position(|&w| w == "mod").and_then(|p| words.get(p + 1)) {
                test_modules.push((*name).to_owned());
            }
        }
        for c in &mut text[at..end] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
        from = end;
    }
    (String::from_utf8_lossy(&text).into_owned(), test_modules)
}

/// Whether `word` occurs in `text` at `at` as a whole path segment (no identifier character
/// or `:` right before it).
fn starts_word(text: &[u8], at: usize) -> bool {
    at == 0 || !(text[at - 1].is_ascii_alphanumeric() || text[at - 1] == b'_')
}

/// The IO a library file does: `(line, what)` for each use of the file system (unless
/// `fs_allowed`), of processes, or of printing, outside test code.
fn io_uses(src: &str, fs_allowed: bool) -> (Vec<(usize, String)>, Vec<String>) {
    let code = Code::new(src);
    let (text, test_modules) = without_tests(&code.text);
    let bytes = text.as_bytes();
    let mut forbidden = vec!["std::process", "print!", "println!", "eprint!", "eprintln!", "stdout", "stderr"];
    if !fs_allowed {
        forbidden.push("std::fs");
    }
    let mut found = Vec::new();
    for pattern in &forbidden {
        let mut from = 0;
        while let Some(at) = find(bytes, from, pattern.as_bytes()) {
            if starts_word(bytes, at) {
                found.push((code.line_of(at) + 1, (*pattern).to_owned()));
            }
            from = at + pattern.len();
        }
    }
    // `use std::{fs, process::Command, io::{self, stdout}}`: the names inside a group.
    let mut from = 0;
    while let Some(at) = find(bytes, from, b"std::{") {
        let end = matching(bytes, at + "std::".len());
        let group = &text[at..end];
        for name in group.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            if name == "process" || (name == "fs" && !fs_allowed) {
                found.push((code.line_of(at) + 1, format!("std::{name}")));
            }
        }
        from = end;
    }
    found.sort();
    found.dedup();
    (found, test_modules)
}

/// The files of a crate's source directory that are not test modules, with their source.
fn library_sources(src: &Path) -> Vec<(PathBuf, String)> {
    let mut excluded: Vec<PathBuf> = Vec::new();
    let mut out = Vec::new();
    for file in rust_files(src) {
        if excluded.iter().any(|e| file.starts_with(e) || file == e.with_extension("rs")) {
            continue;
        }
        let text = fs::read_to_string(&file).expect("readable source");
        let (_, test_modules) = without_tests(&Code::new(&text).text);
        // Child modules of `a/lib.rs`, `a/main.rs` and `a/mod.rs` live in `a/`, those of
        // `a/b.rs` in `a/b/`.
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let dir = if ["lib", "main", "mod"].contains(&stem.as_str()) {
            file.parent().map(Path::to_owned).unwrap_or_default()
        } else {
            file.with_extension("")
        };
        excluded.extend(test_modules.iter().map(|m| dir.join(m)));
        out.push((file, text));
    }
    out.retain(|(file, _)| !excluded.iter().any(|e| file.starts_with(e) || *file == e.with_extension("rs")));
    out
}

#[test]
fn the_libraries_do_no_io_and_print_nothing() {
    let root = workspace_root();
    let mut problems = Vec::new();
    let mut checked = 0;
    for krate in tree_modules(&root).keys().filter(|k| k.starts_with("crates/") && *k != "crates/cli") {
        let fs_allowed = krate == "crates/corpus";
        for (file, text) in library_sources(&source_dir(&root.join(krate))) {
            checked += 1;
            for (line, what) in io_uses(&text, fs_allowed).0 {
                problems.push(format!("{}:{line}: `{what}` in a library crate", relative(&file, &root)));
            }
        }
    }
    assert!(checked > 10, "only {checked} library files found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_io_check_finds_io_outside_tests() {
    let src = "//! Docs: std::fs::read in a comment is fine.\nuse std::{collections::HashMap, fs};\n\
               use std::process::Command;\nfn a() { println!(\"x {}\", 1); let s = \"eprintln!\"; }\n\
               fn b() { std::io::stdout(); }\nfn c() { sprint!(); }\n\
               #[cfg(test)]\nmod tests {\n    fn t() { std::fs::read(\"x\").unwrap(); println!(\"{\"); }\n}\n\
               #[cfg(test)]\nmod more;\n";
    let (found, test_modules) = io_uses(src, false);
    let found: Vec<String> = found.iter().map(|(l, w)| format!("{l}:{w}")).collect();
    assert_eq!(found, ["2:std::fs", "3:std::process", "4:println!", "5:stdout"]);
    assert_eq!(test_modules, ["more"]);
    let (found, _) = io_uses(src, true);
    assert_eq!(found.len(), 3, "{found:?}");
}

// ---------------------------------------------------------------------------------------
// Rule 3: every lint allowance says why.

/// The lines (1-based) of `#[allow(…)]`/`#[expect(…)]` attributes (inner ones too) that give
/// no reason: no `reason = …` inside, no `//` comment on the line before or on their lines.
fn allows_without_reason(src: &str) -> Vec<usize> {
    let code = Code::new(src);
    let text = code.text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = find(text, from, b"#") {
        from = at + 1;
        let mut k = at + 1;
        if text.get(k) == Some(&b'!') {
            k += 1;
        }
        if text.get(k) != Some(&b'[') {
            continue;
        }
        let end = matching(text, k);
        let attr = &code.text[k + 1..end - 1];
        let name = attr.trim_start();
        let is_allow = ["allow", "expect"]
            .iter()
            .any(|a| name.strip_prefix(a).is_some_and(|rest| rest.trim_start().starts_with('(')));
        if !is_allow {
            continue;
        }
        let has_reason = attr.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| w == "reason");
        let (first, last) = (code.line_of(at), code.line_of(end - 1));
        let commented = (first > 0 && code.commented_lines.contains(&(first - 1)))
            || (first..=last).any(|l| code.commented_lines.contains(&l));
        if !has_reason && !commented {
            out.push(first + 1);
        }
        from = end;
    }
    out
}

#[test]
fn every_allow_has_a_reason() {
    let root = workspace_root();
    let mut files = Vec::new();
    for dir in ["crates", "tests", "xtask", "fuzz"] {
        files.extend(rust_files(&root.join(dir)));
    }
    assert!(files.len() > 30, "only {} Rust files found", files.len());
    let mut problems = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).expect("readable source");
        for line in allows_without_reason(&text) {
            problems.push(format!(
                "{}:{line}: an allow/expect without `reason = \"…\"` or a `//` comment",
                relative(file, &root)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_allow_check_finds_allows_without_reason() {
    let src = "#![allow(dead_code)]\n#![expect(clippy::x, reason = \"why\")]\n\
               // The cast is checked above.\n#[allow(clippy::cast_possible_truncation)]\nfn a() {}\n\
               /// Docs are not a reason.\n#[allow(unused)]\nfn b() {}\n\
               #[allow(unused)] // kept for the tests\nfn c() {}\n\
               #[expect(\n    clippy::too_many_lines,\n    reason = \"one table\"\n)]\nfn d() {}\n\
               #[ allow ( unused ) ]\nfn e() { let s = \"#[allow(x)]\"; }\n#[allowed_attr]\nfn f() {}\n\
               #[cfg_attr(test, derive(Debug))]\nstruct S;\n";
    assert_eq!(allows_without_reason(src), [1, 7, 16]);
}

#[test]
fn code_blanks_comments_and_literals() {
    let code = Code::new("let a = 'x'; // c {\nlet b: &'static str = r#\"}\"#; /* { */ let c = \"\\\"{\";\n");
    assert_eq!(code.text, "let a = ' ';       \nlet b: &'static str = r#\" \"#;         let c = \"   \";\n");
    assert_eq!(code.commented_lines, [0].into());
}
