//! Publication dates: a day, or an instant with the offset it was written in.
//!
//! A document's date is either a bare day (`2024-03-11`, "some time that day") or an
//! RFC 3339 date-time with its zone (`2024-03-11T08:00:00Z`, `2024-03-11T09:00:00+01:00`).
//! Dates are only partly ordered, by [`Date::compare`]:
//!
//! * two date-times compare as instants (converted to UTC), so
//!   `2024-03-11T08:00:00+01:00` is before `2024-03-11T07:30:00Z`; the same instant written
//!   in two zones is not ordered;
//! * two days compare as days; the same day twice is not ordered;
//! * a day and a date-time compare by the date-time's day as written (in its own offset):
//!   `2024-03-11` and `2024-03-11T23:00:00-05:00` are not ordered, `2024-03-10` is before it.
//!
//! ```
//! use copytrace_text::date::Date;
//! use std::cmp::Ordering;
//!
//! let paris = Date::parse("2024-03-11T08:00:00+01:00").unwrap();
//! let london = Date::parse("2024-03-11T07:30:00Z").unwrap();
//! assert!(paris.earlier_than(&london));
//! assert_eq!(paris.to_string(), "2024-03-11T08:00:00+01:00", "the offset is kept");
//!
//! let day = Date::parse("2024-03-11").unwrap();
//! assert_eq!(day.compare(&paris), None, "a day and a time on that day are not ordered");
//! assert_eq!(Date::parse("2024-03-10").unwrap().compare(&paris), Some(Ordering::Less));
//! assert_eq!(Date::parse("11/03/2024"), None);
//! ```

use jiff::civil;
use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::Offset;
use jiff::Timestamp;
use std::cmp::Ordering;
use std::fmt;

/// A publication date: a day, or an instant with the offset it was written in.
///
/// `PartialEq` is structural (the same instant in two offsets is two values); use
/// [`Date::compare`] for chronology.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Date {
    /// A calendar day without a time (`2024-03-11`), years 1 to 9999.
    Day(civil::Date),
    /// An instant, as written in RFC 3339.
    Instant {
        /// The instant.
        at: Timestamp,
        /// The offset it was written with; `None` for `Z` (UTC, local offset unknown).
        offset: Option<Offset>,
    },
}

/// Why [`Date::parse_lenient`] could not read a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Neither `YYYY-MM-DD` nor an RFC 3339 date-time (or not a real date or time).
    Invalid,
    /// A date and time without a zone offset (`2024-03-11 08:00`): the instant is unknown,
    /// only the day is.
    NoZone(Date),
}

impl Date {
    /// Parses exactly `YYYY-MM-DD` (a real calendar day, year 1 to 9999) or an RFC 3339
    /// date-time with its offset (`Z` or `±hh:mm`; `T`, `t` or a space before the time,
    /// fractional seconds allowed). Anything else is `None`; nothing is trimmed.
    #[must_use]
    pub fn parse(s: &str) -> Option<Date> {
        Date::parse_lenient(s).ok().filter(|_| s.trim() == s)
    }

    /// Parses like [`Date::parse`] after trimming white space, and tells why it could not:
    /// a date-time without offset is [`DateError::NoZone`] carrying its day.
    ///
    /// ```
    /// use copytrace_text::date::{Date, DateError};
    /// assert_eq!(Date::parse_lenient(" 2024-03-11 "), Ok(Date::parse("2024-03-11").unwrap()));
    /// assert_eq!(
    ///     Date::parse_lenient("2024-03-11T08:00"),
    ///     Err(DateError::NoZone(Date::parse("2024-03-11").unwrap()))
    /// );
    /// assert_eq!(Date::parse_lenient("2024-02-30"), Err(DateError::Invalid));
    /// ```
    pub fn parse_lenient(s: &str) -> Result<Date, DateError> {
        let s = s.trim();
        let b = s.as_bytes();
        // The extended form only (`2024-03-11`), not ISO 8601's basic `20240311`.
        let shaped = b.len() >= 10
            && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
        if !shaped || (b.len() > 10 && !matches!(b[10], b'T' | b't' | b' ')) {
            return Err(DateError::Invalid);
        }
        let pieces = Pieces::parse(s).map_err(|_| DateError::Invalid)?;
        let date = pieces.date();
        if !(1..=9999).contains(&date.year()) || pieces.time_zone_annotation().is_some() {
            return Err(DateError::Invalid);
        }
        let Some(time) = pieces.time() else {
            return if b.len() == 10 { Ok(Date::Day(date)) } else { Err(DateError::Invalid) };
        };
        let (offset, written) = match pieces.offset() {
            None => return Err(DateError::NoZone(Date::Day(date))),
            // `-00:00` (RFC 3339: UTC, local offset unknown) means what `Z` means.
            Some(PiecesOffset::Numeric(n)) if !(n.is_negative() && n.offset() == Offset::UTC) => {
                (n.offset(), Some(n.offset()))
            }
            Some(_) => (Offset::UTC, None),
        };
        let at = offset.to_timestamp(date.to_datetime(time)).map_err(|_| DateError::Invalid)?;
        Ok(Date::Instant { at, offset: written })
    }

    /// The day, as written (a date-time's day in its own offset).
    #[must_use]
    pub fn day(&self) -> civil::Date {
        match *self {
            Date::Day(d) => d,
            Date::Instant { at, offset } => offset.unwrap_or(Offset::UTC).to_datetime(at).date(),
        }
    }

