//! Repeated text and paragraph boundaries (issue 11 §3): text found several times in a
//! document is one passage with alternates, and a passage never spills into a paragraph
//! whose text does not match, in `scan` and in `trace`.

use crate::TestCommand;
use serde_json::Value;

/// A wire paragraph the outlets paste.
const WIRE_PARA: &str = "The council confirmed on Monday that the new bus lanes on the ring road would open in \
    March, two months later than planned, after contractors found old gas pipes under the junction.";

/// The wire's next paragraph: it begins with "The", as the outlet's own paragraph does.
const WIRE_NEXT: &str = "The transport committee will meet again in April to decide whether the lanes should \
    run through the night.";

/// The outlet's own paragraph after the pasted one.
const OUTLET_OWN: &str = "The Echo understands that several traders on the high street intend to ask for \
    compensation for the months of roadworks.";

fn at(loc: &Value) -> (usize, usize) {
    (loc["start"].as_u64().unwrap() as usize, loc["end"].as_u64().unwrap() as usize)
}

#[test]
fn a_scan_passage_ends_where_the_shared_text_ends() {
    let mut t = TestCommand::new();
    t.write("corpus/wire.txt", format!("{WIRE_PARA}\n\n{WIRE_NEXT}\n"));
    let outlet = format!("Traders are angry.\n\n{WIRE_PARA}\n\n{OUTLET_OWN}\n");
    t.write("corpus/outlet.txt", &outlet);
    let out = t.args(["scan", "corpus", "--format", "json"]).run();
    out.assert_code(1);
    let report = out.json();
    let passages = report["passages"].as_array().unwrap();
    assert_eq!(passages.len(), 1, "{passages:?}");
    let side = if passages[0]["b"]["doc"] == "outlet.txt" { &passages[0]["b"] } else { &passages[0]["a"] };
    let (s, e) = at(side);
    // The pasted paragraph without its full stop, and not the "The" of the next one.
    assert_eq!(&outlet[s..e], &WIRE_PARA[..WIRE_PARA.len() - 1]);
}

#[test]
fn trace_does_not_link_an_outlets_own_paragraph_by_its_first_word() {
    let mut t = TestCommand::new();
    t.write("corpus/wire.txt", format!("{WIRE_PARA}\n\n{WIRE_NEXT}\n"));
    let outlet = t.write("outlet.txt", format!("{WIRE_PARA}\n\n{OUTLET_OWN}\n"));
    let out = t.args(["trace"]).arg_path(&outlet).args(["--corpus", "corpus", "--format", "json"]).run();
    out.assert_code(1);
    let report = out.json();
    let paragraphs = report["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 2);
    assert_eq!(paragraphs[0]["likeliest"], "wire.txt");
    assert!(
        paragraphs[1]["sources"].as_array().unwrap().is_empty(),
        "the outlet's own paragraph is linked to the wire: {}",
        paragraphs[1]
    );
}

#[test]
fn text_repeated_in_the_other_document_is_one_passage_with_alternates() {
    let mut t = TestCommand::new();
    t.write("corpus/wire.txt", format!("{WIRE_PARA}\n"));
    let outlet = format!(
        "Traders are angry.\n\n{WIRE_PARA}\n\nOur own words in between.\n\n{WIRE_PARA}\n\nMore words.\n\n{WIRE_PARA}\n"
    );
    t.write("corpus/outlet.txt", &outlet);
    let out = t.args(["scan", "corpus", "--format", "json"]).run();
    out.assert_code(1);
    let report = out.json();
    assert_eq!(report["summary"]["passages"], 1);
    let passage = &report["passages"][0];
    let occurrences: Vec<usize> = outlet.match_indices(WIRE_PARA).map(|(i, _)| i).collect();
    let outlet_side = |x: &Value| if x["b"]["doc"] == "outlet.txt" { at(&x["b"]).0 } else { at(&x["a"]).0 };
    assert_eq!(outlet_side(passage), occurrences[0]);
    let alternates: Vec<usize> = passage["alternates"].as_array().unwrap().iter().map(outlet_side).collect();
    assert_eq!(alternates, occurrences[1..].to_vec());
    // Every copy is the wire's text: the outlet's words found in the wire count them all.
    let outlet_doc = report["documents"].as_array().unwrap().iter().find(|d| d["id"] == "outlet.txt").unwrap();
    let words = outlet_doc["words"].as_u64().unwrap();
    let shared = outlet_doc["shared_words"].as_u64().unwrap();
    let para_words = WIRE_PARA.split_whitespace().count() as u64;
    assert!(shared >= 3 * para_words - 3 && shared < words, "{shared} of {words}");
}
