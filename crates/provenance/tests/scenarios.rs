//! Scenario tests on real prose: the seed corpus in `corpus/`, and texts of the Clough &
//! Stevenson corpus of plagiarised short answers in `../shared/data/` (beside the
//! checkout, on CI as locally), pasted, edited, reordered and clustered.

use copytrace_provenance::{
    align_pair, align_reworded, analyze, analyze_fingerprints, analyze_fingerprints_touching, candidates, fingerprint,
    trace, BoilerplateReason, Candidates, Config, DirectionBasis, DocFingerprints, DocInput, Passage, PassageKind,
    Report, Verdict,
};
use copytrace_text::decode::decode;
use copytrace_text::Span;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn clough_dir() -> PathBuf {
    repo().join("../shared/data/clough-stevenson-2011")
}

/// A Clough & Stevenson text, decoded (some are Windows-1252).
fn clough(name: &str) -> String {
    let path = clough_dir().join("texts").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    decode(&bytes).expect("text").text().to_owned()
}

/// `count` whitespace-separated words of `text` from word `from`, joined by spaces.
fn words(text: &str, from: usize, count: usize) -> String {
    text.split_whitespace().skip(from).take(count).collect::<Vec<_>>().join(" ")
}

/// The seed articles, sorted by name, with the ` date YYYY-MM-DD ` prefix read as
/// metadata the way the CLI does.
fn seed_corpus() -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("corpus"))
        .expect("corpus/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 3);
    files
        .iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(p).expect("utf-8")))
        .collect()
}

fn seed_input<'a>(name: &str, text: &'a str) -> DocInput<'a> {
    let mut doc = DocInput::new(name, text);
    let trimmed = text.trim_start();
    if let Some(rest) = trimmed.strip_prefix("date ") {
        let date = &rest[..10];
        let end = text.len() - rest.len() + 10;
        doc.date = Some(date.to_owned());
        doc.skip.push(Span::new(0, end));
    }
    doc
}

fn reuse(report: &Report) -> impl Iterator<Item = &Passage> {
    report.passages.iter().filter(|p| p.kind == PassageKind::Reuse)
}

/// Longest run of equal normalised words between two texts (the quadratic way).
fn longest_common_run(a: &DocFingerprints, b: &DocFingerprints) -> usize {
    let (ta, tb): (Vec<u32>, Vec<u32>) =
        (a.words.iter().map(|w| w.id).collect(), b.words.iter().map(|w| w.id).collect());
    let mut best = 0;
    let mut prev = vec![0usize; tb.len() + 1];
    for &x in &ta {
        let mut cur = vec![0usize; tb.len() + 1];
        for (j, &y) in tb.iter().enumerate() {
            if x == y {
                cur[j + 1] = prev[j] + 1;
                best = best.max(cur[j + 1]);
            }
        }
        prev = cur;
    }
    best
}

