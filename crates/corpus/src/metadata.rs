//! Metadata at the start of a document: front matter and a `date` prefix.
//!
//! See the [crate docs](crate#metadata) for the rules.

use crate::WarningKind;
pub use copytrace_text::date::Date;
use copytrace_text::date::DateError;
use copytrace_text::Span;
use std::collections::BTreeMap;
use std::fmt;

/// Metadata of a document; none of it is matched.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// `title`.
    pub title: Option<String>,
    /// `outlet`.
    pub outlet: Option<String>,
    /// `date`, when it is a valid date (a day, or an RFC 3339 date-time with its offset).
    pub date: Option<Date>,
    /// `url`.
    pub url: Option<String>,
    /// Every other key, with its value as written (sorted by key).
    pub extra: BTreeMap<String, String>,
    /// Spans of the decoded text holding metadata (front matter, date prefix).
    pub ranges: Vec<Span>,
}

impl Metadata {
    /// Every value, as `(key, value)` in a fixed order: `title`, `outlet`, `date`, `url`,
    /// then the other keys sorted. Dates are written in their normalised form.
    #[must_use]
    pub fn pairs(&self) -> Vec<(String, String)> {
        let known = [
            ("title", self.title.clone()),
            ("outlet", self.outlet.clone()),
            ("date", self.date.map(|d| d.to_string())),
            ("url", self.url.clone()),
        ];
        let known = known.into_iter().filter_map(|(k, v)| Some((k.to_owned(), v?)));
        known.chain(self.extra.iter().map(|(k, v)| (k.clone(), v.clone()))).collect()
    }

    /// What differs between `old` and `new`, key by key (in the order of
    /// [`Metadata::pairs`], then keys only `new` has).
    ///
    /// ```
    /// use copytrace_corpus::{Date, Metadata};
    /// let old = Metadata { date: Date::parse("2019-05-04"), title: Some("A".into()), ..Metadata::default() };
    /// let new = Metadata { date: Date::parse("2019-05-05"), title: Some("A".into()), ..Metadata::default() };
    /// let changes = Metadata::changes(&old, &new);
    /// assert_eq!(changes.len(), 1);
    /// assert_eq!(changes[0].to_string(), "date 2019-05-04 \u{2192} 2019-05-05");
    /// assert!(Metadata::changes(&old, &old).is_empty());
    /// ```
    #[must_use]
    pub fn changes(old: &Metadata, new: &Metadata) -> Vec<MetadataChange> {
        let (old, new) = (old.pairs(), new.pairs());
        let find = |pairs: &[(String, String)], key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let mut keys: Vec<&String> = old.iter().map(|(k, _)| k).collect();
        keys.extend(new.iter().map(|(k, _)| k).filter(|k| !old.iter().any(|(o, _)| o == *k)));
        keys.into_iter()
            .filter_map(|key| {
                let (o, n) = (find(&old, key), find(&new, key));
                (o != n).then(|| MetadataChange { key: key.clone(), old: o, new: n })
            })
            .collect()
    }
}

/// One metadata key whose value differs between two documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetadataChange {
    /// The key (`date`, `title`, or a front-matter key).
    pub key: String,
    /// The value in the first document, if it has the key.
    pub old: Option<String>,
    /// The value in the second document, if it has the key.
    pub new: Option<String>,
}

/// `key old → new`, with `(none)` for a missing value.
impl fmt::Display for MetadataChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_owned());
        write!(f, "{} {} \u{2192} {}", self.key, show(&self.old), show(&self.new))
    }
}

/// Splits `text` into its leading metadata and the body span, by the rules in the
/// [module docs](self).
pub(crate) fn parse_metadata(text: &str) -> (Metadata, Span, Vec<WarningKind>) {
    let mut meta = Metadata::default();
    let mut warnings = Vec::new();
    let mut at = if text.starts_with('\u{FEFF}') { '\u{FEFF}'.len_utf8() } else { 0 };
    let mut fm_date = None;
    match front_matter(text, at) {
        FrontMatter::None => {}
        FrontMatter::Unclosed => warnings.push(WarningKind::UnclosedFrontMatter),
        FrontMatter::Invalid { line } => warnings.push(WarningKind::NotFrontMatter { line }),
        FrontMatter::Block { end, pairs } => {
            meta.ranges.push(Span::new(at, end));
            at = end;
            for (key, value) in pairs {
                match key.as_str() {
                    "title" => meta.title = Some(value),
                    "outlet" => meta.outlet = Some(value),
                    "url" => meta.url = Some(value),
                    "date" => match read_date(&value, &mut warnings) {
                        Some(d) => fm_date = Some(d),
                        None => {
                            meta.extra.insert(key, value);
                        }
                    },
                    _ => {
                        meta.extra.insert(key, value);
                    }
                }
            }
        }
    }
    meta.date = fm_date;
    if let Some((span, date, body_start)) = date_prefix(text, at) {
        meta.ranges.push(span);
        at = body_start;
        match (date, fm_date) {
            (Ok(prefix), Some(front_matter)) if prefix != front_matter => {
                warnings.push(WarningKind::ConflictingDates { front_matter, prefix });
            }
            (Ok(prefix), None) => meta.date = Some(prefix),
            (Err(raw), _) => warnings.push(WarningKind::BadDate(raw)),
            (Ok(_), Some(_)) => {}
        }
    }
    (meta, Span::new(at, text.len()), warnings)
}

