//! What the user types for a cell, read against the column's type when it is staged: a bad
//! integer, date, UUID or JSON is refused here, at the form, not at commit. The text of every
//! accepted value is kept as typed (JSON keeps its spacing, decimals their digits).

use crate::engine::{EngineKind, Kind, Value};
use crate::meta::ColumnInfo;

/// The logical kind a column's declared type stores.
pub fn column_kind(data_type: &str, engine: EngineKind) -> Kind {
    let t = data_type.to_ascii_lowercase();
    let base = t.split(['(', ' ']).next().unwrap_or("");
    let unsigned = t.contains("unsigned");
    if t.ends_with("[]") {
        return Kind::Array;
    }
    match base {
        "tinyint" if engine == EngineKind::MySql && t.starts_with("tinyint(1)") => Kind::Bool,
        "smallint" | "integer" | "int" | "int2" | "int4" | "int8" | "bigint" | "tinyint"
        | "mediumint" | "serial" | "bigserial" | "smallserial" => {
            if unsigned {
                Kind::UInt
            } else {
                Kind::Int
            }
        }
        "numeric" | "decimal" | "dec" => Kind::Decimal,
        "real" | "double" | "float" | "float4" | "float8" => Kind::Float,
        "boolean" | "bool" => Kind::Bool,
        "date" => Kind::Date,
        "time" => Kind::Time,
        "timestamp" if t.contains("with time zone") => Kind::TimestampTz,
        "timestamptz" => Kind::TimestampTz,
        "timestamp" | "datetime" => Kind::Timestamp,
        "uuid" => Kind::Uuid,
        "json" | "jsonb" => Kind::Json,
        "bytea" | "blob" | "tinyblob" | "mediumblob" | "longblob" | "binary" | "varbinary" => {
            Kind::Bytes
        }
        "year" => Kind::Year,
        "bit" | "varbit" if engine != EngineKind::Sqlite => Kind::Bit,
        _ if engine == EngineKind::Sqlite => sqlite_affinity(&t),
        _ => Kind::Text,
    }
}

/// SQLite's type affinity rules (https://sqlite.org/datatype3.html §3.1), as a kind.
fn sqlite_affinity(t: &str) -> Kind {
    if t.contains("int") {
        Kind::Int
    } else if t.contains("char") || t.contains("clob") || t.contains("text") {
        Kind::Text
    } else if t.contains("real") || t.contains("floa") || t.contains("doub") {
        Kind::Float
    } else if t.contains("blob") || t.is_empty() {
        Kind::Text
    } else if t.contains("bool") {
        Kind::Bool
    } else if t.contains("date") || t.contains("time") {
        Kind::Text
    } else {
        Kind::Decimal
    }
}

/// Reads `text` as a value of `column`, or says why it is not one.
pub fn parse(text: &str, column: &ColumnInfo, engine: EngineKind) -> Result<Value, String> {
    // an enum's values are its labels, exactly
    if !column.enum_values.is_empty() && !column.enum_values.iter().any(|l| l == text) {
        let labels: Vec<String> = column
            .enum_values
            .iter()
            .map(|l| format!("'{l}'"))
            .collect();
        return Err(format!(
            "{} is {}: {text:?} is not one of {}",
            column.name,
            column.data_type,
            labels.join(", ")
        ));
    }
    // a MySQL SET's value is a comma-separated choice of its labels
    if engine == EngineKind::MySql
        && column.data_type.starts_with("set(")
        && let Some(labels) = crate::meta::reflect::mysql_labels(&column.data_type)
    {
        if let Some(bad) = text
            .split(',')
            .filter(|t| !t.is_empty())
            .find(|t| !labels.iter().any(|l| l == t))
        {
            let shown: Vec<String> = labels.iter().map(|l| format!("'{l}'")).collect();
            return Err(format!(
                "{} is {}: {bad:?} is not one of {}",
                column.name,
                column.data_type,
                shown.join(", ")
            ));
        }
        return Ok(Value::Text(Kind::Text, text.to_string()));
    }
    // a domain's values are its base type's
    let kind = column_kind(
        column.base_type.as_deref().unwrap_or(&column.data_type),
        engine,
    );
    let name = &column.name;
    let bad = |what: &str| format!("{name} is {}: {text:?} is not {what}", column.data_type);
    let t = text.trim();
    Ok(match kind {
        Kind::Int => Value::Int(t.parse().map_err(|_| bad("an integer"))?),
        Kind::UInt => Value::UInt(t.parse().map_err(|_| bad("an unsigned integer"))?),
        Kind::Float => {
            let f = match t {
                "NaN" | "Infinity" | "-Infinity" if engine == EngineKind::Postgres => {
                    t.parse::<f64>().unwrap_or(f64::NAN)
                }
                _ => t
                    .parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .ok_or_else(|| bad("a number"))?,
            };
            Value::Float(f)
        }
        Kind::Decimal if engine == EngineKind::Sqlite => match t.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) if is_decimal(t) => Value::Text(Kind::Decimal, t.to_string()),
            Err(_) => Value::Text(Kind::Text, text.to_string()),
        },
        Kind::Decimal if is_decimal(t) || (engine == EngineKind::Postgres && t == "NaN") => {
            Value::Text(Kind::Decimal, t.to_string())
        }
        Kind::Decimal => return Err(bad("an exact number")),
        Kind::Bool => match t.to_ascii_lowercase().as_str() {
            "t" | "true" | "1" | "yes" | "y" | "on" => Value::Bool(true),
            "f" | "false" | "0" | "no" | "n" | "off" => Value::Bool(false),
            _ => return Err(bad("true or false")),
        },
        Kind::Date if is_date(t) => Value::Text(Kind::Date, t.to_string()),
        Kind::Date => return Err(bad("a date (YYYY-MM-DD)")),
        Kind::Timestamp | Kind::TimestampTz if is_timestamp(t) => Value::Text(kind, t.to_string()),
        Kind::Timestamp | Kind::TimestampTz => {
            return Err(bad("a timestamp (YYYY-MM-DD HH:MM:SS)"));
        }
        Kind::Uuid if is_uuid(t) => Value::Text(Kind::Uuid, t.to_string()),
        Kind::Uuid => return Err(bad("a UUID")),
        Kind::Json => match serde_json::from_str::<serde::de::IgnoredAny>(text) {
            Ok(_) => Value::Text(Kind::Json, text.to_string()),
            Err(e) => return Err(format!("{name} is {}: not JSON ({e})", column.data_type)),
        },
        Kind::Bytes => match text.strip_prefix("\\x") {
            Some(_) => Value::Bytes(
                crate::engine::value::decode_pg_hex(text.as_bytes())
                    .ok_or_else(|| bad("hex bytes (\\x…)"))?,
            ),
            None => Value::Bytes(text.as_bytes().to_vec()),
        },
        Kind::Bit if !t.is_empty() && t.bytes().all(|b| matches!(b, b'0' | b'1')) => {
            if engine == EngineKind::MySql && t.len() > 64 {
                return Err(bad("at most 64 bits"));
            }
            Value::Text(Kind::Bit, t.to_string())
        }
        Kind::Bit => return Err(bad("bits (0 and 1, as 101)")),
        Kind::Year => Value::Text(
            Kind::Year,
            t.parse::<u16>().map_err(|_| bad("a year"))?.to_string(),
        ),
        // text, enums, arrays, intervals and the rest: the server reads them
        k => Value::Text(k, text.to_string()),
    })
}