#[test]
fn seed_reports_share_nearly_all_of_the_first_with_merged_paragraphs() {
    let corpus = seed_corpus();
    let docs: Vec<DocInput<'_>> = corpus.iter().map(|(n, t)| seed_input(n, t)).collect();
    assert_eq!(docs[0].date.as_deref(), Some("2019-05-04"));
    let report = analyze(&docs, &Config::new());
    let (first, updated) = (&corpus[0].1, &corpus[1].1);

    let pair = report.pairs.iter().find(|p| (p.a, p.b) == (0, 1)).expect("the two reports are paired");
    assert!(pair.containment_a >= 0.9, "first report found in the updated one: {}", pair.containment_a);
    assert!((0.5..0.8).contains(&pair.containment_b), "updated report from the first: {}", pair.containment_b);

    // The caption line is shared.
    assert!(reuse(&report).any(|p| first[p.a.span.range()].starts_with("Gavin Williamson was fired")
        && updated[p.b.span.range()].ends_with("Credit: PA")));

    // The first report's 2nd and 4th paragraphs each merge several paragraphs of the
    // updated one: most words of each of those are covered by passages overlapping the
    // merged paragraph.
    let fp0 = fingerprint(&docs[0], &Config::new());
    let fp1 = fingerprint(&docs[1], &Config::new());
    for (merged, parts) in [(1usize, vec![5usize, 6, 7]), (3, vec![9, 10, 11, 12])] {
        let pa = &fp0.paragraphs[merged];
        for part in &parts {
            let pb = &fp1.paragraphs[*part];
            let covered = (pb.first_word..pb.end_word)
                .filter(|&w| {
                    reuse(&report).any(|p| {
                        p.a.doc == 0
                            && p.b.doc == 1
                            && p.a.words.start < pa.end_word
                            && pa.first_word < p.a.words.end
                            && p.b.words.start <= w
                            && w < p.b.words.end
                    })
                })
                .count();
            let total = (pb.end_word - pb.first_word) as usize;
            assert!(
                covered * 10 >= total * 8,
                "updated ¶{part} ({:?}): {covered} of {total} words matched to first ¶{merged}",
                &updated[pb.span.range()][..40]
            );
        }
    }

    // The independent article shares no passage of eight or more words with either...
    assert!(report.passages.iter().all(|p| p.a.doc != 2 && p.b.doc != 2));
    assert!(report.pairs.iter().all(|p| p.a != 2 && p.b != 2));
    // ... and indeed no run of eight words, while topic phrases of a few words exist.
    let fp2 = fingerprint(&docs[2], &Config::new());
    for other in [&fp0, &fp1] {
        let run = longest_common_run(other, &fp2);
        assert!((4..8).contains(&run), "longest common run {run}");
    }
    // Its READ MORE lines are boilerplate: counted apart, as boilerplate words, but words of
    // the document all the same (one word count everywhere).
    let labels: Vec<&str> = report
        .boilerplate
        .iter()
        .filter(|b| b.doc == 2 && b.reason == BoilerplateReason::LabelLine)
        .map(|b| &corpus[2].1[b.span.range()])
        .collect();
    assert_eq!(labels.len(), 2, "{labels:?}");
    // (After the colon comes a no-break space.)
    assert!(labels.iter().all(|l| l.split_whitespace().collect::<Vec<_>>().join(" ").starts_with("READ MORE: Gavin")));
    assert_eq!(report.documents[2].words as usize, copytrace_text::word_count(&corpus[2].1));
    assert_eq!(report.documents[2].words as usize, fp2.words.len());
    assert_eq!(report.documents[2].boilerplate_words, 22);

    // Spans are word-aligned byte ranges of the texts.
    for p in &report.passages {
        for (side, text) in [(&p.a, &corpus[p.a.doc as usize].1), (&p.b, &corpus[p.b.doc as usize].1)] {
            let s = &text[side.span.range()];
            assert!(s.starts_with(char::is_alphanumeric) && s.ends_with(char::is_alphanumeric), "{s:?}");
        }
    }
}

#[test]
fn seed_direction_from_expansion_then_dates() {
    let corpus = seed_corpus();
    let mut docs: Vec<DocInput<'_>> = corpus.iter().map(|(n, t)| seed_input(n, t)).collect();
    // Only the first report is dated: it is nearly all in the update, in order, so the
    // update expanded it: the first report is the source.
    let d = analyze(&docs, &Config::new()).pairs[0].direction;
    assert_eq!((d.verdict, d.source, d.basis), (Verdict::AToB, Some(0), DirectionBasis::Expansion));
    assert!((d.confidence - 0.8).abs() < 1e-9, "{}", d.confidence);
    let r = analyze(&docs, &Config::new());
    assert!(r.documents[1].originality < 0.5 && (r.documents[0].originality - 1.0).abs() < 1e-12);
    // A later date agrees; an earlier one (however odd) wins over containment.
    docs[1].date = Some("2019-05-05".into());
    let d = analyze(&docs, &Config::new()).pairs[0].direction;
    assert_eq!((d.verdict, d.basis), (Verdict::AToB, DirectionBasis::Date));
    docs[1].date = Some("2019-05-03".into());
    let r = analyze(&docs, &Config::new());
    let d = r.pairs[0].direction;
    assert_eq!((d.verdict, d.source, d.basis), (Verdict::BToA, Some(1), DirectionBasis::Date));
    assert!(r.documents[0].originality < 0.1);
    // Equal dates fall back to the expansion.
    docs[1].date = Some("2019-05-04".into());
    assert_eq!(analyze(&docs, &Config::new()).pairs[0].direction.basis, DirectionBasis::Expansion);
}

