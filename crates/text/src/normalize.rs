//! Normalisation for matching.
//!
//! Normalisation decides which tokens count as *the same*; it never changes what is shown.
//! Every report prints the original text, located by byte spans.
//!
//! The default ([`NormalizeOptions::default`]) folds typography and white space, never
//! words: Unicode NFKC (so `ﬁ` equals `fi` and a no-break space equals a space), curly and
//! straight quotes and apostrophes, the dash family, and the ellipsis character against three
//! full stops. Case folding and punctuation folding are opt-in.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// What normalisation folds. Built with setters that state their defaults.
///
/// ```
/// use copytrace_text::normalize::NormalizeOptions;
/// let strict = NormalizeOptions::new().typography(false);
/// let loose = NormalizeOptions::new().case(true).punctuation(true);
/// assert!(NormalizeOptions::default().folds_typography());
/// # let _ = (strict, loose);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NormalizeOptions {
    typography: bool,
    case: bool,
    punctuation: bool,
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        NormalizeOptions { typography: true, case: false, punctuation: false }
    }
}

impl NormalizeOptions {
    /// The default options: typography folded, case and punctuation kept.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Options for corpus-wide reuse detection: typography, case and punctuation all folded.
    #[must_use]
    pub fn for_matching() -> Self {
        NormalizeOptions { typography: true, case: true, punctuation: true }
    }

    /// Fold Unicode compatibility forms (NFKC), quotes, apostrophes, dashes and the
    /// ellipsis. Default: `true`.
    #[must_use]
    pub fn typography(mut self, yes: bool) -> Self {
        self.typography = yes;
        self
    }

    /// Fold letter case (full Unicode lower-casing). Default: `false`.
    #[must_use]
    pub fn case(mut self, yes: bool) -> Self {
        self.case = yes;
        self
    }

    /// Ignore punctuation tokens entirely: they neither match nor count as changes.
    /// Default: `false`.
    #[must_use]
    pub fn punctuation(mut self, yes: bool) -> Self {
        self.punctuation = yes;
        self
    }

    /// Whether typography is folded.
    #[must_use]
    pub fn folds_typography(&self) -> bool {
        self.typography
    }

    /// Whether case is folded.
    #[must_use]
    pub fn folds_case(&self) -> bool {
        self.case
    }

    /// Whether punctuation is ignored.
    #[must_use]
    pub fn folds_punctuation(&self) -> bool {
        self.punctuation
    }

    /// Normalises one token into `out` (cleared first).
    pub fn normalize_into(&self, token: &str, out: &mut String) {
        out.clear();
        if token.is_ascii() {
            // NFKC leaves ASCII as it is; only the backtick folds and letters lower-case.
            out.extend(token.chars().map(|c| match c {
                '`' if self.typography => '\'',
                c if self.case => c.to_ascii_lowercase(),
                c => c,
            }));
            return;
        }
        if self.typography {
            for c in token.nfkc() {
                push_folded(fold_typography(c), self.case, out);
            }
            // Lower-casing can undo NFKC: `Ϊ` + U+0301 lower-cases to `ϊ` + U+0301, which
            // NFKC composes to `ΐ`. Compose again, so that a normalised token normalises to
            // itself and the capital spelling matches the small one.
            if self.case && !out.is_ascii() && !unicode_normalization::is_nfkc(out) {
                let composed: String = out.nfkc().map(fold_typography).collect();
                *out = composed;
            }
        } else {
            for c in token.chars() {
                push_folded(c, self.case, out);
            }
        }
    }

    /// Normalises one token.
    #[must_use]
    pub fn normalize(&self, token: &str) -> String {
        let mut out = String::with_capacity(token.len());
        self.normalize_into(token, &mut out);
        out
    }
}

fn push_folded(c: char, case: bool, out: &mut String) {
    if case && c.is_uppercase() {
        out.extend(c.to_lowercase());
    } else {
        out.push(c);
    }
}

/// Maps one character of the quote, apostrophe and dash families to its plain ASCII form.
/// Any other character is returned unchanged. (The ellipsis `…` is already `...` after NFKC.)
#[must_use]
pub fn fold_typography(c: char) -> char {
    match c {
        // Single quotes, apostrophes, primes and their look-alikes.
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2035}' | '\u{02BC}' | '\u{02BB}'
        | '\u{02B9}' | '\u{0060}' | '\u{00B4}' | '\u{FF07}' => '\'',
        // Double quotes, guillemets and double primes.
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{2036}' | '\u{00AB}' | '\u{00BB}'
        | '\u{FF02}' | '\u{301D}' | '\u{301E}' => '"',
        // Hyphens, dashes and the minus sign.
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' | '\u{FE58}'
        | '\u{FE63}' | '\u{FF0D}' | '\u{00AD}' => '-',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_folds_quotes_and_dashes_not_case() {
        let o = NormalizeOptions::default();
        assert_eq!(o.normalize("\u{201C}"), "\"");
        assert_eq!(o.normalize("don\u{2019}t"), "don't");
        assert_eq!(o.normalize("\u{2014}"), "-");
        assert_eq!(o.normalize("\u{2026}"), "...");
        assert_eq!(o.normalize("\u{FB01}ne"), "fine");
        assert_eq!(o.normalize("Word"), "Word");
    }

    #[test]
    fn ascii_fast_path_agrees_with_the_general_path() {
        for o in [NormalizeOptions::new(), NormalizeOptions::for_matching(), NormalizeOptions::new().typography(false)]
        {
            for t in ["Hello", "`quoted`", "MiXeD-case_42", "a'b", ""] {
                let general: String = if o.typography {
                    t.nfkc()
                        .map(fold_typography)
                        .flat_map(|c| if o.case { c.to_lowercase().collect::<Vec<_>>() } else { vec![c] })
                        .collect()
                } else {
                    t.chars()
                        .flat_map(|c| if o.case { c.to_lowercase().collect::<Vec<_>>() } else { vec![c] })
                        .collect()
                };
                assert_eq!(o.normalize(t), general, "{t:?} under {o:?}");
            }
        }
    }

    #[test]
    fn typography_off_keeps_characters() {
        let o = NormalizeOptions::new().typography(false);
        assert_eq!(o.normalize("\u{201C}"), "\u{201C}");
        assert_eq!(o.normalize("\u{FB01}"), "\u{FB01}");
    }

    #[test]
    fn case_folding_is_opt_in() {
        let o = NormalizeOptions::new().case(true);
        assert_eq!(o.normalize("CALLS"), "calls");
        assert_eq!(o.normalize("İ"), "i\u{307}");
        // Found by the `normalize` fuzz target: lower-casing must not leave text NFKC composes.
        let o = NormalizeOptions::new().case(true);
        assert_eq!(o.normalize("\u{399}\u{308}\u{301}"), "\u{390}");
        assert_eq!(o.normalize("\u{399}\u{308}\u{301}"), o.normalize("\u{390}"));
    }
}
