//! What a plain (unquoted) scalar stands for, by the YAML 1.2 core schema as the advisor
//! has always read it: `true`/`false` (three spellings each), `null`/`~`/nothing, whole
//! numbers with a sign or in `0x`, `0o` and `0b` form, decimal numbers, `.inf` and `.nan`.
//! Anything else is text, `yes` and `on` included; a quoted or block scalar is always text.

/// A plain scalar, read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    /// A whole number above `i64::MAX`.
    UInt(u64),
    /// A whole number outside the 64-bit ranges.
    TooLarge,
    Float(f64),
    /// A number too large for a float (`1e400`).
    FloatTooLarge,
    Text,
}

/// What the plain scalar `text` stands for.
pub(crate) fn resolve(text: &str) -> Scalar {
    if is_null(text) {
        return Scalar::Null;
    }
    if let Some(b) = bool_of(text) {
        return Scalar::Bool(b);
    }
    if let Some(whole) = whole(text) {
        return whole;
    }
    if leading_zero_digits(text) {
        return Scalar::Text;
    }
    match float(text) {
        Some(x) => Scalar::Float(x),
        None if is_huge_float(text) => Scalar::FloatTooLarge,
        None => Scalar::Text,
    }
}

pub(crate) fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

pub(crate) fn bool_of(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// A whole number: decimal with an optional sign, or `0x`, `0o`, `0b` with an optional
/// sign before them. `None` when `text` is not written as one.
fn whole(text: &str) -> Option<Scalar> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = if let Some(rest) = unsigned.strip_prefix("0x") {
        (16, rest)
    } else if let Some(rest) = unsigned.strip_prefix("0o") {
        (8, rest)
    } else if let Some(rest) = unsigned.strip_prefix("0b") {
        (2, rest)
    } else {
        (10, unsigned)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    if radix == 10 && digits.len() > 1 && digits.starts_with('0') {
        // `0123` is text by the core schema (and a zip code, often).
        return None;
    }
    let magnitude = match u128::from_str_radix(digits, radix) {
        Ok(n) => n,
        Err(_) => return Some(Scalar::TooLarge),
    };
    Some(if negative {
        match i64::try_from(magnitude) {
            Ok(n) => Scalar::Int(-n),
            Err(_) if magnitude == 1u128 << 63 => Scalar::Int(i64::MIN),
            Err(_) => Scalar::TooLarge,
        }
    } else if let Ok(n) = i64::try_from(magnitude) {
        Scalar::Int(n)
    } else if let Ok(n) = u64::try_from(magnitude) {
        Scalar::UInt(n)
    } else {
        Scalar::TooLarge
    })
}

/// `0123`, `-007`: digits with a leading zero, which the core schema reads as text.
fn leading_zero_digits(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A decimal number, `.inf` or `.nan` (with their sign and case variants); `None` for
/// anything else, and for a finite spelling too large for a float.
pub(crate) fn float(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    match unsigned {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    if !looks_decimal(unsigned) {
        return None;
    }
    unsigned.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Whether `text` is written as a decimal number (digits, a point, an exponent), so that
/// Rust's own spellings (`inf`, `NaN`, `infinity`) stay text.
fn looks_decimal(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
}

/// `1e400`: written as a decimal number, but too large for a float.
fn is_huge_float(text: &str) -> bool {
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    looks_decimal(unsigned) && unsigned.parse::<f64>().is_ok_and(f64::is_infinite)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars_read_by_the_core_schema() {
        let cases = [
            ("", Scalar::Null),
            ("~", Scalar::Null),
            ("NULL", Scalar::Null),
            ("True", Scalar::Bool(true)),
            ("false", Scalar::Bool(false)),
            ("yes", Scalar::Text),
            ("on", Scalar::Text),
            ("12", Scalar::Int(12)),
            ("+12", Scalar::Int(12)),
            ("-12", Scalar::Int(-12)),
            ("0x1F", Scalar::Int(31)),
            ("-0x10", Scalar::Int(-16)),
            ("0o17", Scalar::Int(15)),
            ("0b101", Scalar::Int(5)),
            ("0123", Scalar::Text),
            ("0", Scalar::Int(0)),
            ("-9223372036854775808", Scalar::Int(i64::MIN)),
            ("18446744073709551615", Scalar::UInt(u64::MAX)),
            ("99999999999999999999", Scalar::TooLarge),
            ("2.5", Scalar::Float(2.5)),
            ("3.10", Scalar::Float(3.1)),
            ("1e3", Scalar::Float(1000.0)),
            ("-.inf", Scalar::Float(f64::NEG_INFINITY)),
            ("1e400", Scalar::FloatTooLarge),
            ("inf", Scalar::Text),
            ("NaN", Scalar::Text),
            ("1.2.3", Scalar::Text),
            ("0x", Scalar::Text),
            ("+-1", Scalar::Text),
            ("accepted_offer", Scalar::Text),
        ];
        for (text, expected) in cases {
            assert_eq!(resolve(text), expected, "{text:?}");
        }
        assert!(matches!(resolve(".nan"), Scalar::Float(x) if x.is_nan()));
    }
}