#[test]
fn containment_ranks_clough_answers_like_their_labels() {
    let csv = std::fs::read_to_string(clough_dir().join("corpus-final09.csv")).expect("labels");
    let rows: Vec<(String, String, String)> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_owned(), f[3].to_owned(), f[4].to_owned())
        })
        .collect();
    assert_eq!(rows.len(), 95);
    let mut names: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    names.extend(["a", "b", "c", "d", "e"].iter().map(|t| format!("orig_task{t}.txt")));
    let texts: Vec<String> = names.iter().map(|n| clough(n)).collect();
    let docs: Vec<DocInput<'_>> = names.iter().zip(&texts).map(|(n, t)| DocInput::new(n.clone(), t)).collect();
    let report = analyze(&docs, &Config::new());
    let mut by_cat: std::collections::BTreeMap<&str, Vec<f64>> = Default::default();
    let mut scored: Vec<(f64, bool)> = Vec::new();
    for (i, (_, task, cat)) in rows.iter().enumerate() {
        let src = names.iter().position(|n| *n == format!("orig_task{task}.txt")).unwrap() as u32;
        let i = i as u32;
        let c = report.pairs.iter().find(|p| (p.a, p.b) == (i.min(src), i.max(src))).map_or(0.0, |p| {
            if p.a == i {
                p.containment_a
            } else {
                p.containment_b
            }
        });
        by_cat.entry(cat.as_str()).or_default().push(c);
        scored.push((c, cat != "non"));
    }
    let mean = |c: &str| by_cat[c].iter().sum::<f64>() / by_cat[c].len() as f64;
    assert!(mean("cut") > mean("heavy") && mean("light") > mean("heavy"), "{by_cat:?}");
    assert!(mean("heavy") > 0.25 && mean("non") < 0.02, "{by_cat:?}");
    let pos: Vec<f64> = scored.iter().filter(|s| s.1).map(|s| s.0).collect();
    let neg: Vec<f64> = scored.iter().filter(|s| !s.1).map(|s| s.0).collect();
    let mut auc = 0.0;
    for p in &pos {
        for n in &neg {
            auc += if p > n {
                1.0
            } else if p == n {
                0.5
            } else {
                0.0
            };
        }
    }
    auc /= (pos.len() * neg.len()) as f64;
    assert!(auc >= 0.95, "AUC {auc}");
}

/// Light word edits, curly quotes and a merged paragraph break: one passage, covering it.
#[test]
fn lightly_edited_paste_is_one_passage() {
    let source = clough("orig_taskc.txt");
    let pasted = words(&source, 0, 150);
    let mut edited: Vec<String> = Vec::new();
    for (i, w) in pasted.split(' ').enumerate() {
        match i % 23 {
            11 => edited.push("indeed".into()),            // substitution
            17 => {}                                       // deletion
            5 => edited.extend([w.into(), "also".into()]), // insertion
            _ => edited.push(w.into()),
        }
    }
    let edited = edited.join(" ").replace('\'', "\u{2019}").replacen('"', "\u{201C}", 1).replace('"', "\u{201D}");
    let host = format!(
        "{}\n\n{edited}\n\n{}",
        words(&clough("g0pA_taska.txt"), 0, 80),
        words(&clough("g0pD_taskd.txt"), 0, 80)
    );
    let docs = [DocInput::new("source", &source), DocInput::new("host", &host)];
    let report = analyze(&docs, &Config::new());
    let ps: Vec<&Passage> = reuse(&report).collect();
    assert_eq!(ps.len(), 1, "{ps:#?}");
    let at = host.find(&edited[..30]).unwrap();
    let b = ps[0].b.span;
    assert!(b.start <= at + 30 && b.end + 30 >= at + edited.len(), "{b:?} vs {at}..{}", at + edited.len());
    assert!(ps[0].a.span.start == 0 && ps[0].a.word_count >= 140);
    assert!(ps[0].similarity > 0.85, "{}", ps[0].similarity);
}

