//! Corpus-wide text-reuse detection: which passages do documents share, which of them
//! copied which, and how original is each one.
//!
//! Given a corpus of prose documents (news articles, press releases, answers), this crate
//! finds every passage that two or more of them share, even when the copy has light word
//! edits, different quotes and dashes, merged or split paragraphs, or passages in another
//! order. It groups the same passage across documents into clusters, reports the share of
//! each document found elsewhere and in its likely sources, guesses the direction of each
//! reuse, and sets boilerplate (captions, `READ MORE:` lines, text found everywhere) apart.
//!
//! The crate does no IO and never prints: it takes decoded texts and returns plain,
//! serialisable data. Every span it reports is a byte range of the text it was given;
//! callers that decoded a file map spans back to the file's bytes with
//! [`copytrace_text::decode::Decoded::original_span`].
//!
//! # Example
//!
//! ```
//! use copytrace_provenance::{analyze, Config, DocInput, PassageKind, Verdict};
//!
//! let wire = "The committee met on Tuesday to discuss the proposed changes to the regional \
//!             transport budget, which had been delayed twice since the spring.";
//! let outlet = "Local leaders are angry. The committee met on Tuesday to discuss the proposed \
//!               changes to the regional transport budget, which had been postponed twice \
//!               since the spring. More on this story later.";
//! let docs = [
//!     DocInput::new("wire.txt", wire).with_date("2024-03-01"),
//!     DocInput::new("outlet.txt", outlet).with_date("2024-03-02"),
//! ];
//! let report = analyze(&docs, &Config::new());
//!
//! assert_eq!(report.passages.len(), 1);
//! let p = &report.passages[0];
//! assert_eq!(p.kind, PassageKind::Reuse);
//! assert_eq!(&wire[p.a.span.range()], "The committee met on Tuesday to discuss the proposed \
//!             changes to the regional transport budget, which had been delayed twice since the spring");
//! assert!(report.pairs[0].containment_a > 0.95);
//! assert_eq!(report.pairs[0].direction.verdict, Verdict::AToB); // the earlier date
//! assert!(report.documents[1].originality < 0.5);
//! ```
//!
//! # Three stages on plain data
//!
//! The work is split into three stages whose inputs and outputs are serialisable, so that
//! a distributed engine can run each one on a cluster; [`analyze()`] runs them on one
//! machine with rayon.
//!
//! 1. [`fingerprint()`] (per document): normalised word n-grams, hashed with xxh3 and
//!    winnowed, each fingerprint mapped to its words and bytes → [`DocFingerprints`].
//! 2. [`candidates()`] (corpus): a sort-based inverted index of fingerprints gives the pairs
//!    of documents that share any, never comparing all pairs; fingerprints found in too
//!    many documents are set aside as common text → [`Candidates`].
//! 3. [`align_pair`] (per candidate pair; [`PairAligner`] for many pairs sharing a
//!    document): seeds from every shared word 3-gram, exact matches, order-free chaining
//!    with gap tolerance, banded extension, one passage per span (other occurrences of
//!    repeated text are its [`Alternate`]s) → [`Passage`]s.
//!
//! On top of them [`analyze_candidates`] builds the [`Report`]: [`Cluster`]s (the same
//! passage in three or more documents, without chaining), boilerplate, per-pair
//! containment and [`Direction`], per-document [`DocStats`] with originality. [`trace()`]
//! follows one new document through a corpus paragraph by paragraph, and
//! [`analyze_fingerprints_touching`] analyses new documents against an archive (only the
//! pairs that involve a new document are looked for and aligned).
//!
//! # Matching
//!
//! Words are Unicode word tokens (UAX #29) normalised as by
//! [`copytrace_text::NormalizeOptions::for_matching`]: NFKC, curly and straight quotes,
//! apostrophes and dashes folded, lower case, punctuation ignored. With the default
//! settings ([`config::defaults`]: n-grams of [`config::defaults::NGRAM`] words, a window of
//! [`config::defaults::WINDOW`]) any run of [`config::defaults::MIN_WORDS`] identical words
//! shared by two documents is guaranteed to be seeded (a longer run,
//! [`config::defaults::guaranteed_frequent_run`], for text in more documents than
//! [`Config::lone_doc_freq`]), and a passage needs that many matched words to be reported
//! ([`Config::min_words`]); light edits inside a passage (a few words inserted, deleted
//! or substituted) do not split it. See [`align`] for the alignment, [`cluster`] for the
//! clustering rule, [`analyze`](mod@analyze) for boilerplate, containment and originality,
//! and [`direction`] for who copied whom.
//!
//! # Tiers
//!
//! Each [`Passage`] carries the [`Tier`] that found it: [`Tier::Verbatim`] (every word
//! matched) and [`Tier::Edited`] from the word alignment above, [`Tier::Reworded`] from a
//! second tier ([`reword`](mod@reword)) for text rewritten beyond identical runs of words:
//! paraphrase, synonyms, reordered clauses, summaries. It works on the English stems of
//! content words: stage 1 adds sorted stemmed content-word 3-grams as a second kind of
//! fingerprint (stage 2 pairs documents sharing several), and stage 3 seeds passages from
//! similar sentences ([`align_reworded`]), around the word alignment's passages, which win.
//! [`Config::tiers`] chooses the tiers reported, [`Config::reword`] turns the tier off.
//!
//! ```
//! use copytrace_provenance::{analyze, Config, DocInput, Tier};
//!
//! let wire = "The regional water board agreed on Thursday to replace the ageing pumps at the \
//!     northern reservoir before next summer. Inspectors found last month that two of the four \
//!     pumps had failed during the heatwave and that the others were close to breaking down. \
//!     The replacement will cost around six million pounds, paid from the board's reserves. \
//!     Residents in the valley had complained about low pressure and brown water for most of August.";
//! let outlet = "On Thursday the water board for the region voted to swap out the old pumps at \
//!     the reservoir in the north ahead of the summer. Last month inspectors discovered that \
//!     during the heatwave two out of four pumps broke, and the remaining ones were near to \
//!     failing. Replacing them is expected to cost roughly six million pounds, from reserves. \
//!     For most of August valley residents complained of brown water and weak pressure.";
//! let report = analyze(&[DocInput::new("wire", wire), DocInput::new("outlet", outlet)], &Config::new());
//! assert_eq!(report.passages.len(), 1);
//! assert_eq!(report.passages[0].tier, Tier::Reworded);
//! // The word alignment alone finds nothing.
//! let words_only = Config::new().tiers([Tier::Verbatim, Tier::Edited]);
//! assert!(analyze(&[DocInput::new("wire", wire), DocInput::new("outlet", outlet)], &words_only).passages.is_empty());
//! ```
//!
//! # Cost
//!
//! Memory is linear in the corpus: per document, 12 bytes per word and about 16 bytes
//! per fingerprint (40 % of the words with the defaults), no token strings. Candidate
//! generation costs the sum of `d²/2` over fingerprints found in `d` documents, which the
//! document-frequency limit ([`Config::effective_max_doc_freq`], `2·√n` by default)
//! keeps near-linear, and a pair joined only by one fingerprint in more documents than
//! [`Config::lone_doc_freq`] (a stock phrase) is not a candidate ([`Config::lone_doc_freq`]), which keeps the number
//! of candidate pairs linear in the corpus; alignment is linear in the sizes of each candidate pair, with fixed
//! bounds for repetitive text. Nothing is quadratic in the number of documents except
//! over candidate pairs. Measured figures are in the repository's `BENCHMARKS.md`.
//!
//! # Determinism
//!
//! The same input gives the same report, whatever the number of threads: every list is
//! sorted by a documented key and no result depends on timing.

pub mod align;
pub mod analyze;
pub mod banded;
pub mod candidates;
pub mod cluster;
pub mod config;
pub mod direction;
pub mod fingerprint;
pub mod index;
pub mod reword;
pub mod trace;
pub mod winnow;

pub use align::{
    align_pair, Alternate, BoilerplateReason, NoProgress, PairAligner, ParagraphRange, Passage, PassageKind,
    PassageSide, Progress, Tier,
};
pub use analyze::{
    align_candidates, analyze, analyze_candidates, analyze_candidates_with_progress, analyze_fingerprints,
    analyze_fingerprints_touching, analyze_fingerprints_with_progress, analyze_passages, BoilerplateSpan, Direction,
    DirectionBasis, DocStats, PairReport, Report, Summary, Verdict,
};
pub use candidates::{candidates, candidates_touching, candidates_where, CandidatePair, Candidates, CommonFingerprint};
pub use cluster::{Cluster, ClusterMember};
pub use config::Config;
pub use fingerprint::{fingerprint, DocFingerprints, DocInput, Fingerprint, ParagraphInfo, Word, WordRange};
pub use reword::align_reworded;
pub use trace::{trace, trace_fingerprints, ParagraphTrace, SourceHit, Trace};
