//! A letter as a `mailto:` link (RFC 6068): the address, the subject and the body, each
//! percent-encoded, so a mail program opens a new message with them filled in. The
//! command line hands it to the desktop's opener; the web page links to it.

/// The `mailto:` link of a message to `to` (blank for none): To, Subject and Body. Line
/// breaks are written as CRLF, as mail wants; every byte but the unreserved characters of
/// RFC 3986 and `@` (which mail programs expect as it is in an address) is
/// percent-encoded.
///
/// ```
/// use interview_advisor_core::letter::mailto;
///
/// assert_eq!(
///     mailto("dana@acme.example", "Re: a & b", "Hi,\nthanks?"),
///     "mailto:dana@acme.example?subject=Re%3A%20a%20%26%20b&body=Hi%2C%0D%0Athanks%3F"
/// );
/// ```
pub fn mailto(to: &str, subject: &str, body: &str) -> String {
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        percent_encoded(to.trim()),
        percent_encoded(subject),
        percent_encoded(&body)
    )
}

fn percent_encoded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{mailto, percent_encoded};

    #[test]
    fn every_field_is_encoded_and_line_ends_become_crlf() {
        assert_eq!(
            mailto(
                " dana@acme.example ",
                "Re: a & b",
                "Dear Dana,\r\nThanks?\n"
            ),
            "mailto:dana@acme.example?subject=Re%3A%20a%20%26%20b\
             &body=Dear%20Dana%2C%0D%0AThanks%3F%0D%0A"
        );
        assert_eq!(mailto("", "S", ""), "mailto:?subject=S&body=");
        assert_eq!(percent_encoded("é+=?#"), "%C3%A9%2B%3D%3F%23");
    }
}
