//! Database types as SQLAlchemy types and Python annotations.

use super::python::py_str;

/// (SQLAlchemy type expression, Python type) for a column type as the database spells it.
/// `enum_type` is the PostgreSQL enum the type names, if any.
/// A PostgreSQL enum type as `sa.Enum` names it: its name, labels, and its schema when that
/// is not the default one.
#[derive(Debug, Clone, Copy)]
pub struct SaEnum<'a> {
    pub name: &'a str,
    pub values: &'a [String],
    pub schema: Option<&'a str>,
}

pub fn sa_type(dialect: &str, data_type: &str, enum_type: Option<SaEnum>) -> (String, String) {
    if let Some(e) = enum_type {
        let vals: Vec<String> = e.values.iter().map(|v| py_str(v)).collect();
        let schema = e
            .schema
            .map(|s| format!(", schema={}", py_str(s)))
            .unwrap_or_default();
        return (
            format!(
                "sa.Enum({}, name={}{schema})",
                vals.join(", "),
                py_str(e.name)
            ),
            "str".into(),
        );
    }
    let t = data_type.trim().to_ascii_lowercase();
    if let Some(inner) = t.strip_suffix("[]") {
        let (sa, py) = sa_type(dialect, inner, None);
        return (format!("postgresql.ARRAY({sa})"), format!("List[{py}]"));
    }
    let unsigned = t.contains(" unsigned");
    let t = t.replace(" unsigned", "").replace(" zerofill", "");
    let (base, args) = split_args(&t);
    if let Some(labelled) = enum_or_set(&base, data_type) {
        return labelled;
    }
    let (sa, py) = known(dialect, &base, &args, unsigned).unwrap_or_else(|| {
        // a type SQLAlchemy has no class for is created as the database spells it
        (db_type(data_type), "Any".to_string())
    });
    // SQLite keeps the declared spelling: its affinity, and whether an INTEGER PRIMARY KEY is
    // the rowid, follow the words
    if dialect == "sqlite" && sqlite_spelling(&sa).as_deref() != Some(normalised(&t).as_str()) {
        return (db_type(data_type), py);
    }
    (sa, py)
}

/// A MySQL ENUM or SET, its labels as Python strings read from the type as spelled (SQL
/// doubles a quote where Python would join 'y''z' into 'yz'; the case is the labels' own).
fn enum_or_set(base: &str, data_type: &str) -> Option<(String, String)> {
    let class = match base {
        "enum" => "sa.Enum",
        "set" => "mysql.SET",
        _ => return None,
    };
    let labels = crate::meta::reflect::mysql::labels(data_type.trim())?;
    let labels: Vec<String> = labels.iter().map(|l| py_str(l)).collect();
    Some((format!("{class}({})", labels.join(", ")), "str".into()))
}

/// `DbType("…")`: the module's type for a spelling SQLAlchemy has no class for.
fn db_type(spelling: &str) -> String {
    format!("DbType({})", py_str(spelling.trim()))
}

/// The words of a type, spaces made single and none after a comma (`numeric(10,3)`).
fn normalised(t: &str) -> String {
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(", ", ",")
}

/// How SQLAlchemy's SQLite dialect spells the type of `sa`, for the types that module uses there.
fn sqlite_spelling(sa: &str) -> Option<String> {
    let (class, args) = sa.split_once('(')?;
    let args = args.strip_suffix(')')?.replace(' ', "");
    let name = match class {
        "sa.Integer" => "integer",
        "sa.BigInteger" => "bigint",
        "sa.SmallInteger" => "smallint",
        "sa.Text" => "text",
        "sa.String" => "varchar",
        "sa.CHAR" => "char",
        "sa.REAL" => "real",
        "sa.Float" => "float",
        "sa.Double" => "double",
        "sa.Numeric" => "numeric",
        "sa.Boolean" => "boolean",
        "sa.Date" => "date",
        "sa.DateTime" => "datetime",
        "sa.Time" => "time",
        "sa.LargeBinary" => "blob",
        "sa.JSON" => "json",
        _ => return None,
    };
    Some(match args.is_empty() {
        true => name.to_string(),
        false => format!("{name}({args})"),
    })
}

/// (the type's words without its parenthesised arguments, the arguments):
/// `timestamp(6) with time zone` → (`timestamp with time zone`, `6`); an enum or set keeps
/// its labels whole.
fn split_args(t: &str) -> (String, String) {
    let Some(open) = t.find('(') else {
        return (t.trim().to_string(), String::new());
    };
    let head = t[..open].trim();
    if matches!(head, "enum" | "set") {
        let args = t[open + 1..].trim_end().trim_end_matches(')');
        return (head.to_string(), args.to_string());
    }
    let Some(close) = t[open..].find(')').map(|i| open + i) else {
        return (t.trim().to_string(), String::new());
    };
    let tail = t[close + 1..].trim();
    let base = match tail.is_empty() {
        true => head.to_string(),
        false => format!("{head} {tail}"),
    };
    (base, t[open + 1..close].trim().to_string())
}

