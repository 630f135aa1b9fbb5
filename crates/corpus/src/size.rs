//! [`ByteSize`]: a size limit as people write it (`64M`), and the default limit.

use std::fmt;
use std::str::FromStr;

/// The default size limit of every reader of this crate ([`crate::CorpusOptions::max_file_size`],
/// [`crate::read_input`]'s callers): 64 MiB, far above any article (a long one is under
/// 100 KiB) and small enough that a stray dump or log file cannot exhaust memory. The
/// `copytrace` command line takes its `--max-file-size` default (and its help text) from here.
pub const DEFAULT_MAX_FILE_SIZE: ByteSize = ByteSize::mib(64);

/// A number of bytes, parsed from and shown as `65536`, `512K`, `64M`, `1G`, `2T` (binary
/// multiples: `K` = 1024 bytes; an optional `B` or `iB` after the letter, any case).
///
/// Shown with the largest unit that divides it exactly, so a parsed size shows as written
/// in its simplest form:
///
/// ```
/// use copytrace_corpus::ByteSize;
/// let size: ByteSize = "64MiB".parse().unwrap();
/// assert_eq!(size.bytes(), 64 << 20);
/// assert_eq!(size.to_string(), "64M");
/// assert_eq!(ByteSize::new(1500).to_string(), "1500");
/// assert!("12X".parse::<ByteSize>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ByteSize(u64);

impl ByteSize {
    /// `bytes` bytes.
    #[must_use]
    pub const fn new(bytes: u64) -> Self {
        ByteSize(bytes)
    }

    /// `n` mebibytes.
    #[must_use]
    pub const fn mib(n: u64) -> Self {
        ByteSize(n << 20)
    }

    /// The number of bytes.
    #[must_use]
    pub const fn bytes(self) -> u64 {
        self.0
    }
}

impl From<u64> for ByteSize {
    fn from(bytes: u64) -> Self {
        ByteSize(bytes)
    }
}

const UNITS: [(char, u32); 4] = [('T', 40), ('G', 30), ('M', 20), ('K', 10)];

impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (letter, shift) in UNITS {
            if self.0 != 0 && self.0 % (1u64 << shift) == 0 {
                return write!(f, "{}{letter}", self.0 >> shift);
            }
        }
        write!(f, "{}", self.0)
    }
}

/// Why a size does not parse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    /// Not a number with an optional unit.
    #[error("invalid size {0:?}: use a number of bytes, optionally with K, M, G or T (such as 64M)")]
    Invalid(String),
    /// More than `u64::MAX` bytes.
    #[error("size {0:?} is too large")]
    TooLarge(String),
}

impl FromStr for ByteSize {
    type Err = SizeError;

    fn from_str(s: &str) -> Result<Self, SizeError> {
        let upper = s.trim().to_ascii_uppercase();
        let digits_end = upper.find(|c: char| !c.is_ascii_digit()).unwrap_or(upper.len());
        let (digits, unit) = upper.split_at(digits_end);
        let shift = match unit.trim_end_matches("IB").trim_end_matches('B') {
            "" => 0,
            u => match UNITS.iter().find(|(letter, _)| u.len() == 1 && u.starts_with(*letter)) {
                Some(&(_, shift)) => shift,
                None => return Err(SizeError::Invalid(s.to_owned())),
            },
        };
        let n: u64 = digits.parse().map_err(|_| SizeError::Invalid(s.to_owned()))?;
        n.checked_mul(1u64 << shift).map(ByteSize).ok_or_else(|| SizeError::TooLarge(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_units() {
        let parse = |s: &str| s.parse::<ByteSize>().map(ByteSize::bytes);
        assert_eq!(parse("100"), Ok(100));
        assert_eq!(parse("2k"), Ok(2048));
        assert_eq!(parse("64M"), Ok(DEFAULT_MAX_FILE_SIZE.bytes()));
        assert_eq!(parse("1GiB"), Ok(1 << 30));
        assert_eq!(parse("3MB"), Ok(3 << 20));
        for bad in ["", "12X", "-1", "M", "1KM"] {
            assert!(matches!(parse(bad), Err(SizeError::Invalid(_))), "{bad}");
        }
        assert!(matches!(parse("99999999999T"), Err(SizeError::TooLarge(_))));
    }

    #[test]
    fn sizes_show_in_their_simplest_unit_and_parse_back() {
        assert_eq!(DEFAULT_MAX_FILE_SIZE.to_string(), "64M");
        for (bytes, shown) in [(0, "0"), (1023, "1023"), (1024, "1K"), (1536, "1536"), (3 << 30, "3G")] {
            let size = ByteSize::new(bytes);
            assert_eq!(size.to_string(), shown);
            assert_eq!(shown.parse::<ByteSize>(), Ok(size));
        }
    }
}