#[test]
fn reordered_passages_are_all_found() {
    let source = clough("orig_taskb.txt");
    let chunks = [words(&source, 0, 45), words(&source, 120, 45), words(&source, 300, 45)];
    let own = [clough("g0pA_taska.txt"), clough("g0pC_taskc.txt"), clough("g0pD_taskd.txt")];
    let host = format!(
        "{}\n\n{}\n\n{}\n\n{}\n\n{}\n\n{}",
        words(&own[0], 0, 60),
        chunks[2],
        words(&own[1], 0, 60),
        chunks[0],
        words(&own[2], 0, 60),
        chunks[1]
    );
    let docs = [DocInput::new("source", &source), DocInput::new("host", &host)];
    let report = analyze(&docs, &Config::new());
    let ps: Vec<&Passage> = reuse(&report).collect();
    assert_eq!(ps.len(), 3, "{ps:#?}");
    for chunk in &chunks {
        let at = host.find(chunk.as_str()).unwrap();
        let span = Span::new(at, at + chunk.len());
        assert!(
            ps.iter().any(|p| p.b.span.start <= span.start + 2 && span.end <= p.b.span.end + 2),
            "chunk at {span:?} not covered"
        );
    }
}

/// Own texts of distinct authors and topics (Clough answers written without the source).
fn own_texts() -> Vec<String> {
    ["g0pA_taska.txt", "g0pC_taskc.txt", "g1pA_taske.txt", "g0pB_taskb.txt", "g1pA_taska.txt"]
        .iter()
        .map(|n| words(&clough(n), 0, 70))
        .collect()
}

#[test]
fn a_passage_in_four_documents_is_one_cluster() {
    let wire = words(&clough("orig_taske.txt"), 40, 50);
    let own = own_texts();
    let texts: Vec<String> = (0..4).map(|i| format!("{}\n\n{wire}", own[i])).collect();
    let mut all = texts.clone();
    all.push(own[4].clone()); // an unrelated document
    let docs: Vec<DocInput<'_>> = all.iter().enumerate().map(|(i, t)| DocInput::new(format!("d{i}"), t)).collect();
    let report = analyze(&docs, &Config::new());
    assert_eq!(report.clusters.len(), 1, "{:#?}", report.clusters);
    let c = &report.clusters[0];
    assert_eq!(c.docs, 4);
    let mut members: Vec<u32> = c.members.iter().map(|m| m.doc).chain([c.hub.doc]).collect();
    members.sort_unstable();
    assert_eq!(members, vec![0, 1, 2, 3]);
    assert!(!c.boilerplate);
    // The hub's core is the wire text; all six pairs' passages are in the cluster.
    let hub_text = &all[c.hub.doc as usize][c.hub.span.range()];
    assert!(wire.starts_with(&hub_text[..20]) && hub_text.len() + 10 >= wire.len(), "{hub_text}");
    assert_eq!(reuse(&report).filter(|p| p.cluster == Some(0)).count(), 6);
}

#[test]
fn chained_pairs_do_not_make_a_cluster() {
    let p = words(&clough("orig_taskb.txt"), 0, 45);
    let q = words(&clough("orig_taske.txt"), 100, 45);
    let own = own_texts();
    let a = format!("{}\n\n{p}", own[0]);
    let b = format!("{p}\n\n{}\n\n{q}", own[1]);
    let c = format!("{q}\n\n{}", own[2]);
    let docs = [DocInput::new("a", &a), DocInput::new("b", &b), DocInput::new("c", &c)];
    let report = analyze(&docs, &Config::new());
    let pairs: Vec<(u32, u32)> = report.pairs.iter().map(|p| (p.a, p.b)).collect();
    assert_eq!(pairs, vec![(0, 1), (1, 2)]);
    assert!(report.clusters.is_empty(), "{:#?}", report.clusters);
    // With A sharing P *and* Q's text with nothing else, adding C' = P copy makes a real one.
    let c2 = format!("{}\n\n{p}", own[3]);
    let docs = [DocInput::new("a", &a), DocInput::new("b", &b), DocInput::new("c", &c), DocInput::new("c2", &c2)];
    let report = analyze(&docs, &Config::new());
    assert_eq!(report.clusters.len(), 1);
    let mut members: Vec<u32> =
        report.clusters[0].members.iter().map(|m| m.doc).chain([report.clusters[0].hub.doc]).collect();
    members.sort_unstable();
    assert_eq!(members, vec![0, 1, 3]);
}

