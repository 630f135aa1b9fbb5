//! Baselines: reuse already accepted (licensed wire copy, a syndication deal), and which
//! passages of a report they accept.
//!
//! A baseline is either
//!
//! * an earlier `copytrace scan --format json` report: each of its passages is accepted; or
//! * an allow-list, one entry per line (`#` starts a comment):
//!   - `A B`: any reuse between documents `A` and `B` (ids as in the reports: paths
//!     relative to the scanned directory);
//!   - `A:START-END B`: the passage of `A` in bytes `START..END` shared with `B`;
//!   - `A:START-END B:START-END`: the same, with `B`'s bytes too.
//!
//! A passage is matched to an entry by its two document ids (in either order) and by the
//! **text**, not the offsets: the entry's byte ranges are read from the documents as they
//! are now, and a passage is accepted when, on at least one side, at least three quarters
//! of its word 3-grams (normalised as for matching) are in the entry's text. So an
//! accepted passage stays accepted when either document is lightly edited or text is
//! inserted before it (its offsets move), while new reuse between the same documents,
//! even when it extends an accepted passage, still is not accepted.
//!
//! ```
//! use copytrace_report::baseline::Baseline;
//! let b = Baseline::parse("# licensed wire copy\nwire/a.txt paper/b.txt\n").unwrap();
//! assert_eq!(b.len(), 1);
//! assert!(Baseline::parse("just-one-field\n").unwrap_err().to_string().starts_with("line 1:"));
//! ```

use crate::scan::{Accepted as Acceptance, Location, PassageRecord, ScanReport};
use copytrace_corpus::Document;
use copytrace_provenance::{fingerprint, Config, DocInput};
use std::collections::{HashMap, HashSet};

/// Why a baseline could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BaselineError {
    /// An allow-list line that is not `A B` or `A:START-END B[:START-END]`.
    #[error("line {line}: expected `A B` or `A:START-END B[:START-END]`, found {found:?}")]
    Entry {
        /// 1-based line.
        line: usize,
        /// The line, comment removed.
        found: String,
    },
    /// A byte range that ends before it starts.
    #[error("line {line}: {field:?}: the range ends before it starts")]
    Range {
        /// 1-based line.
        line: usize,
        /// The field holding the range.
        field: String,
    },
    /// Text starting with `{` that is not JSON.
    #[error("not a JSON report: {0}")]
    Json(String),
    /// JSON without `"format": "copytrace-scan"`.
    #[error("not a copytrace scan report (no \"format\": \"copytrace-scan\")")]
    NotAScanReport,
    /// A scan report without a `passages` array.
    #[error("the report has no passages array")]
    NoPassages,
    /// A passage of the report without its two locations.
    #[error("a passage without `a` and `b` locations")]
    PassageWithoutLocations,
}

/// An accepted piece of reuse.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Accepted {
    /// 1-based line in an allow-list; `None` for a JSON report's passage.
    line: Option<usize>,
    a: String,
    a_range: Option<(usize, usize)>,
    b: String,
    b_range: Option<(usize, usize)>,
}

/// A baseline file, parsed.
#[derive(Clone, Debug, Default)]
pub struct Baseline {
    entries: Vec<Accepted>,
}