/// The date in `raw` (see [`Date::parse_lenient`]), with a warning when it cannot be read
/// ([`WarningKind::BadDate`], `None`) or has a time but no zone
/// ([`WarningKind::DateWithoutZone`], its day).
pub(crate) fn read_date(raw: &str, warnings: &mut Vec<WarningKind>) -> Option<Date> {
    match Date::parse_lenient(raw) {
        Ok(date) => Some(date),
        Err(DateError::NoZone(day)) => {
            warnings.push(WarningKind::DateWithoutZone { raw: raw.to_owned(), day });
            Some(day)
        }
        Err(DateError::Invalid) => {
            warnings.push(WarningKind::BadDate(raw.to_owned()));
            None
        }
    }
}

enum FrontMatter {
    None,
    Unclosed,
    Invalid { line: usize },
    Block { end: usize, pairs: Vec<(String, String)> },
}

/// Lines of `text` from `at`: (start, content end without `\r\n`, next line start).
fn lines_from(text: &str, at: usize) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut pos = at;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let (end, next) = match text[pos..].find('\n') {
            Some(i) => (pos + i, pos + i + 1),
            None => (text.len(), text.len()),
        };
        pos = next;
        let end = if text[start..end].ends_with('\r') { end - 1 } else { end };
        Some((start, end, next))
    })
}

fn front_matter(text: &str, at: usize) -> FrontMatter {
    let mut lines = lines_from(text, at);
    match lines.next() {
        Some((s, e, _)) if text[s..e].trim_end() == "---" => {}
        _ => return FrontMatter::None,
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (number, (s, e, next)) in lines.enumerate() {
        let line = &text[s..e];
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return FrontMatter::Block { end: next, pairs };
        }
        if trimmed.trim_start().is_empty() || trimmed.trim_start().starts_with('#') {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            // A continuation of the previous value (a folded or list value).
            if let Some((_, value)) = pairs.last_mut() {
                if !value.is_empty() {
                    value.push(' ');
                }
                value.push_str(trimmed.trim_start());
                continue;
            }
            return FrontMatter::Invalid { line: number + 2 };
        }
        match trimmed.split_once(':') {
            Some((key, value))
                if !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-')) =>
            {
                pairs.push((key.to_lowercase(), unquote(value.trim()).to_owned()));
            }
            _ => return FrontMatter::Invalid { line: number + 2 },
        }
    }
    FrontMatter::Unclosed
}

fn unquote(value: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    value
}