#[test]
fn direction_from_expansion_without_dates() {
    let source = words(&clough("orig_taskd.txt"), 0, 120);
    let own = own_texts();
    let copy = format!("{}\n\n{source}\n\n{}", own[0], own[1]);
    let docs = [DocInput::new("copy", &copy), DocInput::new("source", &source)];
    let report = analyze(&docs, &Config::new());
    let pair = &report.pairs[0];
    assert!(pair.containment_b > 0.95 && pair.containment_a < 0.6, "{pair:?}");
    let d = pair.direction;
    assert_eq!((d.verdict, d.source, d.basis), (Verdict::BToA, Some(1), DirectionBasis::Expansion));
    assert!((d.confidence - 0.8).abs() < 1e-9, "{}", d.confidence);
    assert!(report.documents[0].originality < 0.7 && report.documents[1].originality > 0.99);

    // Two documents that each add as much of their own to a shared text: unknown.
    let shared = words(&clough("orig_taska.txt"), 0, 60);
    let x = format!("{}\n\n{shared}", own[2]);
    let y = format!("{shared}\n\n{}", own[3]);
    let report = analyze(&[DocInput::new("x", &x), DocInput::new("y", &y)], &Config::new());
    let pair = &report.pairs[0];
    assert!((pair.containment_a - pair.containment_b).abs() < 0.15, "{pair:?}");
    assert_eq!(pair.direction.verdict, Verdict::Unknown);
    assert_eq!(pair.direction.basis, DirectionBasis::None);
    assert!(report.documents.iter().all(|d| (d.originality - 1.0).abs() < 1e-12));
}

#[test]
fn text_in_too_many_documents_is_common_boilerplate() {
    let boiler = "Sign up to our morning briefing and get the stories that matter delivered to your inbox every day before breakfast";
    let own = own_texts();
    let texts: Vec<String> = (0..5).map(|i| format!("{}\n\n{boiler}", own[i])).collect();
    let docs: Vec<DocInput<'_>> = texts.iter().enumerate().map(|(i, t)| DocInput::new(format!("d{i}"), t)).collect();
    let cfg = Config::new().max_doc_freq(Some(4));
    let report = analyze(&docs, &cfg);
    assert!(report.passages.is_empty() && report.pairs.is_empty(), "{:#?}", report.pairs);
    assert!(report.summary.common_fingerprints > 0);
    for d in 0..5u32 {
        let spans: Vec<&str> = report
            .boilerplate
            .iter()
            .filter(|b| b.doc == d && b.reason == BoilerplateReason::CommonText)
            .map(|b| &texts[d as usize][b.span.range()])
            .collect();
        // One run of common fingerprints: most of the sentence (the ends of a winnowed run
        // may fall between fingerprints).
        assert_eq!(spans.len(), 1, "{spans:?}");
        assert!(boiler.contains(spans[0]) && spans[0].len() * 10 > boiler.len() * 7, "{spans:?}");
    }
    assert!(report.documents.iter().all(|d| d.reused_words == 0));
    // Under the default limit (50 documents), the same text is reuse in one cluster.
    let report = analyze(&docs, &Config::new());
    assert_eq!(report.summary.pairs_with_reuse, 10);
    assert_eq!(report.clusters.len(), 1);
    assert_eq!(report.clusters[0].docs, 5);
}

