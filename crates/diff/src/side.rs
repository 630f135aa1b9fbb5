//! One side of a diff prepared for matching: segmentation plus interned token ids.
//!
//! Tokens that normalisation drops (punctuation under
//! [`NormalizeOptions::punctuation`](crate::NormalizeOptions::punctuation)) are not *kept*:
//! they neither match nor count as changes, and behave like the white space around them.
//! Every kept token gets the id of its normalised string; ids are handed out in order of
//! first appearance (OLD first, then NEW), so they are deterministic.

use crate::flat::FlatIds;
use crate::hash::MixMap;
use crate::model::Layout;
use crate::par::both;
use copytrace_text::segment::TokenKind;
use copytrace_text::NormalizeOptions;
use copytrace_text::Span;
use std::ops::Range;

/// Interns normalised token strings into dense ids.
///
/// Strings of at most [`SHORT_KEY`] bytes (most words) are keyed by their bytes and length
/// packed into a `u128`, compared without following a pointer; longer ones by the string.
/// Which map holds a string depends only on the string, so each has one id. The hash maps
/// are only ever looked up, never iterated for an order, so they decide nothing.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    short: FlatIds<u128>,
    long: MixMap<String, u32>,
    /// Characters of each id's normalised string.
    chars: Vec<u32>,
    scratch: String,
}

/// Longest normalised string keyed inline (the sixteenth byte holds the length).
const SHORT_KEY: usize = 15;

fn pack(s: &[u8]) -> Option<u128> {
    // The bytes, zero-padded, the length in the top byte.
    (s.len() <= SHORT_KEY).then(|| {
        let mut b = [0u8; 16];
        b[..s.len()].copy_from_slice(s);
        b[SHORT_KEY] = s.len() as u8;
        u128::from_le_bytes(b)
    })
}

#[cfg(test)]
fn unpack(key: u128) -> String {
    let b = key.to_le_bytes();
    String::from_utf8(b[..usize::from(b[SHORT_KEY])].to_vec()).expect("packed from a string")
}

