//! The text model of copytrace: how bytes become text, and how text is cut into paragraphs,
//! sentences and words and compared, with every piece located by a byte span.
//!
//! `copytrace-diff` (how two texts differ) and `copytrace-provenance` (who copied whom)
//! both read text through this crate, so that a word, a paragraph, a normalised token and a
//! byte offset mean the same thing in every copytrace report. It does no IO: callers hand it
//! bytes or `&str`.
//!
//! # Overview
//!
//! * [`date`](mod@date): [`Date`], a publication date (a day, or an RFC 3339 instant with its
//!   offset) and the partial order that dates documents against each other.
//! * [`span`]: [`Span`], a half-open byte range into a text. Every position copytrace
//!   reports is one.
//! * [`decode`](mod@decode): bytes to text by one policy (UTF-8, UTF-16 with a byte-order mark,
//!   Windows-1252 for other non-UTF-8 text, binary refused), keeping the way back from a
//!   span of the text to the bytes of the file ([`Decoded::original_span`]).
//! * [`normalize`]: which tokens count as *the same* ([`NormalizeOptions`]): typography,
//!   and optionally case and punctuation, folded. Normalisation never changes what is shown.
//! * [`segment`]: paragraphs (blank-line separated), sentences and tokens (Unicode word
//!   boundaries), [`Segmented`]; and the one definition of a word count, [`word_count`].
//!
//! # Words
//!
//! A word is a [`TokenKind::Word`] token: a piece of text between Unicode word boundaries
//! (UAX #29, found with quotes, apostrophes and dashes folded to ASCII so typography never
//! moves a boundary) that holds at least one letter or digit. Every copytrace figure that
//! counts words counts these, through [`word_count`] or [`segment::count_words`], or by
//! filtering [`Segmented::tokens`]; never by splitting at white space.
//!
//! ```
//! use copytrace_text::{word_count, Segmented, TokenKind};
//!
//! let text = "\u{201C}It\u{2019}s over,\u{201D} she said.\n\nA well-known 3.5% rise \u{2014} \u{4E2D}\u{6587}.";
//! let seg = Segmented::new(text);
//! let words: Vec<&str> =
//!     seg.tokens.iter().filter(|t| t.kind == TokenKind::Word).map(|t| &text[t.span.range()]).collect();
//! assert_eq!(words, ["It\u{2019}s", "over", "she", "said", "A", "well", "known", "3.5", "rise", "\u{4E2D}", "\u{6587}"]);
//! assert_eq!(word_count(text), words.len());
//! assert_eq!(seg.paragraphs.len(), 2);
//! ```
//!
//! # Decoding and offsets
//!
//! ```
//! use copytrace_text::{decode, Encoding, Span};
//!
//! // "café “ok”" in Windows-1252: one byte a character.
//! let bytes = b"caf\xe9 \x93ok\x94";
//! let d = decode(bytes).unwrap();
//! assert_eq!(d.encoding(), Encoding::Windows1252);
//! assert_eq!(d.text(), "caf\u{e9} \u{201C}ok\u{201D}");
//! // "ok" is at bytes 9..11 of the text, 6..8 of the file.
//! let ok = d.text().find("ok").unwrap();
//! assert_eq!(d.original_span(Span::new(ok, ok + 2)), Span::new(6, 8));
//! ```
//!
//! # Normalisation
//!
//! ```
//! use copytrace_text::NormalizeOptions;
//!
//! let default = NormalizeOptions::default();
//! assert_eq!(default.normalize("don\u{2019}t"), default.normalize("don't"));
//! assert_ne!(default.normalize("Don't"), default.normalize("don't"));
//! let matching = NormalizeOptions::for_matching();
//! assert_eq!(matching.normalize("Don\u{2019}t"), "don't");
//! ```

pub mod date;
pub mod decode;
pub mod normalize;
pub mod segment;
pub mod span;

pub use date::{Date, DateError};
pub use decode::{decode, decode_vec, DecodeError, Decoded, Encoding, SourceRun, StrayControls};
pub use normalize::{fold_typography, NormalizeOptions};
pub use segment::{word_count, Paragraph, Segmented, Token, TokenKind};
pub use span::Span;
