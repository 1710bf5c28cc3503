//! RFC 3339 timestamps, as APIs send them in error bodies and headers.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const SECONDS_PER_DAY: i64 = 86_400;
const NANOS_PER_SECOND: u32 = 1_000_000_000;

/// An instant parsed from RFC 3339 text, such as `2024-03-11T08:13:02.112Z`.
///
/// Timestamps are stored in UTC, so comparisons order them by time whatever offset
/// and precision the text used: `2024-03-11T10:13:02.112+02:00` equals
/// `2024-03-11T08:13:02.112Z`, and `…02.112Z` sorts before `…02.112001Z`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    // Field order matters: the derived `Ord` compares seconds first.
    seconds: i64,
    nanos: u32,
}

impl Timestamp {
    /// Parses an RFC 3339 date-time, such as `2024-03-11T08:13:02.112Z` or
    /// `2024-03-11T10:13:02+02:00`.
    ///
    /// The date and time may be separated by `T`, `t` or one space. Fractions of a
    /// second keep up to nine digits; further digits are ignored. A leap second
    /// (`:60`) is accepted and read as the last nanosecond of second 59. Returns
    /// `None` for anything else, including out-of-range fields and trailing text.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let mut p = Cursor {
            bytes: text.as_bytes(),
            pos: 0,
        };
        let year = p.digits(4)?;
        p.expect(b'-')?;
        let month = p.digits(2)?;
        p.expect(b'-')?;
        let day = p.digits(2)?;
        if !matches!(p.next()?, b'T' | b't' | b' ') {
            return None;
        }
        let hour = p.digits(2)?;
        p.expect(b':')?;
        let minute = p.digits(2)?;
        p.expect(b':')?;
        let mut second = p.digits(2)?;
        let mut nanos = if p.eat(b'.') { p.fraction()? } else { 0 };
        let offset = match p.next()? {
            b'Z' | b'z' => 0,
            sign @ (b'+' | b'-') => {
                let hours = p.digits(2)?;
                p.expect(b':')?;
                let minutes = p.digits(2)?;
                if hours >= 24 || minutes >= 60 {
                    return None;
                }
                let offset = i64::from(hours * 3600 + minutes * 60);
                if sign == b'-' {
                    -offset
                } else {
                    offset
                }
            }
            _ => return None,
        };
        if p.pos != p.bytes.len() {
            return None;
        }

        let month_ok = (1..=12).contains(&month);
        if !month_ok || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if hour >= 24 || minute >= 60 || second > 60 {
            return None;
        }
        if second == 60 {
            // Unix time has no leap seconds; keep the instant inside its minute so
            // it still sorts after every other time in that minute.
            second = 59;
            nanos = NANOS_PER_SECOND - 1;
        }

        let days = days_from_civil(i64::from(year), month, day);
        let time = i64::from(hour * 3600 + minute * 60 + second);
        Some(Timestamp {
            seconds: days * SECONDS_PER_DAY + time - offset,
            nanos,
        })
    }

    /// Seconds since the Unix epoch (1970-01-01T00:00:00Z); negative before it.
    pub fn unix_seconds(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`unix_seconds`](Self::unix_seconds), always below one billion.
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// The instant `seconds` and `nanos` after the Unix epoch.
    ///
    /// `nanos` above 999 999 999 is clamped to that value rather than carried into
    /// `seconds`.
    pub fn from_unix(seconds: i64, nanos: u32) -> Timestamp {
        Timestamp {
            seconds,
            nanos: nanos.min(NANOS_PER_SECOND - 1),
        }
    }

    /// This instant as a [`SystemTime`], or `None` if the platform cannot represent it.
    pub fn to_system_time(self) -> Option<SystemTime> {
        let whole = Duration::from_secs(self.seconds.unsigned_abs());
        let at_second = if self.seconds >= 0 {
            UNIX_EPOCH.checked_add(whole)?
        } else {
            UNIX_EPOCH.checked_sub(whole)?
        };
        at_second.checked_add(Duration::from_nanos(u64::from(self.nanos)))
    }
}

/// The error returned when text is not an RFC 3339 timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimestampError;

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not an RFC 3339 timestamp")
    }
}

impl std::error::Error for TimestampError {}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(text).ok_or(TimestampError)
    }
}

