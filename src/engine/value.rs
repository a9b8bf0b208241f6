//! Typed values. Every cell keeps its meaning: NULL is not the text 'NULL', exact numerics stay
//! exact (kept in the server's own text form), integers keep their size and sign, bytes stay bytes.

use std::fmt::Write as _;

/// The logical kind of a value, shared by the three engines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[repr(u8)]
pub enum Kind {
    Null = 0,
    Bool,
    Int,
    UInt,
    Float,
    /// Exact numeric (NUMERIC / DECIMAL), held as its text.
    Decimal,
    Text,
    Bytes,
    Date,
    Time,
    Timestamp,
    TimestampTz,
    Interval,
    Uuid,
    Json,
    Array,
    Enum,
    Inet,
    Money,
    Year,
    Bit,
    Set,
    /// Anything else: the server's text form.
    Other,
}

impl Kind {
    const ALL: [Kind; 23] = [
        Kind::Null,
        Kind::Bool,
        Kind::Int,
        Kind::UInt,
        Kind::Float,
        Kind::Decimal,
        Kind::Text,
        Kind::Bytes,
        Kind::Date,
        Kind::Time,
        Kind::Timestamp,
        Kind::TimestampTz,
        Kind::Interval,
        Kind::Uuid,
        Kind::Json,
        Kind::Array,
        Kind::Enum,
        Kind::Inet,
        Kind::Money,
        Kind::Year,
        Kind::Bit,
        Kind::Set,
        Kind::Other,
    ];

    pub fn from_u8(b: u8) -> Kind {
        Kind::ALL.get(b as usize).copied().unwrap_or(Kind::Other)
    }

    /// Numbers are right-aligned in tables and grids.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Kind::Int | Kind::UInt | Kind::Float | Kind::Decimal | Kind::Money | Kind::Year
        )
    }
}

/// A borrowed, decoded cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRef<'a> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    /// Any value best kept as the server's text: decimals, dates, uuids, json, arrays…
    Text(Kind, &'a str),
    Bytes(&'a [u8]),
}

impl<'a> ValueRef<'a> {
    /// Decodes a stored cell. Text that does not parse as its kind stays text: never a crash.
    pub fn decode(kind: Kind, raw: &'a [u8]) -> ValueRef<'a> {
        match kind {
            Kind::Null => ValueRef::Null,
            Kind::Bytes => ValueRef::Bytes(raw),
            _ => {
                let Ok(text) = std::str::from_utf8(raw) else {
                    return ValueRef::Bytes(raw);
                };
                match kind {
                    Kind::Bool => match text {
                        "t" | "true" | "TRUE" | "1" => ValueRef::Bool(true),
                        "f" | "false" | "FALSE" | "0" => ValueRef::Bool(false),
                        _ => ValueRef::Text(Kind::Text, text),
                    },
                    Kind::Int => text
                        .parse()
                        .map(ValueRef::Int)
                        .unwrap_or(ValueRef::Text(Kind::Decimal, text)),
                    Kind::UInt => text
                        .parse()
                        .map(ValueRef::UInt)
                        .unwrap_or(ValueRef::Text(Kind::Decimal, text)),
                    Kind::Float => parse_float(text)
                        .map(ValueRef::Float)
                        .unwrap_or(ValueRef::Text(Kind::Text, text)),
                    k => ValueRef::Text(k, text),
                }
            }
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            ValueRef::Null => Kind::Null,
            ValueRef::Bool(_) => Kind::Bool,
            ValueRef::Int(_) => Kind::Int,
            ValueRef::UInt(_) => Kind::UInt,
            ValueRef::Float(_) => Kind::Float,
            ValueRef::Text(k, _) => *k,
            ValueRef::Bytes(_) => Kind::Bytes,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, ValueRef::Null)
    }

    /// The display text of a value; NULL gives `null_text`.
    pub fn write_display(&self, out: &mut String, null_text: &str) {
        match self {
            ValueRef::Null => out.push_str(null_text),
            ValueRef::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            ValueRef::Int(i) => out.push_str(itoa::Buffer::new().format(*i)),
            ValueRef::UInt(u) => out.push_str(itoa::Buffer::new().format(*u)),
            ValueRef::Float(f) => write_float(out, *f),
            ValueRef::Text(_, t) => out.push_str(t),
            ValueRef::Bytes(b) => write_hex(out, b),
        }
    }

    pub fn display(&self) -> String {
        let mut s = String::new();
        self.write_display(&mut s, "NULL");
        s
    }

    /// Writes the value as JSON: numbers, booleans and null where they fit, nested JSON for JSON
    /// values, exact numerics and everything else as strings.
    pub fn write_json(&self, out: &mut String) {
        match self {
            ValueRef::Null => out.push_str("null"),
            ValueRef::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            ValueRef::Int(i) => out.push_str(itoa::Buffer::new().format(*i)),
            ValueRef::UInt(u) => out.push_str(itoa::Buffer::new().format(*u)),
            ValueRef::Float(f) if f.is_finite() => write_float(out, *f),
            ValueRef::Float(f) => {
                let mut s = String::new();
                write_float(&mut s, *f);
                write_json_string(out, &s);
            }
            ValueRef::Text(Kind::Json, t) if is_valid_json(t) => out.push_str(t.trim()),
            ValueRef::Text(Kind::Year, t) if t.parse::<u32>().is_ok() => {
                out.push_str(itoa::Buffer::new().format(t.parse::<u32>().unwrap_or(0)))
            }
            ValueRef::Text(_, t) => write_json_string(out, t),
            ValueRef::Bytes(b) => {
                let mut s = String::new();
                write_hex(&mut s, b);
                write_json_string(out, &s);
            }
        }
    }
}

/// An owned value: what the session stages and keeps as a row's original. It holds exactly what
/// `ValueRef` borrows (the server's own text for decimals, dates, JSON, arrays…), so a value read
/// and written back is the same text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Text(Kind, String),
    Bytes(Vec<u8>),
}

impl Value {
    pub fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Value::Null => ValueRef::Null,
            Value::Bool(b) => ValueRef::Bool(*b),
            Value::Int(i) => ValueRef::Int(*i),
            Value::UInt(u) => ValueRef::UInt(*u),
            Value::Float(f) => ValueRef::Float(*f),
            Value::Text(k, t) => ValueRef::Text(*k, t),
            Value::Bytes(b) => ValueRef::Bytes(b),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value as the server reads it back in text form (`\x…` hex for bytes); None for NULL.
    pub fn to_text(&self) -> Option<String> {
        match self {
            Value::Null => None,
            v => Some(v.as_ref().display()),
        }
    }

    /// Equal as the database would store them: the same text, or both NULL. (NaN equals NaN.)
    pub fn same_as(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits() || a == b,
            // values held as text are the same when their text is: the kind only says how the
            // value was learned (an inet read from the server, the same text typed back)
            (Value::Text(_, a), Value::Text(_, b)) => a == b,
            (a, b) => a == b,
        }
    }
}