impl Baseline {
    /// Parses a baseline (see the [module docs](self)).
    ///
    /// # Errors
    /// A [`BaselineError`] naming the line (or the JSON error) when the text is neither
    /// format.
    pub fn parse(text: &str) -> Result<Baseline, BaselineError> {
        if text.trim_start().starts_with('{') {
            return Baseline::from_json(text);
        }
        let mut entries = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [a, b] = fields.as_slice() else {
                return Err(BaselineError::Entry { line: n + 1, found: line.to_owned() });
            };
            let (a, a_range) = split_range(a, n + 1)?;
            let (b, b_range) = split_range(b, n + 1)?;
            entries.push(Accepted { line: Some(n + 1), a, a_range, b, b_range });
        }
        Ok(Baseline { entries })
    }

    fn from_json(text: &str) -> Result<Baseline, BaselineError> {
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| BaselineError::Json(e.to_string()))?;
        if v.get("format").and_then(|f| f.as_str()) != Some(crate::scan::FORMAT) {
            return Err(BaselineError::NotAScanReport);
        }
        let passages = v.get("passages").and_then(|p| p.as_array()).ok_or(BaselineError::NoPassages)?;
        let mut entries = Vec::new();
        for p in passages {
            let loc: Option<(Location, Location)> = (|| {
                let a = serde_json::from_value(p.get("a")?.clone()).ok()?;
                let b = serde_json::from_value(p.get("b")?.clone()).ok()?;
                Some((a, b))
            })();
            let (a, b): (Location, Location) = loc.ok_or(BaselineError::PassageWithoutLocations)?;
            entries.push(Accepted {
                line: None,
                a: a.doc,
                a_range: Some((a.start, a.end)),
                b: b.doc,
                b_range: Some((b.start, b.end)),
            });
        }
        Ok(Baseline { entries })
    }

    /// The first entry that accepts `p`, a passage of a report on `docs` (by id), if any
    /// (see the [module docs](self)): its 0-based index and, for an allow-list, its line.
    /// A passage of a document not in `docs` is not accepted.
    #[must_use]
    pub fn accepts(&self, p: &PassageRecord, docs: &HashMap<&str, &Document>) -> Option<Acceptance> {
        let (Some(da), Some(db)) = (docs.get(p.a.doc.as_str()), docs.get(p.b.doc.as_str())) else {
            return None;
        };
        let entry = self.entries.iter().position(|e| {
            let (ra, rb) = if e.a == p.a.doc && e.b == p.b.doc {
                (e.a_range, e.b_range)
            } else if e.a == p.b.doc && e.b == p.a.doc {
                (e.b_range, e.a_range)
            } else {
                return false;
            };
            if ra.is_none() && rb.is_none() {
                return true;
            }
            let side = |doc: &Document, range: Option<(usize, usize)>, mine: &Location| {
                range.is_some_and(|(s, e)| covered_by(text_at(doc, mine.start, mine.end), text_at(doc, s, e)))
            };
            side(da, ra, &p.a) || side(db, rb, &p.b)
        })?;
        Some(Acceptance { entry, line: self.entries[entry].line })
    }

    /// Marks the accepted reuse of `report`, a report on `docs`: each passage accepted by
    /// an entry gets [`PassageRecord::accepted`], and each pair all of whose passages are
    /// accepted gets [`PairRecord::accepted`](crate::scan::PairRecord::accepted) (the
    /// entry of its first passage). Marks from an earlier call are replaced. Returns the
    /// number of passages accepted.
    pub fn mark(&self, report: &mut ScanReport, docs: &[Document]) -> usize {
        let by_id: HashMap<&str, &Document> = docs.iter().map(|d| (d.id.as_str(), d)).collect();
        for p in &mut report.passages {
            p.accepted = self.accepts(p, &by_id);
        }
        for pair in &mut report.pairs {
            let marks: Vec<Option<Acceptance>> =
                pair.passages.iter().map(|&i| report.passages.get(i).and_then(|p| p.accepted)).collect();
            pair.accepted = if marks.iter().all(Option::is_some) { marks.first().copied().flatten() } else { None };
        }
        report.passages.iter().filter(|p| p.accepted.is_some()).count()
    }

    /// Number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it has no entry.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// An allow-list field, `ID` or `ID:START-END`, of line `line`.
fn split_range(field: &str, line: usize) -> Result<(String, Option<(usize, usize)>), BaselineError> {
    if let Some((id, range)) = field.rsplit_once(':') {
        if let Some((s, e)) = range.split_once('-') {
            if let (Ok(s), Ok(e)) = (s.parse::<usize>(), e.parse::<usize>()) {
                if s > e {
                    return Err(BaselineError::Range { line, field: field.to_owned() });
                }
                return Ok((id.to_owned(), Some((s, e))));
            }
        }
    }
    Ok((field.to_owned(), None))
}

/// The decoded text of original bytes `start..end` of `doc`.
fn text_at(doc: &Document, start: usize, end: usize) -> &str {
    let s = doc.text_offset(start);
    let e = doc.text_offset(end).max(s);
    &doc.text()[s..e]
}

/// Word 3-gram hashes of a text (every 3-gram, normalised as for matching).
fn trigrams(text: &str) -> HashSet<u64> {
    let cfg = Config::new().ngram(3).window(1);
    fingerprint(&DocInput::new("", text), &cfg).fingerprints.iter().map(|f| f.hash).collect()
}