/// A type SQLAlchemy has a class for: (`sa.…` expression, Python annotation).
fn known(dialect: &str, base: &str, args: &str, unsigned: bool) -> Option<(String, String)> {
    let first = args.split(',').next().unwrap_or("").trim().to_string();
    let s = |expr: &str, py: &str| Some((expr.to_string(), py.to_string()));
    let with = |class: &str, py: &str| match args.is_empty() {
        true => Some((format!("{class}()"), py.to_string())),
        false => Some((format!("{class}({first})"), py.to_string())),
    };
    let mysql = dialect == "mysql";
    let pg = dialect == "postgresql";
    let int = |sa: &str, my: &str| match (mysql, unsigned) {
        (true, true) => Some((format!("mysql.{my}(unsigned=True)"), "int".to_string())),
        (true, false) if !sa.starts_with("sa.") => Some((format!("mysql.{my}()"), "int".into())),
        _ => Some((format!("{sa}()"), "int".to_string())),
    };
    let fsp = |class: &str, extra: &str, py: &str| {
        let mut kw: Vec<String> = Vec::new();
        if !extra.is_empty() {
            kw.push(extra.to_string());
        }
        if !args.is_empty() {
            kw.push(match mysql {
                true => format!("fsp={first}"),
                false => format!("precision={first}"),
            });
        }
        Some((format!("{class}({})", kw.join(", ")), py.to_string()))
    };
    match base {
        "tinyint" if args == "1" => s("sa.Boolean()", "bool"),
        "boolean" | "bool" => s("sa.Boolean()", "bool"),
        "tinyint" if mysql => int("TINYINT", "TINYINT"),
        "mediumint" if mysql => int("MEDIUMINT", "MEDIUMINT"),
        "integer" | "int" | "int4" | "mediumint" => int("sa.Integer", "INTEGER"),
        "bigint" | "int8" => int("sa.BigInteger", "BIGINT"),
        "smallint" | "int2" | "tinyint" => int("sa.SmallInteger", "SMALLINT"),
        "character varying" | "varchar" | "nvarchar" | "varchar2" => with("sa.String", "str"),
        "character" | "char" | "nchar" | "bpchar" => with("sa.CHAR", "str"),
        "tinytext" | "mediumtext" | "longtext" if mysql => {
            s(&format!("mysql.{}()", base.to_ascii_uppercase()), "str")
        }
        "text" | "tinytext" | "mediumtext" | "longtext" | "clob" => s("sa.Text()", "str"),
        "numeric" | "decimal" => match args.is_empty() {
            true => s("sa.Numeric()", "decimal.Decimal"),
            false => s(&format!("sa.Numeric({args})"), "decimal.Decimal"),
        },
        "real" | "float4" => s("sa.REAL()", "float"),
        "float" => s("sa.Float()", "float"),
        "double" if mysql && args.contains(',') => s(
            &format!(
                "mysql.DOUBLE(precision={first}, scale={})",
                args.split(',').nth(1).unwrap_or("0").trim()
            ),
            "float",
        ),
        "double precision" | "double" | "float8" => s("sa.Double()", "float"),
        "date" => s("sa.Date()", "datetime.date"),
        "time" | "time without time zone" if !args.is_empty() && mysql => {
            fsp("mysql.TIME", "", "datetime.time")
        }
        "time" | "time without time zone" if !args.is_empty() && pg => {
            fsp("postgresql.TIME", "", "datetime.time")
        }
        "time" | "time without time zone" => s("sa.Time()", "datetime.time"),
        "time with time zone" | "timetz" if !args.is_empty() => {
            fsp("postgresql.TIME", "timezone=True", "datetime.time")
        }
        "time with time zone" | "timetz" => s("sa.Time(timezone=True)", "datetime.time"),
        "timestamp" | "datetime" if mysql && (base == "timestamp" || !args.is_empty()) => fsp(
            &format!("mysql.{}", base.to_ascii_uppercase()),
            "",
            "datetime.datetime",
        ),
        "timestamp" | "timestamp without time zone" if pg && !args.is_empty() => {
            fsp("postgresql.TIMESTAMP", "", "datetime.datetime")
        }
        "timestamp" | "timestamp without time zone" | "datetime" => {
            s("sa.DateTime()", "datetime.datetime")
        }
        "timestamp with time zone" | "timestamptz" if !args.is_empty() => {
            fsp("postgresql.TIMESTAMP", "timezone=True", "datetime.datetime")
        }
        "timestamp with time zone" | "timestamptz" => {
            s("sa.DateTime(timezone=True)", "datetime.datetime")
        }
        "interval" if pg && !args.is_empty() => s(
            &format!("postgresql.INTERVAL(precision={first})"),
            "datetime.timedelta",
        ),
        "interval" => s("sa.Interval()", "datetime.timedelta"),
        "uuid" => s("sa.Uuid()", "uuid.UUID"),
        "json" => s("sa.JSON()", "Any"),
        "jsonb" => s("postgresql.JSONB()", "Any"),
        "tinyblob" | "mediumblob" | "longblob" if mysql => {
            s(&format!("mysql.{}()", base.to_ascii_uppercase()), "bytes")
        }
        "bytea" | "blob" | "tinyblob" | "mediumblob" | "longblob" => s("sa.LargeBinary()", "bytes"),
        "varbinary" => s(&format!("sa.VARBINARY({first})"), "bytes"),
        "binary" => s(&format!("sa.BINARY({first})"), "bytes"),
        "inet" => s("postgresql.INET()", "str"),
        "cidr" => s("postgresql.CIDR()", "str"),
        "macaddr" => s("postgresql.MACADDR()", "str"),
        "money" => s("postgresql.MONEY()", "str"),
        "tsvector" if pg => s("postgresql.TSVECTOR()", "str"),
        "int4range" | "int8range" | "numrange" | "daterange" | "tsrange" | "tstzrange" if pg => s(
            &format!("postgresql.{}()", base.to_ascii_uppercase()),
            "Any",
        ),
        "year" => s("mysql.YEAR()", "int"),
        "bit" if mysql => s(
            &format!("mysql.BIT({})", if args.is_empty() { "1" } else { &first }),
            "int",
        ),
        "bit" => s(
            &format!(
                "postgresql.BIT({})",
                if args.is_empty() { "1" } else { &first }
            ),
            "str",
        ),
        "bit varying" | "varbit" => match args.is_empty() {
            true => s("postgresql.BIT(varying=True)", "str"),
            false => s(&format!("postgresql.BIT({first}, varying=True)"), "str"),
        },
        "enum" | "set" => None,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_types() {
        assert_eq!(
            sa_type("postgresql", "character varying(30)", None).0,
            "sa.String(30)"
        );
        assert_eq!(
            sa_type("postgresql", "numeric(10,2)", None),
            ("sa.Numeric(10,2)".into(), "decimal.Decimal".into())
        );
        assert_eq!(
            sa_type("mysql", "int(10) unsigned", None).0,
            "mysql.INTEGER(unsigned=True)"
        );
        assert_eq!(sa_type("mysql", "tinyint(1)", None).1, "bool");
        assert_eq!(
            sa_type("postgresql", "integer[]", None),
            ("postgresql.ARRAY(sa.Integer())".into(), "List[int]".into())
        );
        assert_eq!(
            sa_type("mysql", "enum('a','y''z','')", None).0,
            "sa.Enum(\"a\", \"y'z\", \"\")"
        );
        let vals = vec!["sad".to_string()];
        assert_eq!(
            sa_type(
                "postgresql",
                "mood",
                Some(SaEnum {
                    name: "mood",
                    values: &vals,
                    schema: None
                })
            )
            .0,
            "sa.Enum(\"sad\", name=\"mood\")"
        );
        assert_eq!(
            sa_type(
                "postgresql",
                "inventory.condition",
                Some(SaEnum {
                    name: "condition",
                    values: &vals,
                    schema: Some("inventory")
                })
            )
            .0,
            "sa.Enum(\"sad\", name=\"condition\", schema=\"inventory\")"
        );
        assert_eq!(sa_type("sqlite", "", None).0, "DbType(\"\")");
        assert_eq!(sa_type("sqlite", "INT", None).0, "DbType(\"INT\")");
        assert_eq!(sa_type("sqlite", "INTEGER", None).0, "sa.Integer()");
        assert_eq!(sa_type("sqlite", "REAL", None).0, "sa.REAL()");
        assert_eq!(
            sa_type("postgresql", "timestamp(6) with time zone", None).0,
            "postgresql.TIMESTAMP(timezone=True, precision=6)"
        );
        assert_eq!(sa_type("postgresql", "xml", None).0, "DbType(\"xml\")");
        assert_eq!(
            sa_type("mysql", "datetime(6)", None).0,
            "mysql.DATETIME(fsp=6)"
        );
        assert_eq!(sa_type("mysql", "tinyint(4)", None).0, "mysql.TINYINT()");
        assert_eq!(sa_type("mysql", "mediumtext", None).0, "mysql.MEDIUMTEXT()");
        assert_eq!(sa_type("postgresql", "name", None).0, "DbType(\"name\")");
        assert_eq!(
            sa_type("postgresql", "interval(3)", None).0,
            "postgresql.INTERVAL(precision=3)"
        );
        assert_eq!(
            sa_type("mysql", "double(10,2)", None).0,
            "mysql.DOUBLE(precision=10, scale=2)"
        );
    }
}