#[cfg(test)]
mod same_tests {
    use super::*;

    #[test]
    fn text_held_values_are_the_same_by_their_text_whatever_kind_learned_them() {
        let read = Value::Text(Kind::Inet, "::1".into());
        assert!(read.same_as(&Value::Text(Kind::Text, "::1".into())));
        assert!(!read.same_as(&Value::Text(Kind::Text, "::2".into())));
        assert!(!Value::Int(1).same_as(&Value::Text(Kind::Text, "1".into())));
    }
}

impl From<ValueRef<'_>> for Value {
    fn from(v: ValueRef<'_>) -> Value {
        match v {
            ValueRef::Null => Value::Null,
            ValueRef::Bool(b) => Value::Bool(b),
            ValueRef::Int(i) => Value::Int(i),
            ValueRef::UInt(u) => Value::UInt(u),
            ValueRef::Float(f) => Value::Float(f),
            ValueRef::Text(k, t) => Value::Text(k, t.to_string()),
            ValueRef::Bytes(b) => Value::Bytes(b.to_vec()),
        }
    }
}

fn is_valid_json(t: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(t).is_ok()
}

fn parse_float(text: &str) -> Option<f64> {
    match text {
        "NaN" | "nan" => Some(f64::NAN),
        "Infinity" | "inf" | "+Infinity" => Some(f64::INFINITY),
        "-Infinity" | "-inf" => Some(f64::NEG_INFINITY),
        _ => text.parse().ok(),
    }
}

/// Shortest text that reads back to the same float; NaN and ±Infinity spelled as PostgreSQL does.
pub fn write_float(out: &mut String, f: f64) {
    if f.is_nan() {
        out.push_str("NaN");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 { "Infinity" } else { "-Infinity" });
    } else if f == f.trunc() && f.abs() < 1e16 {
        let _ = write!(out, "{}", f as i64);
        if f == 0.0 && f.is_sign_negative() {
            out.insert(out.len() - 1, '-');
        }
    } else {
        let mut buf = ryu::Buffer::new();
        let s = buf.format_finite(f);
        out.push_str(s.strip_suffix(".0").unwrap_or(s));
    }
}