    /// The chronological order of two dates, when they have one (see the
    /// [module docs](self)): `None` when neither is earlier.
    #[must_use]
    pub fn compare(&self, other: &Date) -> Option<Ordering> {
        let order = match (self, other) {
            (Date::Instant { at: a, .. }, Date::Instant { at: b, .. }) => a.cmp(b),
            _ => self.day().cmp(&other.day()),
        };
        (order != Ordering::Equal).then_some(order)
    }

    /// Whether `self` is strictly before `other` by [`Date::compare`].
    #[must_use]
    pub fn earlier_than(&self, other: &Date) -> bool {
        self.compare(other) == Some(Ordering::Less)
    }

    /// A total order key for sorting dates deterministically: the instant (a day counts
    /// from its midnight UTC), then days before date-times. It agrees with
    /// [`Date::compare`] between two date-times and between two days; a day and a date-time
    /// less than a day apart may come in either order.
    #[must_use]
    pub fn sort_key(&self) -> (Timestamp, bool) {
        match *self {
            Date::Day(d) => {
                let midnight = Offset::UTC.to_timestamp(d.to_datetime(civil::Time::midnight()));
                (midnight.unwrap_or(Timestamp::MIN), false)
            }
            Date::Instant { at, .. } => (at, true),
        }
    }
}

/// Normalised RFC 3339: `2024-03-11`, `2024-03-11T08:00:00Z`, `2024-03-11T09:00:00+01:00`
/// (the offset as written; fractional seconds only when there are some).
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Date::Day(d) => write!(f, "{d}"),
            Date::Instant { at, offset: None } => write!(f, "{at}"),
            Date::Instant { at, offset: Some(o) } => write!(f, "{}", at.display_with_offset(o)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    #[test]
    fn days_are_checked_against_the_calendar() {
        assert_eq!(d("2020-02-29").to_string(), "2020-02-29");
        assert_eq!(d("2000-02-29").day().day(), 29);
        for bad in ["2019-02-29", "1900-02-29", "2019-13-01", "2019-00-10", "2019-04-31", "2019-5-4", "0000-01-01"] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        for bad in ["२०१९-०५-०४", "20190504", "2019-05-04x", "11/03/2024", " 2019-05-04", "2019-05-04T25:00Z", ""]
        {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert!(d("2019-05-04").earlier_than(&d("2019-12-01")));
    }

    #[test]
    fn date_times_keep_their_time_and_offset() {
        for s in [
            "2024-03-11T08:00:00Z",
            "2024-03-11T09:00:00+01:00",
            "2024-03-11T02:30:00-05:30",
            "2024-03-11T08:00:00.25Z",
        ] {
            assert_eq!(d(s).to_string(), s);
        }
        assert_eq!(d("2024-03-11t08:00:00z").to_string(), "2024-03-11T08:00:00Z");
        assert_eq!(d("2024-03-11 08:00:00-00:00").to_string(), "2024-03-11T08:00:00Z");
        assert_eq!(d("2024-03-11T08:00:00+00:00").to_string(), "2024-03-11T08:00:00+00:00");
        assert_eq!(Date::parse_lenient("2024-03-11 08:00"), Err(DateError::NoZone(d("2024-03-11"))));
        assert_eq!(Date::parse_lenient("2024-03-11T08:00:00[Europe/Paris]"), Err(DateError::Invalid));
    }

    #[test]
    fn instants_compare_in_utc_and_days_by_day() {
        use Ordering::{Greater, Less};
        assert_eq!(d("2024-03-11T08:00:00+01:00").compare(&d("2024-03-11T07:30:00Z")), Some(Less));
        assert_eq!(d("2024-03-11T07:30:00Z").compare(&d("2024-03-11T08:00:00+01:00")), Some(Greater));
        assert_eq!(d("2024-03-11T09:00:00+01:00").compare(&d("2024-03-11T08:00:00Z")), None, "one instant");
        assert_eq!(d("2024-03-11").compare(&d("2024-03-11")), None);
        assert_eq!(d("2024-03-11").compare(&d("2024-03-12")), Some(Less));
        // A day against a date-time: the date-time's own day decides.
        assert_eq!(d("2024-03-11").compare(&d("2024-03-11T23:00:00-05:00")), None);
        assert_eq!(d("2024-03-12").compare(&d("2024-03-11T23:00:00-05:00")), Some(Greater));
        assert_eq!(d("2024-03-11T00:30:00+01:00").compare(&d("2024-03-11")), None);
        assert_eq!(d("2024-03-10T23:59:59Z").compare(&d("2024-03-11")), Some(Less));
    }

    #[test]
    fn the_sort_key_follows_the_order() {
        let mut dates = ["2024-03-12", "2024-03-11T09:00:00Z", "2024-03-11T08:00:00+01:00", "2024-03-10"].map(d);
        dates.sort_by_key(Date::sort_key);
        let shown: Vec<String> = dates.iter().map(Date::to_string).collect();
        assert_eq!(shown, ["2024-03-10", "2024-03-11T08:00:00+01:00", "2024-03-11T09:00:00Z", "2024-03-12"]);
        assert!(d("2024-03-11").sort_key() < d("2024-03-11T00:00:00Z").sort_key(), "days first on a tie");
    }
}
