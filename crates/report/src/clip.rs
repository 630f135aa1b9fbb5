//! Clipping a trace's passages to one paragraph of the article.
//!
//! A passage the engine found can cross several paragraphs of the traced article; under
//! each paragraph `copytrace trace` shows only the part of it inside that paragraph, and
//! the part of the other document that corresponds to it word for word.

use copytrace_diff::Span;
use copytrace_provenance::{Word, WordRange};

/// Longest passage side (in words) whose counterpart is found word by word when a trace
/// clips a passage to one paragraph; longer passages are shown whole.
pub const MAX_CLIP_WORDS: usize = 20_000;

/// The word-for-word matches of a passage's two sides, as `(mine, theirs, len)` runs of
/// word offsets from each side's first word (Myers over the normalised word ids, no
/// deadline); `None` when a side is longer than [`MAX_CLIP_WORDS`].
pub(crate) type Runs = Option<Vec<(usize, usize, usize)>>;

pub(crate) fn matched_runs(mine_words: &[Word], theirs_words: &[Word], mine: WordRange, theirs: WordRange) -> Runs {
    let a = mine_words.get(mine.start as usize..mine.end as usize)?;
    let b = theirs_words.get(theirs.start as usize..theirs.end as usize)?;
    if a.len() > MAX_CLIP_WORDS || b.len() > MAX_CLIP_WORDS {
        return None;
    }
    let ids = |w: &[Word]| w.iter().map(|w| w.id).collect::<Vec<u32>>();
    let runs = similar::capture_diff_slices(similar::Algorithm::Myers, &ids(a), &ids(b))
        .into_iter()
        .filter_map(|op| match op {
            similar::DiffOp::Equal { old_index, new_index, len } => Some((old_index, new_index, len)),
            _ => None,
        })
        .collect();
    Some(runs)
}

/// The part of a passage that lies in one paragraph of the article, and the part of the
/// other document it corresponds to: the article side clipped to the paragraph's words
/// `first..end` (word indices), the other side from the first to the last of its words
/// that `runs` (see [`matched_runs`], computed once per passage) match to a word of the
/// clipped part. `None` when the passage lies whole in the paragraph, when nothing of the
/// clipped part is matched or when `runs` is `None`; the caller then shows the whole
/// passage.
pub(crate) fn clip_to_paragraph(
    mine_words: &[Word],
    theirs_words: &[Word],
    (mine, theirs): (WordRange, WordRange),
    (first, end): (u32, u32),
    runs: &Runs,
) -> Option<(Span, Span)> {
    let clip = WordRange { start: mine.start.max(first), end: mine.end.min(end) };
    if clip.is_empty() || clip == mine {
        return None;
    }
    let (from, to) = ((clip.start - mine.start) as usize, (clip.end - mine.start) as usize);
    let mut matched: Option<(usize, usize)> = None;
    for &(old_index, new_index, len) in runs.as_ref()? {
        let (lo, hi) = (old_index.max(from), (old_index + len).min(to));
        if lo < hi {
            let (s, e) = (new_index + lo - old_index, new_index + hi - old_index);
            matched = Some(matched.map_or((s, e), |(ms, _)| (ms, e)));
        }
    }
    let (s, e) = matched?;
    let a = &mine_words[mine.start as usize..mine.end as usize];
    let b = &theirs_words[theirs.start as usize..theirs.end as usize];
    let span = |w: &[Word], s: usize, e: usize| Span::new(w[s].start as usize, w[e - 1].end as usize);
    Some((span(a, from, to), span(b, s, e)))
}