/// Bytes as PostgreSQL shows them: `\x` and lower-case hex.
pub fn write_hex(out: &mut String, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(2 + bytes.len() * 2);
    out.push_str("\\x");
    for b in bytes {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
}

/// Decodes PostgreSQL's `\x…` hex text into bytes; None when it is not hex text.
pub fn decode_pg_hex(text: &[u8]) -> Option<Vec<u8>> {
    let hex = text.strip_prefix(b"\\x")?;
    if hex.len() % 2 != 0 {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    hex.chunks_exact(2)
        .map(|p| Some(nibble(p[0])? << 4 | nibble(p[1])?))
        .collect()
}

pub fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let esc: Option<&str> = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            c if (c as u32) < 0x20 => None,
            _ => continue,
        };
        out.push_str(&s[start..i]);
        match esc {
            Some(e) => out.push_str(e),
            None => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
        }
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(v: ValueRef) -> String {
        let mut s = String::new();
        v.write_json(&mut s);
        s
    }

    #[test]
    fn null_is_not_the_text_null() {
        assert_eq!(json(ValueRef::Null), "null");
        assert_eq!(json(ValueRef::decode(Kind::Text, b"NULL")), "\"NULL\"");
    }

    #[test]
    fn exact_numerics_stay_exact() {
        let v = ValueRef::decode(Kind::Decimal, b"12345678901234567890.123456789");
        assert_eq!(v.display(), "12345678901234567890.123456789");
        assert_eq!(json(v), "\"12345678901234567890.123456789\"");
    }

    #[test]
    fn integers_of_all_sizes() {
        assert_eq!(
            ValueRef::decode(Kind::Int, b"-9223372036854775808"),
            ValueRef::Int(i64::MIN)
        );
        assert_eq!(
            ValueRef::decode(Kind::UInt, b"18446744073709551615"),
            ValueRef::UInt(u64::MAX)
        );
    }

    #[test]
    fn floats_keep_nan_and_infinity() {
        assert_eq!(ValueRef::decode(Kind::Float, b"NaN").display(), "NaN");
        assert_eq!(
            ValueRef::decode(Kind::Float, b"-Infinity").display(),
            "-Infinity"
        );
        assert_eq!(
            json(ValueRef::decode(Kind::Float, b"Infinity")),
            "\"Infinity\""
        );
        assert_eq!(ValueRef::decode(Kind::Float, b"1.5").display(), "1.5");
        assert_eq!(ValueRef::decode(Kind::Float, b"0.1").display(), "0.1");
        assert_eq!(ValueRef::decode(Kind::Float, b"3").display(), "3");
        assert_eq!(ValueRef::decode(Kind::Float, b"1e+100").display(), "1e100");
    }

    #[test]
    fn bytes_as_hex_and_json_nested() {
        assert_eq!(ValueRef::Bytes(&[0, 0xff, 0x10]).display(), "\\x00ff10");
        assert_eq!(decode_pg_hex(b"\\x00ff10").unwrap(), vec![0, 0xff, 0x10]);
        assert_eq!(
            json(ValueRef::decode(Kind::Json, br#"{"a": [1, 2]}"#)),
            r#"{"a": [1, 2]}"#
        );
        assert_eq!(
            json(ValueRef::decode(Kind::Json, b"not json")),
            "\"not json\""
        );
        assert_eq!(
            json(ValueRef::decode(Kind::Text, "é\"\n\u{1}".as_bytes())),
            "\"é\\\"\\n\\u0001\""
        );
    }

    #[test]
    fn owned_values_round_trip_their_text() {
        for (kind, raw) in [
            (Kind::Json, &br#"{"b": 1,  "a": [1.50, null]}"#[..]),
            (Kind::Decimal, b"-0.000000000000000000010"),
            (Kind::TimestampTz, b"2024-02-29 23:59:59.123456+05:30"),
            (Kind::Timestamp, b"1999-12-31 00:00:00"),
            (Kind::Array, b"{1,NULL,\"a,b\"}"),
            (Kind::Enum, b"happy"),
            (Kind::Bytes, &[0u8, 255, 10, 13][..]),
            (Kind::Int, b"-9223372036854775808"),
            (Kind::Float, b"0.1"),
        ] {
            let read = ValueRef::decode(kind, raw);
            let owned = Value::from(read);
            assert_eq!(owned.as_ref(), read);
            assert_eq!(owned.as_ref().display(), read.display());
            assert!(owned.same_as(&Value::from(read)));
        }
        assert!(Value::Float(f64::NAN).same_as(&Value::Float(f64::NAN)));
        assert_eq!(Value::Null.to_text(), None);
        assert_eq!(Value::Bytes(vec![1, 2]).to_text().unwrap(), "\\x0102");
    }

    #[test]
    fn booleans_from_every_engine_spelling() {
        for (raw, b) in [
            (&b"t"[..], true),
            (b"1", true),
            (b"f", false),
            (b"0", false),
        ] {
            assert_eq!(ValueRef::decode(Kind::Bool, raw), ValueRef::Bool(b));
        }
    }
}