impl fmt::Display for Timestamp {
    /// Writes canonical UTC RFC 3339, such as `2024-03-11T08:13:02.112Z`: the
    /// fraction is left out when zero and has no trailing zeros otherwise.
    ///
    /// Years outside 0000–9999 (reachable only through [`Timestamp::from_unix`])
    /// are written with a sign, which RFC 3339 and [`Timestamp::parse`] do not accept.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = civil_from_days(self.seconds.div_euclid(SECONDS_PER_DAY));
        let time = self.seconds.rem_euclid(SECONDS_PER_DAY);
        if (0..=9999).contains(&year) {
            write!(f, "{year:04}")?;
        } else {
            write!(f, "{year:+05}")?;
        }
        write!(
            f,
            "-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            time / 3600,
            time / 60 % 60,
            time % 60
        )?;
        if self.nanos > 0 {
            let (mut digits, mut width) = (self.nanos, 9);
            while digits % 10 == 0 {
                digits /= 10;
                width -= 1;
            }
            write!(f, ".{digits:0width$}")?;
        }
        f.write_str("Z")
    }
}

/// A read position in the text being parsed.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn next(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(byte)
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.bytes.get(self.pos) == Some(&byte);
        if found {
            self.pos += 1;
        }
        found
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    fn digit(&mut self) -> Option<u32> {
        let byte = *self.bytes.get(self.pos)?;
        if !byte.is_ascii_digit() {
            return None;
        }
        self.pos += 1;
        Some(u32::from(byte - b'0'))
    }

    /// Exactly `count` digits (at most 4, so the value fits in a `u32`).
    fn digits(&mut self, count: usize) -> Option<u32> {
        (0..count).try_fold(0, |value, _| Some(value * 10 + self.digit()?))
    }

    /// One or more digits after a decimal point, as nanoseconds.
    fn fraction(&mut self) -> Option<u32> {
        let (mut nanos, mut kept, mut seen) = (0, 0, 0);
        while let Some(digit) = self.digit() {
            seen += 1;
            if kept < 9 {
                nanos = nanos * 10 + digit;
                kept += 1;
            }
        }
        (seen > 0).then(|| nanos * 10u32.pow(9 - kept))
    }
}

