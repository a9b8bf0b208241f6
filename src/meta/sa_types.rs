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
    let (base, args) = match t.find('(') {
        Some(i) => (
            t[..i].trim().to_string(),
            t[i + 1..].trim_end_matches(')').to_string(),
        ),
        None => (t.clone(), String::new()),
    };
    let n = |s: &str| -> String { s.split(',').next().unwrap_or("").trim().to_string() };
    let s = |expr: &str, py: &str| (expr.to_string(), py.to_string());
    let mysql_int = |name: &str| {
        if unsigned {
            (format!("mysql.{name}(unsigned=True)"), "int".to_string())
        } else {
            (
                format!(
                    "sa.{}()",
                    match name {
                        "BIGINT" => "BigInteger",
                        "SMALLINT" => "SmallInteger",
                        _ => "Integer",
                    }
                ),
                "int".to_string(),
            )
        }
    };
    match base.as_str() {
        "tinyint" if args == "1" => s("sa.Boolean()", "bool"),
        "boolean" | "bool" => s("sa.Boolean()", "bool"),
        "integer" | "int" | "int4" | "mediumint" => mysql_int("INTEGER"),
        "bigint" | "int8" => mysql_int("BIGINT"),
        "smallint" | "int2" | "tinyint" => mysql_int("SMALLINT"),
        "character varying" | "varchar" | "nvarchar" | "varchar2" => {
            if args.is_empty() {
                s("sa.String()", "str")
            } else {
                (format!("sa.String({})", n(&args)), "str".into())
            }
        }
        "character" | "char" | "nchar" | "bpchar" => {
            if args.is_empty() {
                s("sa.CHAR()", "str")
            } else {
                (format!("sa.CHAR({})", n(&args)), "str".into())
            }
        }
        "text" | "tinytext" | "mediumtext" | "longtext" | "clob" | "name" | "citext" => {
            s("sa.Text()", "str")
        }
        "numeric" | "decimal" => {
            if args.is_empty() {
                s("sa.Numeric()", "decimal.Decimal")
            } else {
                (format!("sa.Numeric({args})"), "decimal.Decimal".into())
            }
        }
        "real" | "float4" | "float" => s("sa.Float()", "float"),
        "double precision" | "double" | "float8" => s("sa.Double()", "float"),
        "date" => s("sa.Date()", "datetime.date"),
        "time" | "time without time zone" => s("sa.Time()", "datetime.time"),
        "time with time zone" | "timetz" => s("sa.Time(timezone=True)", "datetime.time"),
        "timestamp" | "timestamp without time zone" | "datetime" => {
            if dialect == "mysql" && base == "timestamp" {
                s("mysql.TIMESTAMP()", "datetime.datetime")
            } else {
                s("sa.DateTime()", "datetime.datetime")
            }
        }
        "timestamp with time zone" | "timestamptz" => {
            s("sa.DateTime(timezone=True)", "datetime.datetime")
        }
        "interval" => s("sa.Interval()", "datetime.timedelta"),
        "uuid" => s("sa.Uuid()", "uuid.UUID"),
        "json" => s("sa.JSON()", "Any"),
        "jsonb" => s("postgresql.JSONB()", "Any"),
        "bytea" | "blob" | "tinyblob" | "mediumblob" | "longblob" => s("sa.LargeBinary()", "bytes"),
        "varbinary" => (format!("sa.VARBINARY({})", n(&args)), "bytes".into()),
        "binary" => (format!("sa.BINARY({})", n(&args)), "bytes".into()),
        "inet" => s("postgresql.INET()", "str"),
        "cidr" => s("postgresql.CIDR()", "str"),
        "macaddr" => s("postgresql.MACADDR()", "str"),
        "money" => s("postgresql.MONEY()", "str"),
        "year" => s("mysql.YEAR()", "int"),
        "bit" if dialect == "mysql" => (
            format!(
                "mysql.BIT({})",
                if args.is_empty() {
                    "1".into()
                } else {
                    n(&args)
                }
            ),
            "int".into(),
        ),
        "bit" | "bit varying" | "varbit" => (
            format!(
                "postgresql.BIT({})",
                if args.is_empty() {
                    "1".into()
                } else {
                    n(&args)
                }
            ),
            "str".into(),
        ),
        "enum" => (format!("sa.Enum({args})"), "str".into()),
        "set" => (format!("mysql.SET({args})"), "str".into()),
        _ => s("sa.Text()", "str"),
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
            sa_type("mysql", "enum('a','b')", None).0,
            "sa.Enum('a','b')"
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
        assert_eq!(sa_type("sqlite", "", None).0, "sa.Text()");
    }
}