#[test]
fn a_cluster_larger_than_the_limit_is_widespread_boilerplate() {
    // Six variants of one passage, each with its own edit, so that no fingerprint near an
    // edit is in all six documents: pairs form, and the cluster spans six documents.
    let base: Vec<String> = words(&clough("orig_taskb.txt"), 0, 72).split(' ').map(str::to_owned).collect();
    let own = own_texts();
    let texts: Vec<String> = (0..6)
        .map(|i| {
            let mut w = base.clone();
            w[6 + 12 * i] = format!("variant{i}");
            format!("{}\n\n{}", own[i % own.len()], w.join(" "))
        })
        .collect();
    let docs: Vec<DocInput<'_>> = texts.iter().enumerate().map(|(i, t)| DocInput::new(format!("d{i}"), t)).collect();
    let report = analyze(&docs, &Config::new().max_doc_freq(Some(5)));
    let big: Vec<_> = report.clusters.iter().filter(|c| c.docs == 6).collect();
    assert_eq!(big.len(), 1, "{:#?}", report.clusters);
    assert!(big[0].boilerplate);
    let in_cluster: Vec<&Passage> = report.passages.iter().filter(|p| p.cluster == Some(big[0].id)).collect();
    assert!(!in_cluster.is_empty());
    assert!(in_cluster.iter().all(|p| p.kind == PassageKind::Boilerplate(BoilerplateReason::Widespread)));
    assert!(report.boilerplate.iter().any(|b| b.reason == BoilerplateReason::Widespread && b.doc_freq == Some(6)));
    assert!(report.documents.iter().all(|d| d.reused_words < d.words / 2));
}

#[test]
fn trace_names_the_source_of_each_paragraph() {
    let s1 = clough("orig_taska.txt");
    let s2 = clough("orig_taskc.txt");
    let s3 = clough("orig_taske.txt");
    let s1_later = format!("{}\n\n{s1}", own_texts()[3]); // a later republication of s1
    let own = own_texts()[0].clone();
    let query = format!("{}\n\n{own}\n\n{}", words(&s1, 10, 60), words(&s2, 30, 60));
    // The query is dated after s1 and its republication; s2 is undated but a wire story.
    let corpus = [
        DocInput::new("s1", &s1).with_date("2020-01-01"),
        DocInput::new("s2", &s2).with_wire(true),
        DocInput::new("s3", &s3),
        DocInput::new("s1-later", &s1_later).with_date("2020-02-01"),
    ];
    let t = trace(&DocInput::new("query", &query).with_date("2020-03-01"), &corpus, &Config::new());
    assert_eq!(t.query, 4);
    assert_eq!(t.paragraphs.len(), 3);
    let got: Vec<Option<u32>> = t.paragraphs.iter().map(|p| p.likeliest).collect();
    assert_eq!(got, vec![Some(0), None, Some(1)]);
    let first: Vec<u32> = t.paragraphs[0].sources.iter().map(|s| s.doc).collect();
    assert_eq!(first, vec![0, 3]);
    assert!(t.paragraphs[0].sources.iter().all(|s| s.words >= 55));
    assert!(t.report.pairs.iter().all(|p| p.b == 4));

    // Traced against a later, longer republication of itself, an original has no source.
    let t = trace(&DocInput::new("s1", &s1).with_date("2020-01-01"), &corpus[3..], &Config::new());
    assert!(!t.paragraphs.is_empty());
    assert!(t.paragraphs.iter().all(|p| p.likeliest.is_none()));
    assert!(t.paragraphs.iter().all(|p| p.sources.iter().all(|s| s.doc == 0 && s.is_derived && !s.is_source)));
    assert!((t.report.documents[1].originality - 1.0).abs() < 1e-12);
}

