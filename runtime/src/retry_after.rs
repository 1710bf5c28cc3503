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
    /// Delta-seconds must be plain ASCII digits, with no sign or fraction. A number
    /// too large for a `u64` is read as `u64::MAX` seconds: the server clearly means
    /// "not any time soon", and failing would lose that. Returns `None` for anything
    /// else.
    pub fn parse(value: &str) -> Option<RetryAfter> {
        let value = value.trim();
        if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
            let seconds = value.bytes().fold(0u64, |acc, digit| {
                acc.saturating_mul(10)
                    .saturating_add(u64::from(digit - b'0'))
            });
            return Some(RetryAfter::Delay(Duration::from_secs(seconds)));
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
            "1.5",
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
