//! The HTTP `Retry-After` response header (RFC 9110, section 10.2.3).

use std::time::{Duration, SystemTime};

/// When the server asks the client to retry, as sent in a `Retry-After` header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryAfter {
    /// Retry after this long (the header held a number of seconds).
    Delay(Duration),
    /// Retry at this time (the header held an HTTP-date).
    At(SystemTime),
}

impl RetryAfter {
    /// Parses a `Retry-After` value: either delta-seconds (`120`) or an HTTP-date
    /// (`Wed, 21 Oct 2015 07:28:00 GMT`). Surrounding whitespace is ignored.
    ///
    /// Delta-seconds are plain ASCII digits with no sign, and may have a
    /// decimal fraction (`1.5`), which some APIs send though RFC 9110 has
    /// whole seconds only. A number too large for a `u64` is read as
    /// `u64::MAX` seconds: the server clearly means "not any time soon", and
    /// failing would lose that. Returns `None` for anything else.
    pub fn parse(value: &str) -> Option<RetryAfter> {
        let value = value.trim();
        if let Some(delay) = seconds(value, 1) {
            return Some(RetryAfter::Delay(delay));
        }
        httpdate::parse_http_date(value).ok().map(RetryAfter::At)
    }

    /// How long to wait, counting from `now`.
    ///
    /// A date in the past (or equal to `now`) gives [`Duration::ZERO`].
    pub fn delay_from(&self, now: SystemTime) -> Duration {
        match *self {
            RetryAfter::Delay(delay) => delay,
            RetryAfter::At(at) => at.duration_since(now).unwrap_or(Duration::ZERO),
        }
    }
}

/// A decimal number of `1/per_second` units (`1.5` seconds with `per_second`
/// 1, `250` milliseconds with 1,000): ASCII digits, then optionally a point
/// and more digits. Saturates at `u64::MAX` whole units; nanoseconds beyond
/// the ninth digit are dropped.
pub(crate) fn seconds(text: &str, per_second: u64) -> Option<Duration> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || text.ends_with('.') {
        return None;
    }
    let units = whole.bytes().fold(0u64, |acc, digit| {
        acc.saturating_mul(10)
            .saturating_add(u64::from(digit - b'0'))
    });
    // The fraction as nanoseconds of one unit.
    let mut nanos = 0u64;
    for (place, digit) in fraction.bytes().take(9).enumerate() {
        nanos += u64::from(digit - b'0') * 10u64.pow(8 - place as u32);
    }
    let whole_seconds = Duration::from_secs(units / per_second).saturating_add(
        Duration::from_nanos((units % per_second) * (1_000_000_000 / per_second)),
    );
    Some(whole_seconds.saturating_add(Duration::from_nanos(nanos / per_second)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    /// `Wed, 21 Oct 2015 07:28:00 GMT` as seconds since the Unix epoch.
    const EXAMPLE_DATE: u64 = 1_445_412_480;

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn parses_delta_seconds() {
        assert_eq!(
            RetryAfter::parse("120"),
            Some(RetryAfter::Delay(Duration::from_secs(120)))
        );
        assert_eq!(
            RetryAfter::parse(" 5 "),
            Some(RetryAfter::Delay(Duration::from_secs(5)))
        );
        assert_eq!(
            RetryAfter::parse("\t7\r\n"),
            Some(RetryAfter::Delay(Duration::from_secs(7)))
        );
        assert_eq!(
            RetryAfter::parse("0"),
            Some(RetryAfter::Delay(Duration::ZERO))
        );
        assert_eq!(
            RetryAfter::parse("007"),
            Some(RetryAfter::Delay(Duration::from_secs(7)))
        );
    }

    #[test]
    fn decimal_seconds_and_milliseconds() {
        assert_eq!(
            RetryAfter::parse("1.5"),
            Some(RetryAfter::Delay(Duration::from_millis(1500)))
        );
        assert_eq!(seconds("250", 1000), Some(Duration::from_millis(250)));
        assert_eq!(
            seconds("1500.5", 1000),
            Some(Duration::from_micros(1_500_500))
        );
        assert_eq!(seconds("0.000000001", 1), Some(Duration::from_nanos(1)));
        assert_eq!(seconds("", 1), None);
    }

    #[test]
    fn huge_delta_seconds_saturate() {
        let max = Some(RetryAfter::Delay(Duration::from_secs(u64::MAX)));
        assert_eq!(RetryAfter::parse("99999999999999999999999"), max);
        assert_eq!(RetryAfter::parse("18446744073709551616"), max);
        assert_eq!(
            RetryAfter::parse("18446744073709551615"),
            Some(RetryAfter::Delay(Duration::from_secs(u64::MAX)))
        );
        assert_eq!(
            RetryAfter::parse("18446744073709551614"),
            Some(RetryAfter::Delay(Duration::from_secs(u64::MAX - 1)))
        );
    }

    #[test]
    fn rejects_other_values() {
        for value in [
            "-1",
            "+1",
            "1.",
            ".5",
            "1.5.2",
            "1e3",
            "abc",
            "",
            "   ",
            "12 s",
            "1 2",
            "０",
            "Wed, 21 Oct 2015",
        ] {
            assert_eq!(RetryAfter::parse(value), None, "{value:?}");
        }
    }

    #[test]
    fn parses_http_date() {
        let expected = Some(RetryAfter::At(at(EXAMPLE_DATE)));
        assert_eq!(RetryAfter::parse("Wed, 21 Oct 2015 07:28:00 GMT"), expected);
        assert_eq!(
            RetryAfter::parse("  Wed, 21 Oct 2015 07:28:00 GMT "),
            expected
        );
    }

    #[test]
    fn delay_until_a_future_date() {
        let retry = RetryAfter::parse("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(
            retry.delay_from(at(EXAMPLE_DATE - 90)),
            Duration::from_secs(90)
        );
        let now = at(EXAMPLE_DATE) - Duration::from_millis(1500);
        assert_eq!(retry.delay_from(now), Duration::from_millis(1500));
    }

    #[test]
    fn past_date_means_no_delay() {
        let retry = RetryAfter::parse("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(retry.delay_from(at(EXAMPLE_DATE)), Duration::ZERO);
        assert_eq!(retry.delay_from(at(EXAMPLE_DATE + 3600)), Duration::ZERO);
    }

    #[test]
    fn delay_ignores_now() {
        let retry = RetryAfter::parse("120").unwrap();
        assert_eq!(retry.delay_from(at(0)), Duration::from_secs(120));
        assert_eq!(
            retry.delay_from(SystemTime::now()),
            Duration::from_secs(120)
        );
    }
}