#[test]
fn results_do_not_depend_on_threads_and_stages_round_trip() {
    let corpus = seed_corpus();
    let extra: Vec<String> = ["orig_taska.txt", "g0pD_taska.txt", "g0pE_taska.txt", "g2pC_taska.txt", "g0pC_taska.txt"]
        .iter()
        .map(|n| clough(n))
        .collect();
    let mut docs: Vec<DocInput<'_>> = corpus.iter().map(|(n, t)| seed_input(n, t)).collect();
    docs.extend(extra.iter().enumerate().map(|(i, t)| DocInput::new(format!("x{i}"), t)));
    let cfg = Config::new();
    let run = |threads| {
        rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap().install(|| analyze(&docs, &cfg))
    };
    let one = run(1);
    assert_eq!(one, run(3));
    assert!(one.summary.pairs_with_reuse >= 4);

    // Stage outputs survive serialisation: a distributed run gives the same passages.
    let fps: Vec<DocFingerprints> = docs.iter().map(|d| fingerprint(d, &cfg)).collect();
    let fps2: Vec<DocFingerprints> = serde_json::from_str(&serde_json::to_string(&fps).unwrap()).unwrap();
    assert_eq!(fps, fps2);
    let cands = candidates(&fps2, &cfg);
    let cands2: Candidates = serde_json::from_str(&serde_json::to_string(&cands).unwrap()).unwrap();
    assert_eq!(cands, cands2);
    let mut distributed: Vec<Passage> = cands2
        .all_pairs()
        .iter()
        .flat_map(|(p, verbatim, reword)| {
            let (fa, fb) = (&fps2[p.a as usize], &fps2[p.b as usize]);
            let mut found = if *verbatim { align_pair(p, fa, fb, &cfg) } else { Vec::new() };
            if *reword {
                found = align_reworded(p, fa, fb, found, &cfg);
            }
            found
        })
        .collect();
    distributed.sort_by_key(|p| (p.a.doc, p.b.doc, p.a.words.start, p.b.words.start));
    let mut local: Vec<Passage> = one
        .passages
        .iter()
        .cloned()
        .map(|mut p| {
            p.cluster = None;
            p.kind = if p.kind == PassageKind::Boilerplate(BoilerplateReason::LabelLine) {
                p.kind
            } else {
                PassageKind::Reuse
            };
            p
        })
        .collect();
    local.sort_by_key(|p| (p.a.doc, p.b.doc, p.a.words.start, p.b.words.start));
    assert_eq!(distributed, local);
    let json = serde_json::to_string(&one).unwrap();
    assert!(json.contains("\"verdict\":\"a_to_b\"") && json.contains("\"kind\":\"reuse\""), "{}", &json[..300]);
}

#[test]
fn touching_analysis_equals_the_full_one_on_those_pairs() {
    let names = [
        "orig_taska.txt",
        "g0pB_taska.txt",
        "g1pB_taska.txt",
        "orig_taskb.txt",
        "g0pC_taskb.txt",
        "g2pA_taska.txt",
        "g3pA_taskb.txt",
    ];
    let texts: Vec<String> = names.iter().map(|n| clough(n)).collect();
    let cfg = Config::new();
    let fps: Vec<DocFingerprints> =
        names.iter().zip(&texts).map(|(n, t)| fingerprint(&DocInput::new(*n, t), &cfg)).collect();
    let full = analyze_fingerprints(&fps, &cfg);
    let touched = [false, false, false, false, false, true, true];
    let part = analyze_fingerprints_touching(&fps, &cfg, &touched);
    let strip = |ps: &[Passage]| -> Vec<Passage> {
        ps.iter()
            .filter(|p| touched[p.a.doc as usize] || touched[p.b.doc as usize])
            .cloned()
            .map(|mut p| {
                p.cluster = None;
                p
            })
            .collect()
    };
    assert!(!strip(&part.passages).is_empty());
    assert_eq!(strip(&part.passages), strip(&full.passages));
    assert_eq!(part.passages.len(), strip(&part.passages).len());
    let pair_keys = |r: &Report| {
        r.pairs
            .iter()
            .filter(|p| touched[p.a as usize] || touched[p.b as usize])
            .map(|p| (p.a, p.b, p.shared_words_a, p.shared_words_b))
            .collect::<Vec<_>>()
    };
    assert_eq!(pair_keys(&part), pair_keys(&full));
}