/// A `date YYYY-MM-DD` (or RFC 3339 date-time) prefix at `at` (after white space): its span, the date (or the
/// raw text when it is not a valid date) and where the body starts.
fn date_prefix(text: &str, at: usize) -> Option<(Span, Result<Date, String>, usize)> {
    let rest = &text[at..];
    let start = at + (rest.len() - rest.trim_start().len());
    let word = text.get(start..start + 4)?;
    if !word.eq_ignore_ascii_case("date") {
        return None;
    }
    let mut pos = start + 4;
    if text[pos..].starts_with(':') {
        pos += 1;
    }
    let after_key = &text[pos..];
    let gap = after_key.len() - after_key.trim_start_matches([' ', '\t']).len();
    if gap == 0 && !text[pos..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    pos += gap;
    let head = text.get(pos..pos + 10)?;
    let shaped = head.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !shaped {
        return None;
    }
    // The value runs to the next white space: a day, or a date-time (`2024-03-11T08:00Z`).
    let token = text[pos..].split(char::is_whitespace).next().unwrap_or_default();
    if token.len() > 10 && !token[10..].starts_with(['T', 't']) {
        return None;
    }
    let end = pos + token.len();
    let tail = &text[end..];
    let body_start = end + (tail.len() - tail.trim_start().len());
    Some((Span::new(start, end), Date::parse(token).ok_or_else(|| token.to_owned()), body_start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_date_times_keep_their_time_and_offset() {
        for (value, shown) in [
            ("2024-03-11T08:00:00Z", "2024-03-11T08:00:00Z"),
            ("\"2024-03-11T09:00:00+01:00\"", "2024-03-11T09:00:00+01:00"),
            ("2024-03-11 08:00:00.5-05:00", "2024-03-11T08:00:00.5-05:00"),
            ("2024-03-11", "2024-03-11"),
        ] {
            let (meta, _, warnings) = parse_metadata(&format!("---\ndate: {value}\n---\nBody."));
            assert!(warnings.is_empty(), "{value}: {warnings:?}");
            assert_eq!(meta.date.map(|d| d.to_string()).as_deref(), Some(shown), "{value}");
        }
        // A time without a zone: the day is kept, and the user told.
        let (meta, _, warnings) = parse_metadata("---\ndate: 2024-03-11 08:00\n---\nBody.");
        assert_eq!(meta.date, Date::parse("2024-03-11"));
        assert_eq!(
            warnings,
            vec![WarningKind::DateWithoutZone {
                raw: "2024-03-11 08:00".into(),
                day: Date::parse("2024-03-11").unwrap()
            }]
        );
        // A date prefix may carry a time too.
        let text = "date 2024-03-11T08:00:00+01:00 Body.";
        let (meta, body, warnings) = parse_metadata(text);
        assert!(warnings.is_empty());
        assert_eq!(meta.date.map(|d| d.to_string()).as_deref(), Some("2024-03-11T08:00:00+01:00"));
        assert_eq!(&text[body.range()], "Body.");
    }

    #[test]
    fn front_matter_is_parsed_and_skipped() {
        let text = "---\r\ntitle: \"Leak inquiry\"\r\noutlet: Example News\r\ndate: 2019-05-04\r\nurl: https://example.invalid/a\r\nauthor: A. Writer\r\n# a comment\r\ntags: one,\r\n  two\r\n---\r\n\r\nBody text here.\r\n";
        let (meta, body, warnings) = parse_metadata(text);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(meta.title.as_deref(), Some("Leak inquiry"));
        assert_eq!(meta.outlet.as_deref(), Some("Example News"));
        assert_eq!(meta.url.as_deref(), Some("https://example.invalid/a"));
        assert_eq!(meta.date, Date::parse("2019-05-04"));
        assert_eq!(meta.extra.get("author").map(String::as_str), Some("A. Writer"));
        assert_eq!(meta.extra.get("tags").map(String::as_str), Some("one, two"));
        assert_eq!(&text[body.range()], "\r\nBody text here.\r\n");
        assert_eq!(meta.ranges, vec![Span::new(0, text.find("\r\n\r\nBody").unwrap() + 2)]);
    }

    #[test]
    fn front_matter_then_date_prefix_and_bom() {
        let text = "\u{FEFF}---\ntitle: T\n---\n  date 2019-05-04\nBody.";
        let (meta, body, warnings) = parse_metadata(text);
        assert!(warnings.is_empty());
        assert_eq!(meta.date, Date::parse("2019-05-04"));
        assert_eq!(&text[body.range()], "Body.");
        assert_eq!(meta.ranges.len(), 2);
        assert_eq!(meta.ranges[0].start, 3, "the byte-order mark is not metadata");
    }

    #[test]
    fn conflicting_dates_keep_the_front_matter() {
        let (meta, _, warnings) = parse_metadata("---\ndate: 2019-05-04\n---\ndate 2019-05-05 Body.");
        assert_eq!(meta.date, Date::parse("2019-05-04"));
        assert!(matches!(warnings[..], [WarningKind::ConflictingDates { .. }]));
    }

    #[test]
    fn unclosed_or_foreign_front_matter_is_text() {
        let text = "---\ntitle: T\nBody that never closes the block.\n";
        let (meta, body, warnings) = parse_metadata(text);
        assert_eq!(warnings, vec![WarningKind::NotFrontMatter { line: 3 }]);
        assert_eq!(body, Span::new(0, text.len()));
        assert_eq!(meta, Metadata::default());

        let (_, body, warnings) = parse_metadata("---\ntitle: T\n");
        assert_eq!(warnings, vec![WarningKind::UnclosedFrontMatter]);
        assert_eq!(body.start, 0);

        // A horizontal rule: no metadata, no warning worth keeping quiet about.
        let (_, body, warnings) = parse_metadata("---\n\nA paragraph: with a colon.\n\n---\n");
        assert_eq!(warnings, vec![WarningKind::NotFrontMatter { line: 3 }]);
        assert_eq!(body.start, 0);
    }

    #[test]
    fn bad_dates_are_reported_and_ignored() {
        let (meta, body, warnings) = parse_metadata("---\ndate: 2019-02-30\n---\nBody.");
        assert_eq!(meta.date, None);
        assert_eq!(meta.extra.get("date").map(String::as_str), Some("2019-02-30"));
        assert_eq!(warnings, vec![WarningKind::BadDate("2019-02-30".to_owned())]);
        assert_eq!(body.start, "---\ndate: 2019-02-30\n---\n".len());

        // A prefix shaped like a date is metadata even when the date is impossible.
        let text = "date 2019-13-45 Body words.";
        let (meta, body, warnings) = parse_metadata(text);
        assert_eq!(meta.date, None);
        assert_eq!(&text[body.range()], "Body words.");
        assert_eq!(warnings, vec![WarningKind::BadDate("2019-13-45".to_owned())]);
    }

    #[test]
    fn prose_starting_with_date_is_not_a_prefix() {
        for text in [
            "Date night was fun.",
            "date 2019-05-04x is odd",
            "dated 2019-05-04 text",
            "date: soon",
            "date 2019-05-04, then",
        ] {
            let (meta, body, warnings) = parse_metadata(text);
            assert_eq!((meta.date, body.start, warnings.len()), (None, 0, 0), "{text}");
        }
        let (meta, body, _) = parse_metadata("Date: 2019-05-04\n\nText.");
        assert_eq!((meta.date, body.start), (Date::parse("2019-05-04"), 18));
    }
}
