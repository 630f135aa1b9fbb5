//! One side of a diff prepared for matching: segmentation plus interned token ids.
//!
//! Tokens that normalisation drops (punctuation under
//! [`NormalizeOptions::punctuation`](crate::NormalizeOptions::punctuation)) are not *kept*:
//! they neither match nor count as changes, and behave like the white space around them.
//! Every kept token gets the id of its normalised string; ids are handed out in order of
//! first appearance (OLD first, then NEW), so they are deterministic.

use crate::flat::FlatIds;
use crate::model::Layout;
use crate::normalize::NormalizeOptions;
use crate::span::Span;
use crate::text::{Segmented, TokenKind};
use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Range;

/// A fast hasher for interned ids, bigrams of them and short token strings: a
/// multiply-and-rotate mix, eight bytes at a time. Not for anything stored or exchanged
/// (those use xxh3): maps built with it are only looked up, never iterated, so it decides
/// nothing about the output.
#[derive(Default)]
pub(crate) struct MixHasher(u64);

const MIX: u64 = 0x9E37_79B9_7F4A_7C15;

impl std::hash::Hasher for MixHasher {
    fn finish(&self) -> u64 {
        let x = self.0.wrapping_mul(MIX);
        x ^ (x >> 29)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().expect("eight bytes"));
            self.0 = (self.0 ^ w).wrapping_mul(MIX).rotate_left(23);
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.0 = (self.0 ^ u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59)).wrapping_mul(MIX).rotate_left(23);
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0 ^ x).wrapping_mul(MIX).rotate_left(23);
    }

    fn write_u128(&mut self, x: u128) {
        self.write_u64(x as u64);
        self.write_u64((x >> 64) as u64);
    }
}

/// A hash map keyed through [`MixHasher`].
pub(crate) type MixMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<MixHasher>>;

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

/// `a()` and `b()`, at once if `parallel` (on rayon's pool), else one after the other.
pub(crate) fn both<A: Send, B: Send>(
    parallel: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if parallel {
        rayon::join(a, b)
    } else {
        (a(), b())
    }
}

/// `f` of every item, in order, computed on rayon's pool if `parallel`.
pub(crate) fn map_all<T: Sync, R: Send>(parallel: bool, items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    if parallel {
        items.par_iter().map(f).collect()
    } else {
        items.iter().map(f).collect()
    }
}

/// A text, its segmentation and its kept tokens.
#[derive(Debug)]
pub(crate) struct Side {
    pub(crate) seg: Segmented,
    /// Id of every kept token.
    pub(crate) ids: Vec<u32>,
    /// Index into `seg.tokens` of every kept token; empty when every token is kept (then
    /// kept token `k` is token `k`).
    kept_tokens: Vec<u32>,
    /// Whether every kept token is a word.
    pub(crate) words: Vec<bool>,
    /// Kept tokens of each paragraph, as a range into `ids` (empty for settled paragraphs).
    pub(crate) para_kept: Vec<Range<usize>>,
    /// Words of each settled paragraph ([`crate::settle`]: its tokens are neither kept in
    /// `seg` nor interned), `None` for the others. Empty when none is settled.
    settled: Vec<Option<usize>>,
}

impl Side {
    #[cfg(test)]
    pub(crate) fn new(text: &str, opts: &NormalizeOptions, interner: &mut Interner) -> Side {
        Side::from_seg(text, Segmented::new(text), Vec::new(), opts, interner)
    }