impl Interner {
    fn intern(&mut self, opts: &NormalizeOptions, token: &str) -> u32 {
        // Most tokens are ASCII that normalisation leaves alone (no backtick to fold, case
        // kept): they are looked up as they stand.
        let typography = opts.folds_typography();
        let as_is = !opts.folds_case() && token.bytes().all(|b| b.is_ascii() && !(typography && b == b'`'));
        if as_is {
            return self.id(token);
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        opts.normalize_into(token, &mut scratch);
        let id = self.id(&scratch);
        self.scratch = scratch;
        id
    }

    /// The id of normalised string `key`, a new one if it has none yet.
    fn id(&mut self, key: &str) -> u32 {
        let next = self.len();
        let id = match pack(key.as_bytes()) {
            Some(packed) => self.short.get_or_insert(packed, next).0,
            None => match self.long.get(key) {
                Some(&id) => id,
                None => *self.long.entry(key.to_owned()).or_insert(next),
            },
        };
        if id == next {
            self.chars.push(u32::try_from(key.chars().count()).unwrap_or(u32::MAX));
        }
        id
    }

    /// The id of ASCII token `text[span]`, which normalisation leaves as it is: what
    /// [`Interner::id`] gives it, a short one packed from one 16-byte load where the text
    /// has room.
    fn ascii_id(&mut self, text: &str, span: Span) -> u32 {
        let len = span.len();
        debug_assert!(text[span.range()].is_ascii());
        if len > SHORT_KEY {
            return self.id(&text[span.range()]);
        }
        let packed = match text.as_bytes().get(span.start..span.start + 16) {
            Some(load) => {
                let load = u128::from_le_bytes(load.try_into().expect("sixteen bytes"));
                // The token's bytes, zero above them, the length in the top byte: `pack`.
                (load & ((1u128 << (8 * len)) - 1)) | ((len as u128) << (8 * SHORT_KEY))
            }
            None => pack(&text.as_bytes()[span.range()]).expect("short"),
        };
        // ASCII: a character a byte.
        self.id_packed(packed, len as u32)
    }

    /// The id of the short string packed as `packed` ([`pack`]), of `chars` characters.
    fn id_packed(&mut self, packed: u128, chars: u32) -> u32 {
        let (id, new) = self.short.get_or_insert(packed, self.len());
        if new {
            self.chars.push(chars);
        }
        id
    }

    /// Takes in the strings of `other` in the order of its ids, and returns the id here of
    /// each id of `other`. Interning a text into `other` and absorbing it gives the ids
    /// interning it here directly would have given.
    fn absorb(&mut self, other: Interner) -> Vec<u32> {
        // Placed by id, so the maps' iteration order decides nothing; short strings stay
        // packed.
        let mut keys: Vec<Result<u128, String>> = vec![Ok(0); other.chars.len()];
        for (key, id) in other.short.entries() {
            keys[id as usize] = Ok(key);
        }
        for (key, id) in other.long {
            keys[id as usize] = Err(key);
        }
        keys.into_iter()
            .zip(&other.chars)
            .map(|(key, &chars)| match key {
                Ok(packed) => self.id_packed(packed, chars),
                Err(long) => self.id(&long),
            })
            .collect()
    }

    /// Number of ids handed out: every id is below it.
    pub(crate) fn len(&self) -> u32 {
        u32::try_from(self.chars.len()).expect("fewer than 2^32 distinct tokens")
    }

    /// Number of characters of the normalised string of `id`.
    pub(crate) fn chars(&self, id: u32) -> usize {
        self.chars[id as usize] as usize
    }
}

/// Bytes of the paragraphs `Side::build` tokenises: those not flagged in `skip` (none is
/// flagged if it is empty).
fn tokenised_bytes(paragraphs: &[Span], skip: &[bool]) -> usize {
    paragraphs.iter().enumerate().filter(|&(i, _)| !skip.get(i).copied().unwrap_or(false)).map(|(_, p)| p.len()).sum()
}

/// A text's paragraphs and its kept tokens (tokenised paragraph by paragraph: the text's
/// tokens are never all held at once, only the kept ones' spans, ids and kinds).
#[derive(Debug)]
pub(crate) struct Side {
    /// The text's length, byte-order mark and paragraph spans.
    pub(crate) layout: Layout,
    /// Byte span of every kept token.
    spans: Vec<Span>,
    /// Id of every kept token.
    pub(crate) ids: Vec<u32>,
    /// Whether every kept token is a word.
    pub(crate) words: Vec<bool>,
    /// Kept tokens of each paragraph, as a range into `ids` (empty for settled paragraphs).
    pub(crate) para_kept: Vec<Range<usize>>,
    /// Words of each settled paragraph ([`crate::settle`]: its tokens are neither listed
    /// nor interned), `None` for the others. Empty when none is settled.
    settled: Vec<Option<usize>>,
}

impl Side {
    #[cfg(test)]
    pub(crate) fn new(text: &str, opts: &NormalizeOptions, interner: &mut Interner) -> Side {
        Side::build(text, copytrace_text::segment::paragraphs_of(text), &[], opts, interner)
    }

