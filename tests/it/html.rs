//! HTML pages (defect 14): read as the prose of their article, every offset a byte offset
//! into the page.

use crate::TestCommand;

/// A news page of one site: its template (head with a script and a style, masthead,
/// navigation, cookie banner, sidebar, footer, trailing script) around `article`.
fn page(title: &str, article: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The Daily Planet</title>
<meta property="og:site_name" content="The Daily Planet">
<meta name="date" content="2024-03-11">
<style>body {{ font-family: Georgia; }} .stylesecret {{ color: #333 }}</style>
<script>var scriptsecret = "<p>Accept all cookies to continue reading our journalism</p>";</script>
</head><body>
<header class="masthead"><a href="/">The Daily Planet</a> <span>Independent news since 1938, delivered to your door every morning</span></header>
<nav><ul><li><a href="/world">World news</a></li><li><a href="/politics">Politics and government</a></li><li><a href="/business">Business and markets</a></li><li><a href="/sport">Sport results and fixtures</a></li></ul></nav>
<div id="cookie-banner" role="dialog"><p>We use cookies to improve your experience on our website and to show you personalised advertising. By continuing to browse you agree to our use of cookies.</p><button>Accept all</button></div>
<main><article><h1>{title}</h1>
{article}
</article></main>
<aside><h2>Most read</h2><ol><li>Ten things you did not know about the city council budget</li><li>Weather warning issued for the weekend across the region</li></ol></aside>
<footer><p>Copyright The Daily Planet Limited. All rights reserved. Registered in England and Wales, company number 0123456.</p></footer>
<script>document.querySelectorAll('a').forEach(function(a) {{ a.addEventListener('click', track); }});</script>
</body></html>
"#
    )
}

const LIBRARIES: &str = "<p>The city council voted on Tuesday to close three libraries in the northern districts, \
    citing a shortfall of four million pounds in the annual budget.</p>\n<p>Residents gathered outside the town hall \
    before the vote, holding placards and reading aloud from their favourite books.</p>";
const SEAS: &str = "<p>Scientists at the coastal research station have recorded the warmest sea temperatures since \
    measurements began, according to a report published this week.</p>\n<p>The team warned that fish stocks could \
    move north within a decade if the trend continues unchecked.</p>";

/// The shared paragraph, written with references and inline markup.
const SHARED_MARKUP: &str = "<p>The minister&#8217;s decision, announced <em>late on Friday</em>, surprised both \
    <a href=\"/unions\">unions</a> &amp; employers across the&nbsp;country.</p>";
/// The same paragraph in plain UTF-8.
const SHARED_PLAIN: &str = "<p>The minister\u{2019}s decision, announced late on Friday, surprised both unions &amp; \
    employers across the country.</p>";

fn shared_pages(cmd: &TestCommand) {
    let one = format!(
        "<p>Opening paragraph about the rail strike that started this morning across the nation.</p>\n{SHARED_MARKUP}\n\
         <p>Talks are due to resume next week.</p>"
    );
    let two = format!(
        "<p>Another outlet led with the economic cost of the strike to small businesses in the capital.</p>\n\
         {SHARED_PLAIN}\n<p>Commuters faced long delays.</p>"
    );
    cmd.write("pages/one.html", page("Rail strike", &one));
    cmd.write("pages/two.htm", page("Strike costs", &two));
}

#[test]
fn pages_sharing_only_a_template_show_no_reuse() {
    let mut cmd = TestCommand::new();
    cmd.write("pages/libraries.html", page("Libraries to close", LIBRARIES));
    cmd.write("pages/seas.html", page("Warm seas", SEAS));
    let out = cmd.args(["scan", "pages", "--format", "json"]).run();
    out.assert_code(0);
    let json = out.json();
    assert_eq!(json["pairs"].as_array().map(Vec::len), Some(0), "{json:#}");
    for doc in json["documents"].as_array().unwrap() {
        assert_eq!(doc["shared_words"], 0, "{doc:#}");
        assert_eq!(doc["outlet"], "The Daily Planet");
        assert_eq!(doc["date"], "2024-03-11");
        assert_eq!(doc["format"], "html");
    }
}

#[test]
fn a_shared_paragraph_is_found_and_its_offsets_slice_the_pages() {
    let mut cmd = TestCommand::new();
    shared_pages(&cmd);
    let out = cmd.args(["scan", "pages", "--format", "json"]).run();
    out.assert_code(1);
    let json = out.json();
    let passages = json["passages"].as_array().unwrap();
    assert_eq!(passages.len(), 1, "{json:#}");
    let slice = |loc: &serde_json::Value| {
        let bytes = std::fs::read(cmd.dir().join("pages").join(loc["doc"].as_str().unwrap())).unwrap();
        let (start, end) = (loc["start"].as_u64().unwrap() as usize, loc["end"].as_u64().unwrap() as usize);
        String::from_utf8(bytes[start..end].to_vec()).unwrap()
    };
    let (a, b) = (slice(&passages[0]["a"]), slice(&passages[0]["b"]));
    let (markup, plain) = if passages[0]["a"]["doc"] == "one.html" { (a, b) } else { (b, a) };
    // From the paragraph's first word to its last, in the page's own bytes.
    assert!(markup.starts_with("The minister&#8217;s decision"), "{markup}");
    assert!(markup.ends_with("across the&nbsp;country"), "{markup}");
    assert!(markup.contains("<em>late on Friday</em>") && markup.contains("&amp; employers"), "{markup}");
    assert!(plain.starts_with("The minister\u{2019}s decision"), "{plain}");
    assert!(plain.ends_with("across the country"), "{plain}");
}

#[test]
fn scripts_and_styles_never_reach_a_report() {
    let mut cmd = TestCommand::new();
    shared_pages(&cmd);
    let secrets = ["scriptsecret", "stylesecret", "Accept all", "cookies", "Most read", "Copyright", "<em>", "&amp;"];
    let runs: [&[&str]; 5] = [
        &["scan", "pages"],
        &["scan", "pages", "--format", "json", "--detail"],
        &["scan", "pages", "--detail"],
        &["trace", "pages/one.html", "--corpus", "pages"],
        &["diff", "pages/one.html", "pages/two.htm"],
    ];
    for args in runs {
        let out = TestCommand::new().args(args.iter().map(|a| a.replace("pages", &cmd_dir(&cmd)))).run();
        assert!(out.code == 0 || out.code == 1, "{args:?}: {}", out.stderr);
        let text = String::from_utf8_lossy(&out.stdout);
        for secret in secrets {
            assert!(!text.contains(secret), "{args:?} shows {secret:?}:\n{text}");
        }
    }
    let _ = &mut cmd;
}

fn cmd_dir(cmd: &TestCommand) -> String {
    cmd.dir().join("pages").to_string_lossy().into_owned()
}

#[test]
fn json_lines_records_may_hold_html() {
    let mut cmd = TestCommand::new();
    let record = |id: &str, html: &str| serde_json::json!({ "id": id, "html": html }).to_string();
    let one = page("Libraries to close", LIBRARIES);
    let two = page("Libraries shut", &format!("{LIBRARIES}<p>An extra paragraph on the reaction of readers.</p>"));
    let three = page("Warm seas", SEAS);
    let lines = [record("one", &one), record("two", &two), record("three", &three)].join("\n");
    cmd.write("pages.jsonl", lines);
    let out = cmd.args(["scan", "pages.jsonl", "--format", "json"]).run();
    out.assert_code(1);
    let json = out.json();
    let pairs = json["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 1, "only one and two share their article, not the template: {json:#}");
    let three = json["documents"].as_array().unwrap().iter().find(|d| d["id"] == "three").unwrap();
    assert_eq!(three["shared_words"], 0);
    assert_eq!(three["format"], "html");
    assert_eq!(three["title"], "Warm seas | The Daily Planet");
    // Offsets refer to the record's `html` string.
    let passage = &json["passages"][0]["a"];
    let (start, end) = (passage["start"].as_u64().unwrap() as usize, passage["end"].as_u64().unwrap() as usize);
    let html = if passage["doc"] == "one" { &one } else { &two };
    assert!(html[start..end].starts_with("The city council"), "{}", &html[start..end]);
}

#[test]
fn diff_of_two_versions_shows_word_changes_and_no_markup() {
    let mut cmd = TestCommand::new();
    cmd.write("old.html", page("Libraries to close", LIBRARIES));
    let edited = LIBRARIES.replace("three libraries", "<strong>four</strong> libraries");
    cmd.write("new.html", page("Libraries to close", &edited));
    let out = cmd.args(["diff", "old.html", "new.html", "--format", "json"]).run();
    out.assert_code(1);
    let json = out.json();
    let text = json.to_string();
    assert!(!text.contains("<strong>") && !text.contains("scriptsecret"), "{json:#}");
    assert_eq!(json["files"]["old"]["format"], "html");
    let human = TestCommand::new()
        .args(["diff", cmd.dir().join("old.html").to_str().unwrap(), cmd.dir().join("new.html").to_str().unwrap()])
        .env("COLUMNS", "200")
        .run();
    let shown = human.stdout();
    assert!(shown.contains("[-three-]{+four+}"), "{shown}");
    for markup in ["<strong>", "<p>", "<nav>", "cookies", "scriptsecret"] {
        assert!(!shown.contains(markup), "{markup}: {shown}");
    }
}

#[test]
fn hostile_pages_never_panic() {
    let mut cmd = TestCommand::new();
    cmd.write("junk.html", (0..=255u8).cycle().take(5000).collect::<Vec<u8>>());
    cmd.write("nested.html", "<div>".repeat(400_000) + "deep text inside" + &"</span>".repeat(1000));
    cmd.write("attr.html", format!("<p>A page with text <a href=\"{}\">a link", "x".repeat(2_000_000)));
    cmd.write("script.html", "<script>document.write('</p><p>not prose')</script><p>Real prose here.</p>");
    cmd.write("unclosed.html", "<p>Unclosed <b><i><aside>side<p>after");
    let out = cmd.args(["scan", ".", "--format", "json"]).run();
    out.assert_code(0);
    let json = out.json();
    let ids: Vec<&str> = json["documents"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["attr.html", "nested.html", "script.html", "unclosed.html"], "{json:#}");
    assert!(!out.stderr.contains("panick"), "{}", out.stderr);
    let trace = TestCommand::new()
        .args(["trace", cmd.dir().join("script.html").to_str().unwrap(), "--corpus"])
        .arg_path(cmd.dir())
        .run();
    assert!(trace.stdout().contains("Real prose here."), "{}", trace.stdout());
    assert!(!trace.stdout().contains("not prose"), "{}", trace.stdout());
}

#[test]
fn markdown_and_text_stay_text() {
    let mut cmd = TestCommand::new();
    cmd.write("a.md", "# Title\n\nSome <em>emphasis</em> &amp; more words.");
    let out = cmd.args(["scan", ".", "--format", "json"]).run();
    out.assert_code(0);
    let doc = &out.json()["documents"][0];
    assert!(doc["format"].is_null(), "text has no format field: {doc:#}");
}
