//! The HTML reports without a browser: the data part is golden (an unintended change shows
//! in review), pages are deterministic, and the data agrees with the JSON report. The
//! rendered pages are tested in Chromium in `browser.rs`.

use crate::TestCommand;
use serde_json::Value;

/// The page's JSON data block.
fn data_of(page: &str) -> Value {
    let open = "<script type=\"application/json\" id=\"copytrace-data\">";
    let start = page.find(open).expect("the data block") + open.len();
    let end = start + page[start..].find("</script>").expect("its end");
    serde_json::from_str(&page[start..end]).expect("JSON data")
}

fn html(args: &[&str]) -> String {
    let out = TestCommand::in_repo().args(args).args(["--format", "html"]).run();
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    out.stdout().to_owned()
}

#[test]
fn golden_scan_page_data() {
    let data = data_of(&html(&["scan", "corpus"]));
    insta::assert_snapshot!("scan_corpus_html_data", serde_json::to_string_pretty(&data).unwrap());
}

#[test]
fn pages_are_deterministic_and_carry_the_json_reports_passages() {
    let page = html(&["scan", "corpus"]);
    assert_eq!(page, html(&["scan", "corpus"]));
    let data = data_of(&page);
    let json = TestCommand::in_repo().args(["scan", "corpus", "--format", "json"]).run().json();
    let passages = json["passages"].as_array().unwrap();
    assert_eq!(data["passages"].as_array().unwrap().len(), passages.len());
    for (d, j) in data["passages"].as_array().unwrap().iter().zip(passages) {
        assert_eq!(d["a"], serde_json::json!([j["a"]["start"], j["a"]["end"]]));
        assert_eq!(d["b"], serde_json::json!([j["b"]["start"], j["b"]["end"]]));
    }
    for kind in [
        &["trace", "corpus/williamson-leak-updated-report.txt", "--corpus", "corpus"][..],
        &["diff", "corpus/williamson-leak-first-report.txt", "corpus/williamson-leak-updated-report.txt"][..],
    ] {
        let page = html(kind);
        assert_eq!(page, html(kind), "{kind:?}");
        assert_eq!(
            data_of(&page)["report"],
            TestCommand::in_repo().args(kind).args(["--format", "json"]).run().json(),
            "{kind:?}"
        );
    }
}

/// The policy names the inline script and style by digest and allows nothing else.
#[test]
fn the_page_is_self_contained() {
    let page = html(&["scan", "corpus"]);
    let csp_start = page.find("http-equiv=\"Content-Security-Policy\" content=\"").expect("a policy");
    let csp = &page[csp_start..page[csp_start..].find("\">").map(|e| csp_start + e).unwrap()];
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'sha256-") && csp.contains("style-src 'sha256-"),
        "{csp}"
    );
    // Outside the data block (document text may mention addresses, as text).
    let open = page.find("<script type=\"application/json\"").unwrap();
    let close = open + page[open..].find("</script>").unwrap();
    let markup = format!("{}{}", &page[..open], &page[close..]);
    for needle in ["http://", "https://", "src=\"", "<link", "url("] {
        assert!(!markup.contains(needle), "the page refers to something outside it: {needle}");
    }
}