fn is_decimal(t: &str) -> bool {
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let (frac, exp) = match frac.split_once(['e', 'E']) {
        Some((f, e)) => (f, Some(e)),
        None => (frac, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (!int.is_empty() || !frac.is_empty())
        && digits(int)
        && digits(frac)
        && exp.is_none_or(|e| {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && digits(e)
        })
}

fn is_date(t: &str) -> bool {
    let p: Vec<&str> = t.split('-').collect();
    p.len() == 3
        && p[0].len() == 4
        && p[1].len() == 2
        && p[2].len() == 2
        && p.iter().all(|s| s.bytes().all(|b| b.is_ascii_digit()))
        && matches!(p[1].parse::<u8>(), Ok(1..=12))
        && matches!(p[2].parse::<u8>(), Ok(1..=31))
}

fn is_timestamp(t: &str) -> bool {
    if t.len() < 16 || !t.is_char_boundary(10) {
        return false;
    }
    let (date, rest) = t.split_at(10);
    let time = &rest[1..];
    is_date(date)
        && matches!(rest.as_bytes()[0], b' ' | b'T')
        && time.len() >= 5
        && time.as_bytes()[2] == b':'
        && time[..2].parse::<u8>().is_ok_and(|h| h < 24)
        && time[3..5].parse::<u8>().is_ok_and(|m| m < 60)
        && time[5..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b":.+- /_".contains(&b))
}

fn is_uuid(t: &str) -> bool {
    let groups: Vec<&str> = t.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(ty: &str) -> ColumnInfo {
        ColumnInfo {
            name: "c".into(),
            data_type: ty.into(),
            nullable: true,
            default: None,
            autoincrement: false,
            generated: None,
            comment: None,
            base_type: None,
            enum_values: Vec::new(),
            ..Default::default()
        }
    }

    #[test]
    fn values_are_checked_against_the_column_type() {
        let pg = EngineKind::Postgres;
        assert_eq!(parse("42", &col("integer"), pg), Ok(Value::Int(42)));
        assert!(
            parse("4x2", &col("integer"), pg)
                .unwrap_err()
                .contains("not an integer")
        );
        assert!(parse("2024-13-01", &col("date"), pg).is_err());
        assert!(parse("not-a-uuid", &col("uuid"), pg).is_err());
        assert!(
            parse("{\"a\": ", &col("jsonb"), pg)
                .unwrap_err()
                .contains("not JSON")
        );
        assert!(parse("1.2.3", &col("numeric(10,2)"), pg).is_err());
        assert!(parse("yes", &col("boolean"), pg).is_ok());
        assert!(
            parse(
                "2024-02-29 12:00:00+05:30",
                &col("timestamp with time zone"),
                pg
            )
            .is_ok()
        );
        assert!(parse("2024-02-29", &col("timestamp without time zone"), pg).is_err());
    }

    #[test]
    fn accepted_text_is_kept_exactly() {
        let pg = EngineKind::Postgres;
        let json = "{\"b\": 1,   \"a\": [1.50]}";
        assert_eq!(
            parse(json, &col("json"), pg),
            Ok(Value::Text(Kind::Json, json.into()))
        );
        assert_eq!(
            parse("12345678901234567890.123456789", &col("numeric"), pg),
            Ok(Value::Text(
                Kind::Decimal,
                "12345678901234567890.123456789".into()
            ))
        );
        assert_eq!(
            parse("\\x00ff", &col("bytea"), pg),
            Ok(Value::Bytes(vec![0, 255]))
        );
        assert_eq!(
            parse("", &col("text"), pg),
            Ok(Value::Text(Kind::Text, String::new())),
            "the empty string is a value, not NULL"
        );
        assert_eq!(
            parse("7", &col("int(10) unsigned"), EngineKind::MySql),
            Ok(Value::UInt(7))
        );
        assert_eq!(
            parse("1", &col("tinyint(1)"), EngineKind::MySql),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            parse("5", &col("INTEGER"), EngineKind::Sqlite),
            Ok(Value::Int(5))
        );
    }
}