    /// The side of `text` with paragraphs `paragraphs` ([`copytrace_text::segment::paragraphs_of`]),
    /// those flagged in `skip` (none if it is empty) left untokenised: each other paragraph
    /// is tokenised ([`copytrace_text::segment::Segmented`]'s tokens) and its kept tokens interned at
    /// once.
    fn build(
        text: &str,
        paragraphs: Vec<Span>,
        skip: &[bool],
        opts: &NormalizeOptions,
        interner: &mut Interner,
    ) -> Side {
        let skipped = |i: usize| skip.get(i).copied().unwrap_or(false);
        // Prose has a token every five or six bytes: room for one every four, so the
        // vectors are not regrown and copied again and again (pages never touched cost
        // nothing).
        let room = tokenised_bytes(&paragraphs, skip) / 4 + 1;
        let (mut spans, mut ids, mut words) =
            (Vec::with_capacity(room), Vec::with_capacity(room), Vec::with_capacity(room));
        let mut para_kept = Vec::with_capacity(paragraphs.len());
        let mut tokens = Vec::new();
        let drop_punct = opts.folds_punctuation();
        // What [`Interner::intern`] looks up as it stands when it is ASCII: all but a
        // backtick (folded into an apostrophe with typography) when case is kept.
        let (as_is, typography) = (!opts.folds_case(), opts.folds_typography());
        for (i, &p) in paragraphs.iter().enumerate() {
            let first = ids.len();
            if skipped(i) {
                para_kept.push(first..first);
                continue;
            }
            let body = &text.as_bytes()[p.range()];
            if as_is && body.is_ascii() && !(typography && body.contains(&b'`')) {
                // Most paragraphs: ASCII that normalisation leaves as it is. Their pieces
                // are interned as they are found, by their bytes.
                copytrace_text::segment::ascii_word_bounds(body, |start, end, word| {
                    if drop_punct && !word {
                        return;
                    }
                    let span = Span::new(p.start + start, p.start + end);
                    spans.push(span);
                    ids.push(interner.ascii_id(text, span));
                    words.push(word);
                });
            } else {
                tokens.clear();
                copytrace_text::segment::push_tokens(text, p, &mut tokens);
                for t in tokens.iter().filter(|t| !(drop_punct && t.kind == TokenKind::Punct)) {
                    spans.push(t.span);
                    ids.push(interner.intern(opts, &text[t.span.range()]));
                    words.push(t.kind == TokenKind::Word);
                }
            }
            para_kept.push(first..ids.len());
        }
        let layout = Layout { len: text.len(), bom: copytrace_text::segment::bom_len(text), paragraphs };
        Side { layout, spans, ids, words, para_kept, settled: Vec::new() }
    }

    /// Whether paragraph `i` is settled.
    pub(crate) fn is_settled(&self, i: usize) -> bool {
        self.settled_words_of(i).is_some()
    }

    /// Words of the settled paragraphs.
    pub(crate) fn settled_words(&self) -> usize {
        self.settled.iter().flatten().sum()
    }

    /// Words of paragraph `i` if it is settled.
    pub(crate) fn settled_words_of(&self, i: usize) -> Option<usize> {
        self.settled.get(i).copied().flatten()
    }

    /// Both sides of a diff, OLD's ids first, with the interner of their ids and the settled
    /// pairs ([`crate::settle`]; none unless `settle`): both texts are cut into paragraphs,
    /// their unchanged paragraphs settled, then each side's other paragraphs are tokenised
    /// and interned on their own (both sides at once if `parallel`, the paragraphs too),
    /// and NEW's ids are renumbered into OLD's interner, which gives exactly the ids of
    /// interning OLD then NEW in one.
    pub(crate) fn pair(
        old: &str,
        new: &str,
        opts: &NormalizeOptions,
        settle: bool,
        parallel: bool,
    ) -> (Side, Side, Interner, Vec<(usize, usize)>) {
        let spans = |text: &str| {
            let spans = copytrace_text::segment::paragraphs_of(text);
            let hashes = if settle { crate::settle::paragraph_hashes(text, &spans) } else { Vec::new() };
            (spans, hashes)
        };
        let ((po, oh), (pn, nh)) = both(parallel, || spans(old), || spans(new));
        let settled = if settle { crate::settle::settle(old, &po, &oh, new, &pn, &nh) } else { Vec::new() };
        let flags = |len: usize, side: fn(&(usize, usize)) -> usize| {
            let mut f = vec![false; if settled.is_empty() { 0 } else { len }];
            settled.iter().for_each(|p| f[side(p)] = true);
            f
        };
        let (o_flags, n_flags) = (flags(po.len(), |p| p.0), flags(pn.len(), |p| p.1));
        // The words of a settled pair are counted once (both copies have the same bytes):
        // OLD's thread counts the pairs `..cut`, from OLD's copy, NEW's those `cut..`, from
        // NEW's, about half the bytes each.
        let (o_bytes, n_bytes) = (tokenised_bytes(&po, &o_flags), tokenised_bytes(&pn, &n_flags));
        let settled_bytes: usize = settled.iter().map(|&(i, _)| po[i].len()).sum();
        let half = (o_bytes + n_bytes + settled_bytes) / 2;
        let (mut cut, mut acc) = (0, o_bytes);
        while cut < settled.len() && acc < half {
            acc += po[settled[cut].0].len();
            cut += 1;
        }
        let one =
            |text: &str, spans: Vec<Span>, f: &[bool], count: &[(usize, usize)], of: fn(&(usize, usize)) -> usize| {
                let mut scratch = Vec::new();
                let words: Vec<usize> = count
                    .iter()
                    .map(|p| copytrace_text::segment::count_words(text, spans[of(p)], &mut scratch))
                    .collect();
                let mut int = Interner::default();
                let side = Side::build(text, spans, f, opts, &mut int);
                (side, int, words)
            };
        let ((mut o, mut int, mut words), (mut n, n_int, more)) = both(
            parallel,
            || one(old, po, &o_flags, &settled[..cut], |p| p.0),
            || one(new, pn, &n_flags, &settled[cut..], |p| p.1),
        );
        words.extend(more);
        if !settled.is_empty() {
            o.settled = vec![None; o.paras()];
            n.settled = vec![None; n.paras()];
            for (&(i, j), &w) in settled.iter().zip(&words) {
                o.settled[i] = Some(w);
                n.settled[j] = Some(w);
            }
        }
        let remap = int.absorb(n_int);
        for id in &mut n.ids {
            *id = remap[*id as usize];
        }
        (o, n, int, settled)
    }

