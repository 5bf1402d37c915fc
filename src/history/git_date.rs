//! `GIT_AUTHOR_DATE` / `GIT_COMMITTER_DATE` as git reads them, for kaikaku's commits and
//! tags: a secretariat that back-fills last year's minutes, a migration script replaying an
//! old history, or a test that needs stable ids sets the date exactly as for `git commit`.
//!
//! The formats are git's documented ones (`git help commit`, DATE FORMATS): git's internal
//! `@<unix seconds> [±hhmm]` (also without the `@` when the zone is given), RFC 2822
//! (`Thu, 07 Apr 2005 22:13:13 +0200`) and ISO 8601 (`2005-04-07T22:13:13`, a space for the
//! `T`, an optional fraction that is dropped, and `Z`, `±hh`, `±hhmm` or `±hh:mm`). A time
//! without a zone is local time, as in git (the `TZ` environment variable applies). git's
//! looser forms (`yesterday`, `Apr 7 2005`) are refused with the formats named rather than
//! guessed: an audit trail should carry the date the user meant.

use chrono::{DateTime, Local, NaiveDateTime, Offset, TimeZone};

/// Seconds since the epoch and the zone's offset in minutes, as a git signature holds them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GitDate {
    pub seconds: i64,
    pub offset_minutes: i32,
}

impl GitDate {
    pub fn to_git(self) -> git2::Time {
        git2::Time::new(self.seconds, self.offset_minutes)
    }
}

/// Parses a date in one of git's documented formats; `None` when it is none of them.
pub fn parse(text: &str) -> Option<GitDate> {
    let text = text.trim();
    parse_raw(text)
        .or_else(|| {
            DateTime::parse_from_rfc2822(text).ok().map(|d| GitDate {
                seconds: d.timestamp(),
                offset_minutes: d.offset().local_minus_utc() / 60,
            })
        })
        .or_else(|| parse_iso(text))
}

/// `@1700000000`, `@1700000000 +0900`, `1700000000 +0900`.
fn parse_raw(text: &str) -> Option<GitDate> {
    let (at, rest) = match text.strip_prefix('@') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut parts = rest.split_whitespace();
    let seconds = parts.next()?;
    if !seconds.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seconds: i64 = seconds.parse().ok()?;
    let zone = parts.next();
    if parts.next().is_some() {
        return None;
    }
    let offset_minutes = match zone {
        Some(zone) => parse_zone(zone)?,
        // Without `@` a bare number is no date git documents; with it, local time.
        None if at => local_offset_at(seconds)?,
        None => return None,
    };
    Some(GitDate {
        seconds,
        offset_minutes,
    })
}

/// `2005-04-07T22:13:13`, `2005-04-07 22:13:13.5 +09:00`, `2005-04-07T22:13Z`.
fn parse_iso(text: &str) -> Option<GitDate> {
    let date = text.get(..10)?;
    let rest = text.get(10..)?.strip_prefix(['T', 't', ' '])?;
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(rest.len());
    let (time, zone) = rest.split_at(end);
    // git keeps whole seconds: a fraction is dropped.
    let time = time.split_once('.').map_or(time, |(whole, _)| whole);
    let naive = NaiveDateTime::parse_from_str(&format!("{date}T{time}"), "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(&format!("{date}T{time}"), "%Y-%m-%dT%H:%M"))
        .ok()?;
    let zone = zone.trim();
    let offset_minutes = if zone.is_empty() {
        Local
            .from_local_datetime(&naive)
            .earliest()?
            .offset()
            .fix()
            .local_minus_utc()
            / 60
    } else {
        parse_zone(zone)?
    };
    Some(GitDate {
        seconds: naive.and_utc().timestamp() - i64::from(offset_minutes) * 60,
        offset_minutes,
    })
}

/// `Z`, `+09`, `+0900`, `+09:00`, `-0530` → minutes east of UTC.
fn parse_zone(zone: &str) -> Option<i32> {
    if zone.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let (sign, digits) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    let digits = digits.replacen(':', "", 1);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (digits[..2].parse::<i32>().ok()?, digits[2..].parse().ok()?),
        _ => return None,
    };
    (hours <= 14 && minutes < 60).then_some(sign * (hours * 60 + minutes))
}

fn local_offset_at(seconds: i64) -> Option<i32> {
    Some(
        Local
            .timestamp_opt(seconds, 0)
            .single()?
            .offset()
            .fix()
            .local_minus_utc()
            / 60,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::unnecessary_wraps)] // compared with what `parse` returns
    fn at(seconds: i64, offset_minutes: i32) -> Option<GitDate> {
        Some(GitDate {
            seconds,
            offset_minutes,
        })
    }

    /// The expected values are what `git var GIT_AUTHOR_IDENT` prints for each date.
    #[test]
    fn the_documented_formats_read_as_git_reads_them() {
        assert_eq!(parse("@1700000000 +0900"), at(1_700_000_000, 540));
        assert_eq!(parse("1700000000 -0130"), at(1_700_000_000, -90));
        assert_eq!(
            parse("Thu, 07 Apr 2005 22:13:13 +0200"),
            at(1_112_904_793, 120)
        );
        assert_eq!(parse("2005-04-07T22:13:13Z"), at(1_112_911_993, 0));
        assert_eq!(parse("2005-04-07 22:13:13 +09:00"), at(1_112_879_593, 540));
        assert_eq!(
            parse("2005-04-07T22:13:13.123+0530"),
            at(1_112_892_193, 330)
        );
        assert_eq!(parse("  2005-04-07T22:13+09 "), at(1_112_879_580, 540));
    }

    #[test]
    fn a_time_without_a_zone_is_local_time() {
        let unix = parse("@1700000000").expect("unix seconds");
        assert_eq!(unix.seconds, 1_700_000_000);
        assert_eq!(
            unix.offset_minutes,
            local_offset_at(1_700_000_000).expect("tz")
        );
        let iso = parse("2005-04-07T22:13:13").expect("iso");
        let local = Local
            .from_local_datetime(
                &NaiveDateTime::parse_from_str("2005-04-07 22:13:13", "%Y-%m-%d %H:%M:%S")
                    .expect("naive"),
            )
            .earliest()
            .expect("local");
        assert_eq!(iso.seconds, local.timestamp());
    }

    #[test]
    fn anything_else_is_refused_not_guessed() {
        for text in [
            "",
            "garbage",
            "2005-04-07",
            "yesterday",
            "1700000000",
            "@17e8",
            "@1700000000 +9",
            "2005-04-07T22:13:13 +2500",
            "2005-13-07T22:13:13Z",
            "@1700000000 +0900 extra",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
