//! Today's date, the one thing the engine reads from outside its arguments: an answers
//! file may give a date (`interview_date`) that is turned into days from today.
//! `SOURCE_DATE_EPOCH` fixes it, for reproducible output and tests.

/// Today's date and the current time in seconds since 1970; `SOURCE_DATE_EPOCH` (seconds)
/// fixes both.
pub fn now() -> (jiff::civil::Date, i64) {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|text| text.trim().parse::<i64>().ok())
        .and_then(|seconds| jiff::Timestamp::from_second(seconds).ok());
    match fixed {
        Some(timestamp) => (
            timestamp.to_zoned(jiff::tz::TimeZone::UTC).date(),
            timestamp.as_second(),
        ),
        None => {
            let now = jiff::Zoned::now();
            (now.date(), now.timestamp().as_second())
        }
    }
}

/// Today's date (see [`now`]).
pub fn today() -> jiff::civil::Date {
    now().0
}