fn is_leap_year(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// The two conversions below are Howard Hinnant's `days_from_civil` and
// `civil_from_days` (http://howardhinnant.github.io/date_algorithms.html). They
// count in 400-year eras of 146 097 days, with years starting on 1 March so the
// leap day falls at the end of a year.

/// Days from 1970-01-01 to the given proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian (year, month, day) that is `days` after 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    // Both values are small and non-negative by construction, so the casts are exact.
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = ((month_from_march + 2) % 12 + 1) as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap_or_else(|| panic!("{text:?} should parse"))
    }

    #[test]
    fn parses_known_instants() {
        let cases = [
            ("1970-01-01T00:00:00Z", 0, 0),
            ("1969-12-31T23:59:59Z", -1, 0),
            ("2000-03-01T00:00:00Z", 951_868_800, 0),
            ("2024-03-11T08:13:02Z", 1_710_144_782, 0),
            ("2024-03-11T08:13:02.112Z", 1_710_144_782, 112_000_000),
            ("2023-12-01T15:43:29.013729Z", 1_701_445_409, 13_729_000),
            ("0000-01-01T00:00:00Z", -62_167_219_200, 0),
            (
                "9999-12-31T23:59:59.999999999Z",
                253_402_300_799,
                999_999_999,
            ),
            ("1900-01-01T00:00:00Z", -2_208_988_800, 0),
        ];
        for (text, seconds, nanos) in cases {
            let t = ts(text);
            assert_eq!(
                (t.unix_seconds(), t.subsec_nanos()),
                (seconds, nanos),
                "{text}"
            );
        }
    }

    #[test]
    fn offsets_convert_to_utc() {
        assert_eq!(
            ts("2024-03-11T10:13:02.112+02:00"),
            ts("2024-03-11T08:13:02.112Z")
        );
        assert_eq!(
            ts("2024-03-11T02:43:02.112-05:30"),
            ts("2024-03-11T08:13:02.112Z")
        );
        assert_eq!(ts("2024-03-11T08:13:02-00:00"), ts("2024-03-11T08:13:02Z"));
        // An offset can move the instant into another day and year.
        assert_eq!(ts("2024-01-01T00:30:00+01:00"), ts("2023-12-31T23:30:00Z"));
        assert_eq!(ts("2023-12-31T23:30:00-23:59"), ts("2024-01-01T23:29:00Z"));
    }

    #[test]
    fn accepts_separator_and_zone_variants() {
        let canonical = ts("2024-03-11T08:13:02Z");
        assert_eq!(ts("2024-03-11t08:13:02Z"), canonical);
        assert_eq!(ts("2024-03-11 08:13:02Z"), canonical);
        assert_eq!(ts("2024-03-11T08:13:02z"), canonical);
    }

    #[test]
    fn compares_across_precisions() {
        assert!(ts("2024-03-11T08:13:02.112Z") < ts("2024-03-11T08:13:02.112001Z"));
        assert!(ts("2024-03-11T08:13:02.9Z") < ts("2024-03-11T08:13:03Z"));
        assert!(ts("1969-12-31T23:59:59.5Z") < ts("1970-01-01T00:00:00Z"));
        assert_eq!(
            ts("2024-03-11T08:13:02.1Z"),
            ts("2024-03-11T08:13:02.100000Z")
        );
        // 2023-12-01 is earlier even though it has more fraction digits.
        assert!(ts("2023-12-01T15:43:29.013729Z") < ts("2024-03-11T08:13:02.112Z"));
    }

    #[test]
    fn keeps_nine_fraction_digits_and_ignores_more() {
        assert_eq!(
            ts("2024-03-11T08:13:02.123456789Z").subsec_nanos(),
            123_456_789
        );
        assert_eq!(
            ts("2024-03-11T08:13:02.1234567899999Z").subsec_nanos(),
            123_456_789
        );
        assert_eq!(ts("2024-03-11T08:13:02.000000001Z").subsec_nanos(), 1);
    }

    #[test]
    fn leap_second_is_end_of_minute() {
        let leap = ts("2016-12-31T23:59:60Z");
        assert_eq!(
            leap,
            Timestamp::from_unix(ts("2016-12-31T23:59:59Z").unix_seconds(), 999_999_999)
        );
        assert!(leap > ts("2016-12-31T23:59:59.9Z"));
        assert!(leap < ts("2017-01-01T00:00:00Z"));
        assert_eq!(ts("2016-12-31T23:59:60.5Z"), leap);
    }

    #[test]
    fn validates_calendar() {
        assert!(Timestamp::parse("2024-02-29T00:00:00Z").is_some());
        assert!(Timestamp::parse("2000-02-29T00:00:00Z").is_some());
        for text in [
            "2023-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-00-01T00:00:00Z",
            "2024-01-00T00:00:00Z",
            "2024-01-32T00:00:00Z",
            "2024-04-31T00:00:00Z",
            "2024-03-11T25:00:00Z",
            "2024-03-11T24:00:00Z",
            "2024-03-11T08:60:00Z",
            "2024-03-11T08:13:61Z",
            "2024-03-11T08:13:02+24:00",
            "2024-03-11T08:13:02+01:60",
        ] {
            assert_eq!(Timestamp::parse(text), None, "{text}");
        }
    }

    #[test]
    fn rejects_malformed_text() {
        for text in [
            "",
            "garbage",
            "2024-03-11",
            "2024-03-11T08:13Z",
            "2024-03-11T08:13:02",
            "2024-03-11T08:13:02.Z",
            "2024-03-11T08:13:02.112",
            "2024-03-11T08:13:02Zjunk",
            " 2024-03-11T08:13:02Z",
            "2024-03-11T08:13:02Z ",
            "2024-03-11  08:13:02Z",
            "2024-03-11_08:13:02Z",
            "+2024-03-11T08:13:02Z",
            "-2024-03-11T08:13:02Z",
            "24-03-11T08:13:02Z",
            "20240-03-11T08:13:02Z",
            "2024-3-11T08:13:02Z",
            "2024-03-11T8:13:02Z",
            "2024-03-11T08:13:02+0200",
            "2024-03-11T08:13:02+02",
            "2024-03-11T08:13:02,112Z",
            "2024-03-11T08:13:02.1a2Z",
            "2024-03-11T08:13:02.112UTC",
            "2024-03-11T08:13:0２Z",
            "２024-03-11T08:13:02Z",
            "2024-03-11T08:13:02.112€",
        ] {
            assert_eq!(Timestamp::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn from_str_and_error() {
        assert_eq!(
            "2024-03-11T08:13:02Z".parse::<Timestamp>(),
            Ok(ts("2024-03-11T08:13:02Z"))
        );
        let err = "nope".parse::<Timestamp>().unwrap_err();
        assert_eq!(err, TimestampError);
        assert_eq!(err.to_string(), "not an RFC 3339 timestamp");
        let _: &dyn std::error::Error = &err;
    }

    #[test]
    fn displays_canonical_utc() {
        assert_eq!(
            ts("2024-03-11T10:13:02.112+02:00").to_string(),
            "2024-03-11T08:13:02.112Z"
        );
        assert_eq!(
            ts("2024-03-11t08:13:02.100000z").to_string(),
            "2024-03-11T08:13:02.1Z"
        );
        assert_eq!(
            ts("2024-03-11 08:13:02.000Z").to_string(),
            "2024-03-11T08:13:02Z"
        );
        assert_eq!(
            ts("2023-12-01T15:43:29.013729Z").to_string(),
            "2023-12-01T15:43:29.013729Z"
        );
        assert_eq!(
            Timestamp::from_unix(-1, 1).to_string(),
            "1969-12-31T23:59:59.000000001Z"
        );
        assert_eq!(
            Timestamp::from_unix(0, 0).to_string(),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            ts("2016-12-31T23:59:60Z").to_string(),
            "2016-12-31T23:59:59.999999999Z"
        );
    }

    #[test]
    fn displays_years_outside_rfc3339_without_panicking() {
        let before_year_zero = Timestamp::from_unix(-62_167_219_201, 0);
        assert_eq!(before_year_zero.to_string(), "-0001-12-31T23:59:59Z");
        assert_eq!(
            Timestamp::from_unix(253_402_300_800, 0).to_string(),
            "+10000-01-01T00:00:00Z"
        );
        // Extremes must format, not overflow.
        assert!(!Timestamp::from_unix(i64::MIN, 999_999_999)
            .to_string()
            .is_empty());
        assert!(!Timestamp::from_unix(i64::MAX, 999_999_999)
            .to_string()
            .is_empty());
    }

    #[test]
    fn display_round_trips() {
        let mut values = vec![
            Timestamp::from_unix(0, 0),
            Timestamp::from_unix(-1, 999_999_999),
            Timestamp::from_unix(-62_167_219_200, 0),
            Timestamp::from_unix(253_402_300_799, 999_999_999),
            Timestamp::from_unix(951_782_400, 500),
        ];
        // Step through 0000-01-01 to 9999-12-31 at an odd stride so many times of
        // day, days of month and fraction lengths are covered.
        let mut seconds = -62_167_219_200;
        let mut nanos = 0u32;
        while seconds <= 253_402_300_799 {
            values.push(Timestamp::from_unix(seconds, nanos));
            seconds += 7_777_777;
            nanos = (nanos + 123_456_789) % 1_000_000_000 / 10 * 10;
        }
        for t in values {
            assert_eq!(Timestamp::parse(&t.to_string()), Some(t), "{t}");
        }
    }

    #[test]
    fn day_conversions_agree_with_a_day_by_day_count() {
        // Walk every calendar day from 0000-01-01 to 9999-12-31 using only
        // `days_in_month`, and check both conversions against the running count.
        let mut days = -719_528;
        for year in 0..=9999u32 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    assert_eq!(days_from_civil(i64::from(year), month, day), days);
                    assert_eq!(civil_from_days(days), (i64::from(year), month, day));
                    days += 1;
                }
            }
        }
        assert_eq!(days, 2_932_897);
    }

    #[test]
    fn from_unix_clamps_nanos() {
        assert_eq!(
            Timestamp::from_unix(5, 1_000_000_000).subsec_nanos(),
            999_999_999
        );
        assert_eq!(
            Timestamp::from_unix(5, u32::MAX),
            Timestamp::from_unix(5, 999_999_999)
        );
        assert_eq!(Timestamp::from_unix(5, 7).subsec_nanos(), 7);
    }

    #[test]
    fn converts_to_system_time() {
        let after = ts("2024-03-11T08:13:02.112Z").to_system_time().unwrap();
        assert_eq!(
            after.duration_since(UNIX_EPOCH).unwrap(),
            Duration::new(1_710_144_782, 112_000_000)
        );
        let before = ts("1969-12-31T23:59:58.25Z").to_system_time().unwrap();
        assert_eq!(
            UNIX_EPOCH.duration_since(before).unwrap(),
            Duration::from_millis(1750)
        );
        // Must not panic at the extremes, whatever the platform can represent.
        let _ = Timestamp::from_unix(i64::MIN, 999_999_999).to_system_time();
        let _ = Timestamp::from_unix(i64::MAX, 999_999_999).to_system_time();
    }
}
