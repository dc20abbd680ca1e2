//! The `.eml` form of an email letter: an RFC 5322 message with a UTF-8 text body, which
//! mail clients open as a draft to edit and send.

use std::hash::{DefaultHasher, Hash, Hasher};

use mail_builder::MessageBuilder;
use mail_builder::headers::date::Date;
use mail_builder::headers::raw::Raw;

use super::{Details, LetterError, Rendered};
use crate::rules::Channel;

/// Builds the message: Subject, Date (`timestamp`, seconds since 1970), To when the
/// interviewer's email is known, From when yours is, and a header that marks it unsent.
/// A phone script has no eml form.
pub fn build_eml(
    letter: &Rendered,
    details: &Details,
    timestamp: i64,
    follow_with: Option<&str>,
) -> Result<Vec<u8>, LetterError> {
    if letter.channel == Channel::Phone {
        return Err(LetterError::NoEmlForm {
            letter: letter.kind.clone(),
            follow_with: follow_with.map(str::to_string),
        });
    }
    let known = |name: &str| {
        details
            .get(name)
            // One line: a header value never carries a line break.
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|v| !v.is_empty())
    };
    let mut hasher = DefaultHasher::new();
    (&letter.subject, &letter.body, timestamp).hash(&mut hasher);
    let mut message = MessageBuilder::new()
        .message_id(format!(
            "{timestamp}.{:016x}@interview-advisor.invalid",
            hasher.finish()
        ))
        .date(Date::new(timestamp))
        .subject(letter.subject.clone())
        // Outlook opens a message with this header as a draft; others ignore it.
        .header("X-Unsent", Raw::new("1"))
        .text_body(letter.body.replace('\n', "\r\n"));
    if let Some(address) = known("interviewer_email") {
        message = match known("interviewer_name") {
            Some(name) => message.to((name, address)),
            None => message.to(address),
        };
    }
    if let Some(address) = known("your_email") {
        message = match known("your_name") {
            Some(name) => message.from((name, address)),
            None => message.from(address),
        };
    }
    message
        .write_to_vec()
        .map_err(|error| LetterError::Eml(error.to_string()))
}