    /// Byte span of kept token `k`, `None` past the last one.
    pub(crate) fn span(&self, k: usize) -> Option<Span> {
        self.spans.get(k).copied()
    }

    /// Number of paragraphs.
    pub(crate) fn paras(&self) -> usize {
        self.layout.paragraphs.len()
    }

    /// Byte span from the start of paragraph `r.start` to the end of paragraph `r.end - 1`.
    pub(crate) fn para_span(&self, r: &Range<usize>) -> Span {
        debug_assert!(!r.is_empty());
        Span::new(self.layout.paragraphs[r.start].start, self.layout.paragraphs[r.end - 1].end)
    }

    /// Kept tokens of paragraphs `r`, as a range into `ids`.
    pub(crate) fn kept(&self, r: &Range<usize>) -> Range<usize> {
        if r.is_empty() {
            return 0..0;
        }
        self.para_kept[r.start].start..self.para_kept[r.end - 1].end
    }

    /// Number of word tokens among kept tokens `r`.
    pub(crate) fn word_count(&self, r: Range<usize>) -> usize {
        self.words[r].iter().filter(|w| **w).count()
    }

    /// The white space (and byte-order mark) before paragraph `i` (`i == paras()` gives the
    /// trailing white space): from the end of paragraph `i - 1` (or the start of the text)
    /// to the start of paragraph `i` (or the end of the text).
    pub(crate) fn gap_before(&self, i: usize) -> Span {
        let start = if i == 0 { 0 } else { self.layout.paragraphs[i - 1].end };
        let end = self.layout.paragraphs.get(i).map_or(self.layout.len, |p| p.start);
        Span::new(start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_shared_across_sides_and_fold_typography() {
        let mut int = Interner::default();
        let o = NormalizeOptions::default();
        let a = Side::new("It\u{2019}s here.\n\nThen", &o, &mut int);
        let b = Side::new("Then it's here", &o, &mut int);
        assert_eq!(a.ids, vec![0, 1, 2, 3]);
        assert_eq!(b.ids, vec![3, 4, 1]);
        assert_eq!(a.ids[0], 0);
        assert_ne!(b.ids[1], a.ids[0], "case is kept by default");
        assert_eq!(a.para_kept, vec![0..3, 3..4]);
        assert_eq!(int.chars.len(), 5);
        assert_eq!(int.chars(a.ids[0]), 4);
    }

    proptest::proptest! {
        /// Interning each side on its own and absorbing NEW's interner gives the ids (and
        /// character counts) of interning OLD then NEW into one interner, whatever the
        /// normalisation.
        #[test]
        fn pair_interns_like_one_interner(
            old in "([aA`'. \n]|b\u{2019}c|\u{C9}|[a-c]{1,3}|[a-c]{14,17}|\\PC){0,30}",
            new in "([aA`'. \n]|b\u{2019}c|\u{E9}|[a-d]{1,3}|[a-c]{14,17}|\\PC){0,30}",
            case: bool, typography: bool, punctuation: bool, parallel: bool,
        ) {
            let opts = NormalizeOptions::new().case(case).typography(typography).punctuation(punctuation);
            let mut one = Interner::default();
            let a = Side::new(&old, &opts, &mut one);
            let b = Side::new(&new, &opts, &mut one);
            let (o, n, int, _) = Side::pair(&old, &new, &opts, false, parallel);
            proptest::prop_assert_eq!(&o.ids, &a.ids);
            proptest::prop_assert_eq!(&n.ids, &b.ids);
            proptest::prop_assert_eq!(&int.chars, &one.chars);
            proptest::prop_assert_eq!(int.short.entries(), one.short.entries());
            proptest::prop_assert_eq!(int.long, one.long);
        }

        /// With byte-identical paragraphs settled, each side holds what it holds without
        /// them, less the settled paragraphs: the same paragraphs, the same kept token
        /// spans and kinds elsewhere, ids equal exactly when the normalised strings are,
        /// and each settled pair's words counted; on one thread or two.
        #[test]
        fn settled_pair_sides_equal_whole_sides(
            old in proptest::collection::vec("[ab\u{2019}.\u{E9} ]{0,6}", 0..10),
            new in proptest::collection::vec("[ab\u{2019}.\u{E9} ]{0,6}", 0..10),
            seps in proptest::collection::vec("\n\n|\r\n\r\n|\n \n\n", 1..4),
            bom: bool, punctuation: bool, parallel: bool,
        ) {
            let join = |ps: &[String]| {
                let mut t = if bom { "\u{FEFF}".to_owned() } else { String::new() };
                for (k, p) in ps.iter().enumerate() {
                    if k > 0 {
                        t.push_str(&seps[k % seps.len()]);
                    }
                    t.push_str(p);
                }
                t
            };
            let (old, new) = (join(&old), join(&new));
            let opts = NormalizeOptions::new().punctuation(punctuation);
            let (o, n, _, settled) = Side::pair(&old, &new, &opts, true, parallel);
            let mut int = Interner::default();
            let whole = [Side::new(&old, &opts, &mut int), Side::new(&new, &opts, &mut int)];
            let mut by_string: std::collections::BTreeMap<String, u32> = Default::default();
            for (side, whole, text, k) in [(&o, &whole[0], &old, 0), (&n, &whole[1], &new, 1)] {
                proptest::prop_assert_eq!(&side.layout, &whole.layout);
                for i in 0..whole.paras() {
                    match settled.iter().find(|p| if k == 0 { p.0 == i } else { p.1 == i }) {
                        Some(_) => {
                            proptest::prop_assert!(side.para_kept[i].is_empty());
                            let words = whole.word_count(whole.para_kept[i].clone());
                            proptest::prop_assert_eq!(side.settled_words_of(i), Some(words));
                        }
                        None => {
                            proptest::prop_assert_eq!(side.settled_words_of(i), None);
                            let (r, w) = (side.para_kept[i].clone(), whole.para_kept[i].clone());
                            proptest::prop_assert_eq!(&side.spans[r.clone()], &whole.spans[w.clone()]);
                            proptest::prop_assert_eq!(&side.words[r.clone()], &whole.words[w]);
                            for t in r {
                                let key = opts.normalize(&text[side.spans[t].range()]);
                                let id = *by_string.entry(key).or_insert(side.ids[t]);
                                proptest::prop_assert_eq!(id, side.ids[t]);
                            }
                        }
                    }
                }
            }
            let distinct: std::collections::BTreeSet<u32> = by_string.values().copied().collect();
            proptest::prop_assert_eq!(distinct.len(), by_string.len());
        }

        /// Building a side (ASCII paragraphs interned as their pieces are found, the others
        /// segmented first) gives what segmenting the whole text and interning each kept
        /// token's normalised string gives: the same spans, kinds, ids and characters.
        #[test]
        fn side_equals_segmenting_then_interning(
            t in "([aA`'.,:_ \n]|b\u{2019}c|\u{C9}|[a-c]{1,3}|[a-c]{14,17}|\n\n|\\PC){0,40}",
            case: bool, typography: bool, punctuation: bool,
        ) {
            let opts = NormalizeOptions::new().case(case).typography(typography).punctuation(punctuation);
            let mut int = Interner::default();
            let side = Side::new(&t, &opts, &mut int);
            let seg = copytrace_text::segment::Segmented::new(&t);
            let mut reference = Interner::default();
            let kept: Vec<_> = seg.tokens.iter().filter(|k| !(punctuation && k.kind == TokenKind::Punct)).collect();
            let ids: Vec<u32> = kept.iter().map(|k| reference.id(&opts.normalize(&t[k.span.range()]))).collect();
            proptest::prop_assert_eq!(&side.ids, &ids);
            proptest::prop_assert_eq!(side.spans.clone(), kept.iter().map(|k| k.span).collect::<Vec<_>>());
            proptest::prop_assert_eq!(side.words.clone(), kept.iter().map(|k| k.kind == TokenKind::Word).collect::<Vec<_>>());
            proptest::prop_assert_eq!(&int.chars, &reference.chars);
        }

        /// The as-is lookup of ASCII tokens finds what normalising them first would.
        #[test]
        fn ascii_tokens_intern_as_normalised(t in "[ -~]{0,20}", case: bool, typography: bool) {
            let opts = NormalizeOptions::new().case(case).typography(typography);
            let mut int = Interner::default();
            let id = int.intern(&opts, &t);
            proptest::prop_assert_eq!(int.id(&opts.normalize(&t)), id);
            proptest::prop_assert_eq!(int.len(), 1);
        }
    }

    #[test]
    fn packed_keys_round_trip() {
        for t in ["", "a", "don't", "fifteen-bytes!!", "\u{e9}t\u{e9}"] {
            let k = pack(t.as_bytes()).expect("short");
            assert_eq!(unpack(k), t);
            let mut b = [0u8; 16];
            b[..t.len()].copy_from_slice(t.as_bytes());
            b[SHORT_KEY] = t.len() as u8;
            assert_eq!(k, u128::from_le_bytes(b));
        }
        assert_eq!(pack(b"sixteen-bytes!!!"), None);
        assert_ne!(pack(b"a"), pack(b"a\0"));
    }

    #[test]
    fn folded_punctuation_is_not_kept() {
        let mut int = Interner::default();
        let o = NormalizeOptions::new().punctuation(true);
        let a = Side::new("Yes, no.", &o, &mut int);
        assert_eq!(a.ids.len(), 2);
        assert_eq!(a.words, vec![true, true]);
        assert_eq!(a.word_count(0..2), 2);
        assert_eq!(a.span(1), Some(Span::new(5, 7)));
        assert_eq!(a.span(2), None);
        let b = Side::new("Yes no", &o, &mut int);
        assert_eq!((b.span(1), b.span(2)), (Some(Span::new(4, 6)), None));
    }

    #[test]
    fn gaps_cover_what_paragraphs_do_not() {
        let mut int = Interner::default();
        let t = "\u{FEFF}\nA b.\r\n\r\nC\n";
        let s = Side::new(t, &NormalizeOptions::default(), &mut int);
        assert_eq!(s.paras(), 2);
        assert_eq!(&t[s.gap_before(0).range()], "\u{FEFF}\n");
        assert_eq!(&t[s.gap_before(1).range()], "\r\n\r\n");
        assert_eq!(&t[s.gap_before(2).range()], "\n");
        assert_eq!(&t[s.para_span(&(0..2)).range()], "A b.\r\n\r\nC");
        assert_eq!(s.kept(&(1..2)), 3..4);
    }
}