    /// The side of `text`, segmented as `seg`, whose paragraphs with a word count in
    /// `settled` (none if it is empty) are settled.
    fn from_seg(
        text: &str,
        seg: Segmented,
        settled: Vec<Option<usize>>,
        opts: &NormalizeOptions,
        interner: &mut Interner,
    ) -> Side {
        let mut ids = Vec::with_capacity(seg.tokens.len());
        let mut kept_tokens = Vec::new();
        let mut words = Vec::with_capacity(seg.tokens.len());
        let mut para_kept = Vec::with_capacity(seg.paragraphs.len());
        // Kept tokens are listed when some are not kept (dropped punctuation, settled
        // paragraphs).
        let list = opts.folds_punctuation() || settled.iter().any(Option::is_some);
        for (i, p) in seg.paragraphs.iter().enumerate() {
            let first = ids.len();
            if let Some(Some(_)) = settled.get(i) {
                para_kept.push(first..first);
                continue;
            }
            for (k, t) in seg.tokens[p.tokens.clone()].iter().enumerate() {
                if t.kind == TokenKind::Punct && opts.folds_punctuation() {
                    continue;
                }
                if list {
                    kept_tokens.push(u32::try_from(p.tokens.start + k).expect("fewer than 2^32 tokens"));
                }
                ids.push(interner.intern(opts, &text[t.span.range()]));
                words.push(t.kind == TokenKind::Word);
            }
            para_kept.push(first..ids.len());
        }
        if kept_tokens.len() == seg.tokens.len() {
            kept_tokens = Vec::new();
        }
        Side { seg, ids, kept_tokens, words, para_kept, settled }
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

    /// The paragraphs of the text, for the [`crate::Diff`].
    pub(crate) fn layout(&self) -> Layout {
        let paragraphs = self.seg.paragraphs.iter().map(|p| p.span).collect();
        Layout { len: self.seg.len, bom: self.seg.bom, paragraphs }
    }

    /// Both sides of a diff, OLD's ids first, with the interner of their ids and the settled
    /// pairs ([`crate::settle`]; none unless `settle`): both texts are segmented, their
    /// unchanged paragraphs settled, then each side is interned on its own (both at once if
    /// `parallel`, segmentation too), and NEW's ids are renumbered into OLD's interner,
    /// which gives exactly the ids of interning OLD then NEW in one.
    pub(crate) fn pair(
        old: &str,
        new: &str,
        opts: &NormalizeOptions,
        settle: bool,
        parallel: bool,
    ) -> (Side, Side, Interner, Vec<(usize, usize)>) {
        let (so, sn, settled, words) = if settle {
            let spans = |text: &str| {
                let spans = crate::text::paragraphs_of(text);
                let hashes = crate::settle::paragraph_hashes(text, &spans);
                (spans, hashes)
            };
            let ((po, oh), (pn, nh)) = both(parallel, || spans(old), || spans(new));
            let settled = crate::settle::settle(old, &po, &oh, new, &pn, &nh);
            let (so, sn, words) = crate::text::segment_pair(old, new, po, pn, &settled, parallel);
            (so, sn, settled, words)
        } else {
            let (so, sn) = both(parallel, || Segmented::new(old), || Segmented::new(new));
            (so, sn, Vec::new(), Vec::new())
        };
        let (mut fo, mut fn_) = (Vec::new(), Vec::new());
        if !settled.is_empty() {
            fo = vec![None; so.paragraphs.len()];
            fn_ = vec![None; sn.paragraphs.len()];
            for (&(i, j), &w) in settled.iter().zip(&words) {
                fo[i] = Some(w);
                fn_[j] = Some(w);
            }
        }
        let one = |text: &str, seg: Segmented, flags: Vec<Option<usize>>| {
            let mut int = Interner::default();
            let side = Side::from_seg(text, seg, flags, opts, &mut int);
            (side, int)
        };
        let ((o, mut int), (mut n, n_int)) = both(parallel, || one(old, so, fo), || one(new, sn, fn_));
        let remap = int.absorb(n_int);
        for id in &mut n.ids {
            *id = remap[*id as usize];
        }
        (o, n, int, settled)
    }

    /// Byte span of kept token `k`, `None` past the last one.
    pub(crate) fn span(&self, k: usize) -> Option<Span> {
        if self.kept_tokens.is_empty() && self.ids.len() == self.seg.tokens.len() {
            self.seg.tokens.get(k).map(|t| t.span)
        } else {
            self.kept_tokens.get(k).map(|&t| self.seg.tokens[t as usize].span)
        }
    }

    /// Number of paragraphs.
    pub(crate) fn paras(&self) -> usize {
        self.seg.paragraphs.len()
    }

    /// Byte span from the start of paragraph `r.start` to the end of paragraph `r.end - 1`.
    pub(crate) fn para_span(&self, r: &Range<usize>) -> Span {
        debug_assert!(!r.is_empty());
        Span::new(self.seg.paragraphs[r.start].span.start, self.seg.paragraphs[r.end - 1].span.end)
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
        let start = if i == 0 { 0 } else { self.seg.paragraphs[i - 1].span.end };
        let end = self.seg.paragraphs.get(i).map_or(self.seg.len, |p| p.span.start);
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