/// Whether `passage` is mostly accepted text: at least three quarters of its word 3-grams
/// are in `accepted` (so a light edit keeps it accepted, but a passage that grew by new
/// copied text is not).
fn covered_by(passage: &str, accepted: &str) -> bool {
    let (gp, ga) = (trigrams(passage), trigrams(accepted));
    if gp.is_empty() {
        let norm = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ");
        return !norm(passage).is_empty() && norm(accepted).contains(&norm(passage));
    }
    4 * gp.intersection(&ga).count() >= 3 * gp.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_lists_parse() {
        let b = Baseline::parse("# accepted wire copy\n\na.txt b.txt\nx/y.txt:10-20 z.txt  # licensed\nc:1-2 d:3-4\n")
            .unwrap();
        assert_eq!(b.len(), 3);
        assert_eq!(
            b.entries[1],
            Accepted { line: Some(4), a: "x/y.txt".into(), a_range: Some((10, 20)), b: "z.txt".into(), b_range: None }
        );
        assert_eq!(b.entries[2].b_range, Some((3, 4)));
        assert!(Baseline::parse("just-one-field\n").unwrap_err().to_string().contains("line 1"));
        assert!(Baseline::parse("a:9-3 b\n").unwrap_err().to_string().contains("ends before"));
        // An id containing a colon but no range stays whole.
        assert_eq!(Baseline::parse("a:b.txt c\n").unwrap().entries[0].a, "a:b.txt");
        assert!(Baseline::parse("{\"format\": \"other\"}").is_err());
    }

    #[test]
    fn text_similarity_survives_small_edits() {
        let x = "The police said the man was arrested at his home in the north of the city on Monday.";
        let y = "Police said the man was arrested at his home in the north of the city early on Monday!";
        assert!(covered_by(y, x));
        let rain = "Heavy rain is expected to continue across the region until the end of the week.";
        assert!(!covered_by(rain, x));
        // A passage that grew by new copied text is not covered by the old one.
        assert!(!covered_by(&format!("{x} {rain}"), x));
        assert!(covered_by(x, &format!("{rain} {x}")));
    }

    #[test]
    fn text_offset_inverts_original_offset_in_every_encoding() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Caf\u{e9} \u{1F600} ok".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        for bytes in [b"Caf\xe9 \x93quoted\x94 text".to_vec(), "Caf\u{e9} \u{1F600} ok".as_bytes().to_vec(), utf16] {
            let d = copytrace_text::decode::decode(&bytes).unwrap();
            let text = d.text();
            for i in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                assert_eq!(d.text_offset(d.original_offset(i)), i, "{:?} at {i}", d.encoding());
            }
            // A byte inside a character's original bytes gives that character.
            for at in 0..d.original_len() {
                let i = d.text_offset(at);
                if at < d.original_offset(0) {
                    // Bytes before the first character (a byte-order mark) give the start.
                    assert_eq!(i, 0);
                    continue;
                }
                assert!(d.original_offset(i) <= at, "{at}");
                let next = text[i..].chars().next().map_or(text.len(), |c| i + c.len_utf8());
                assert!(next == text.len() || d.original_offset(next) > at, "{at}");
            }
        }
    }

    fn doc(id: &str, bytes: &[u8]) -> Document {
        let decoded = copytrace_text::decode::decode(bytes).unwrap();
        let body = copytrace_diff::Span::new(0, decoded.text().len());
        Document {
            id: id.to_owned(),
            path: id.to_owned(),
            origin: copytrace_corpus::Origin::File { path: id.into() },
            decoded,
            body,
            meta: copytrace_corpus::Metadata::default(),
        }
    }

    fn passage(a: (&str, usize, usize), b: (&str, usize, usize)) -> PassageRecord {
        let loc = |(doc, start, end): (&str, usize, usize)| Location { doc: doc.to_owned(), start, end };
        PassageRecord {
            id: 0,
            pair: 0,
            a: loc(a),
            b: loc(b),
            words: 20,
            similarity: 1.0,
            tier: "verbatim".to_owned(),
            cluster: None,
            paragraphs_a: vec![0],
            paragraphs_b: vec![0],
            accepted: None,
            alternates: Vec::new(),
        }
    }

    #[test]
    fn entries_accept_passages_by_ids_and_text_not_offsets() {
        const X: &str = "The police said the man was arrested at his home in the north of the city on Monday.";
        const RAIN: &str = "Heavy rain is expected to continue across the region until the end of the week.";
        // b.txt is Windows-1252: its offsets are file bytes, one per character.
        let a = doc("a.txt", format!("{X}\n\n{RAIN}\n").as_bytes());
        let b = doc("b.txt", &[b"Caf\xe9. ".as_slice(), X.as_bytes()].concat());
        let docs: HashMap<&str, &Document> = [("a.txt", &a), ("b.txt", &b)].into_iter().collect();
        let x_in_b = ("b.txt", 6, 6 + X.len());
        let shared = passage(("a.txt", 0, X.len()), x_in_b);
        // The same text in both orders of the ids, and by id alone.
        let by_range = Baseline::parse(&format!("b.txt:6-{} a.txt\n", 6 + X.len())).unwrap();
        assert!(by_range.accepts(&shared, &docs).is_some());
        assert!(Baseline::parse("b.txt a.txt\n").unwrap().accepts(&shared, &docs).is_some());
        // An entry with ranges accepts its text only, not other text of the same documents.
        let only_x = Baseline::parse(&format!("a.txt:0-{} b.txt:6-{}\n", X.len(), 6 + X.len())).unwrap();
        assert!(only_x.accepts(&shared, &docs).is_some());
        let rain = passage(("a.txt", X.len() + 2, X.len() + 2 + RAIN.len()), ("b.txt", 0, 5));
        assert!(only_x.accepts(&rain, &docs).is_none());
        // Other documents, or documents not in the report, are not accepted.
        assert!(Baseline::parse("a.txt c.txt\n").unwrap().accepts(&shared, &docs).is_none());
        assert!(Baseline::parse("a.txt b.txt\n")
            .unwrap()
            .accepts(&passage(("a.txt", 0, 5), ("z.txt", 0, 5)), &docs)
            .is_none());
        // The entry that accepts is named: its index among the entries and its line.
        let list = Baseline::parse("# accepted\n\na.txt c.txt\nb.txt a.txt\n").unwrap();
        assert_eq!(list.accepts(&shared, &docs), Some(Acceptance { entry: 1, line: Some(4) }));
    }

    #[test]
    fn mark_names_the_accepting_entry_on_passages_and_fully_accepted_pairs() {
        const X: &str = "The police said the man was arrested at his home in the north of the city on Monday.";
        const RAIN: &str = "Heavy rain is expected to continue across the region until the end of the week.";
        let a = doc("a.txt", format!("{X}\n\n{RAIN}\n").as_bytes());
        let b = doc("b.txt", format!("{X}\n\n{RAIN}\n").as_bytes());
        let mut report = ScanReport {
            format: crate::scan::FORMAT.to_owned(),
            version: crate::scan::VERSION,
            root: ".".to_owned(),
            partial: false,
            summary: crate::scan::Summary::default(),
            settings: crate::scan::Settings::of(
                &copytrace_provenance::Config::default(),
                copytrace_provenance::config::defaults::MAX_DOC_FREQ_FLOOR,
            ),
            documents: vec![],
            pairs: vec![],
            passages: vec![],
            clusters: vec![],
            boilerplate: vec![],
            skipped: vec![],
            warnings: vec![],
            errors: vec![],
        };
        let mut x = passage(("a.txt", 0, X.len()), ("b.txt", 0, X.len()));
        let mut rain =
            passage(("a.txt", X.len() + 2, X.len() + 2 + RAIN.len()), ("b.txt", X.len() + 2, X.len() + 2 + RAIN.len()));
        rain.id = 1;
        x.accepted = Some(Acceptance { entry: 9, line: None }); // replaced
        report.passages = vec![x, rain];
        report.pairs = vec![crate::scan::PairRecord {
            id: 0,
            a: "a.txt".into(),
            b: "b.txt".into(),
            shared_words: 0,
            a_in_b: 0.0,
            b_in_a: 0.0,
            direction: crate::scan::Direction {
                source: None,
                common_source: None,
                basis: "unknown".into(),
                confidence: 0.0,
            },
            passages: vec![0, 1],
            accepted: None,
        }];
        let docs = [a, b];
        // Only the statement is accepted (line 2): the pair is not wholly accepted.
        let only_x = Baseline::parse(&format!("# x\na.txt:0-{} b.txt\n", X.len())).unwrap();
        assert_eq!(only_x.mark(&mut report, &docs), 1);
        assert_eq!(report.passages[0].accepted, Some(Acceptance { entry: 0, line: Some(2) }));
        assert_eq!(report.passages[1].accepted, None);
        assert_eq!(report.pairs[0].accepted, None);
        // A pair-wide entry accepts both, and the pair.
        let both = Baseline::parse("c.txt d.txt\nb.txt a.txt\n").unwrap();
        assert_eq!(both.mark(&mut report, &docs), 2);
        let want = Some(Acceptance { entry: 1, line: Some(2) });
        assert!(report.passages.iter().all(|p| p.accepted == want));
        assert_eq!(report.pairs[0].accepted, want);
        // In the JSON: `accepted` with the entry and line; absent where not accepted.
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["passages"][0]["accepted"], serde_json::json!({"entry": 1, "line": 2}));
        only_x.mark(&mut report, &docs);
        let json = serde_json::to_value(&report).unwrap();
        assert!(json["passages"][1].get("accepted").is_none());
    }
}
