//! The statements of a flush in each dialect: values always as parameters, names quoted by the
//! dialect, each UPDATE and DELETE matched by its key and by the original values it checks.

use crate::engine::dialect::{qualified, quote_ident};
use crate::engine::{EngineKind, Kind, Value};
use crate::meta::Table;

use super::change::{Cell, RowKey};
use super::column_type::{PgCompare, cast_type, mysql_compares_as_value, pg_compare, text_of};
use super::pg_own::{self, EQ, TEXT};

/// Builds one statement: its text and its parameters in order.
pub struct Builder<'a> {
    pub engine: EngineKind,
    table: &'a Table,
    pub sql: String,
    pub params: Vec<Value>,
    /// MySQL's batch of rows (`plan_batch_mysql.rs`): a column is `retort_row.name` and a
    /// value is the column `retort_v.cN` of a derived table whose row N holds it.
    joined: bool,
}

impl<'a> Builder<'a> {
    pub fn new(engine: EngineKind, table: &'a Table) -> Self {
        Builder {
            engine,
            table,
            sql: String::new(),
            params: Vec::new(),
            joined: false,
        }
    }

    /// A builder for one row of a MySQL batch: the target is `retort_row` and each value is
    /// read from the row's own columns of `retort_v`, which hold `params` in order.
    pub fn joined(engine: EngineKind, table: &'a Table) -> Self {
        Builder {
            joined: true,
            ..Builder::new(engine, table)
        }
    }

    pub fn name(&self) -> String {
        qualified(self.engine, self.table.schema(), self.table.name(), None)
    }

    pub fn column(&self, c: &str) -> String {
        if c == "rowid" && self.engine == EngineKind::Sqlite && self.table_column(c).is_none() {
            return "rowid".into();
        }
        match self.joined {
            true => format!("retort_row.{}", quote_ident(self.engine, c)),
            false => quote_ident(self.engine, c),
        }
    }

    /// Binds `value` where no cast is wanted: the placeholder, or in a batch its column.
    fn slot(&mut self, value: Value) -> String {
        self.params.push(value);
        let n = self.params.len();
        match (self.joined, self.engine) {
            (true, _) => format!("retort_v.c{n}"),
            (false, EngineKind::Postgres) => format!("${n}"),
            (false, EngineKind::MySql) => "?".into(),
            (false, EngineKind::Sqlite) => format!("?{n}"),
        }
    }

    fn table_column(&self, c: &str) -> Option<&crate::meta::ColumnInfo> {
        self.table.columns.iter().find(|i| i.name == c)
    }

    /// The `=` a value of column `c` is matched with (PostgreSQL: pg_catalog's for its own
    /// types, `pg_own`).
    fn eq_of(&self, c: &str) -> &'static str {
        match (self.engine, self.table_column(c)) {
            (EngineKind::Postgres, Some(i)) => pg_own::eq_for(&cast_type(&i.data_type)),
            _ => "=",
        }
    }

    /// A placeholder for `value`, bound as a parameter. PostgreSQL gets the value as text cast
    /// to the column's type of any length (`cast_type`: a too-long value is an error, never
    /// cut short).
    pub fn param(&mut self, column: &str, value: Value) -> String {
        let cast = match self.engine {
            EngineKind::Postgres => self.table_column(column).map(|i| cast_type(&i.data_type)),
            _ => None,
        };
        let slot = self.slot(value);
        match cast {
            Some(ty) => format!("{slot}::{ty}"),
            None => slot,
        }
    }

    /// Whether PostgreSQL's unnest can carry these columns (not when one is an array: unnest
    /// would flatten it).
    pub fn unnest_fits(&self, columns: &[&str]) -> bool {
        columns.iter().all(|c| {
            self.table_column(c)
                .is_some_and(|i| !i.data_type.trim_end().ends_with(']'))
        })
    }

    /// One PostgreSQL parameter holding a whole column of values: a text array cast to the
    /// column's type (`$1::pg_catalog.text[]::integer[]`).
    pub fn array_param(&mut self, column: &str, cells: &[&Cell]) -> String {
        let mut lit = String::from("{");
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                lit.push(',');
            }
            match cell {
                Cell::Value(v) => match v.to_text() {
                    None => lit.push_str("NULL"),
                    Some(t) => {
                        lit.push('"');
                        for ch in t.chars() {
                            if ch == '"' || ch == '\\' {
                                lit.push('\\');
                            }
                            lit.push(ch);
                        }
                        lit.push('"');
                    }
                },
                // (not reached: DEFAULT columns are left out of an INSERT)
                Cell::Default => lit.push_str("NULL"),
            }
        }
        lit.push('}');
        self.params.push(Value::Text(Kind::Array, lit));
        let n = self.params.len();
        match self.table_column(column) {
            Some(info) => format!("${n}::{TEXT}[]::{}[]", cast_type(&info.data_type)),
            None => format!("${n}::{TEXT}[]"),
        }
    }

    /// As `array_param`, cast to `ty` rather than to a column's type (`text` compares as text).
    pub fn typed_array_param(&mut self, cells: &[&Cell], ty: &str) -> String {
        let typed = self.array_param("", cells);
        match ty {
            TEXT => typed,
            ty => format!("{typed}::{ty}[]"),
        }
    }

    /// A placeholder for a value of a column or its DEFAULT.
    pub fn cell(&mut self, column: &str, cell: &Cell) -> String {
        match cell {
            Cell::Value(v) => self.param(column, v.clone()),
            Cell::Default => "DEFAULT".into(),
        }
    }

    /// `c1 = $1, c2 = $2` parts of a SET.
    pub fn assignments(&mut self, cells: &[(String, Cell)]) -> Vec<String> {
        cells
            .iter()
            .map(|(col, cell)| {
                let name = self.column(col);
                let p = self.cell(col, cell);
                format!("{name} = {p}")
            })
            .collect()
    }

    /// `k1 = $1 AND k2 = $2`: the row by its key.
    pub fn key_match(&mut self, key: &RowKey) -> String {
        let parts: Vec<String> = key
            .columns
            .iter()
            .zip(&key.values)
            .map(|(c, v)| {
                let col = self.column(c);
                let p = self.param(c, v.clone());
                // MySQL: `=` reads a key by its column's collation and, against text, a
                // number as a double; the key's exact text is checked as well
                let exact = self.engine == EngineKind::MySql
                    && !v.is_null()
                    && !mysql_compares_as_value(v)
                    && !matches!(v, Value::Float(_));
                match exact {
                    true => {
                        let text = self.slot(Value::Text(Kind::Text, v.as_ref().display()));
                        format!("{col} = {p} AND {}", same_bytes(&col, &text))
                    }
                    false => format!("{col} {} {p}", self.eq_of(c)),
                }
            })
            .collect();
        parts.join(" AND ")
    }

    /// The column still holds `original`, compared as the server shows it (its text form on
    /// PostgreSQL and MySQL, so that JSON, which has no equality, and case-insensitive
    /// collations compare exactly), NULL-safe.
    pub fn unchanged(&mut self, column: &str, original: &Value) -> String {
        let col = self.column(column);
        if original.is_null() {
            return format!("{col} IS NULL");
        }
        let declared = self
            .table_column(column)
            .map(|i| {
                i.base_type
                    .as_deref()
                    .unwrap_or(&i.data_type)
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        match self.engine {
            // a float as a number, exactly: its text (1.234567e+06 for a real of 1234567) is
            // not the grid's
            EngineKind::Postgres if matches!(original, Value::Float(_)) => {
                self.params.push(original.clone());
                let ty = cast_type(&declared);
                let eq = pg_own::eq_for(&ty);
                format!("{col} {eq} ${}::{ty}", self.params.len())
            }
            EngineKind::Postgres => {
                self.params.push(original.clone());
                let n = self.params.len();
                match pg_compare(&declared) {
                    PgCompare::Own(ty) => format!("{col} {EQ} ${n}::{ty}"),
                    PgCompare::Text => format!("{col}::{TEXT} {EQ} ${n}::{TEXT}"),
                }
            }
            // MySQL sends a FLOAT (single precision) as text of 6 significant digits: the
            // value read stands for any within half a unit of its sixth digit. A DOUBLE's text
            // is its shortest exact form, and its text forms differ (1e-7 read, 0.0000001
            // converted): both compare as numbers.
            EngineKind::MySql if matches!(original, Value::Float(_)) => {
                let p = self.slot(original.clone());
                if declared.starts_with("float") {
                    let q = self.slot(original.clone());
                    format!("ABS({col} - {p}) <= ABS({q}) * 5.1e-6")
                } else {
                    format!("{col} <=> {p}")
                }
            }
            EngineKind::MySql if mysql_compares_as_value(original) => {
                let p = self.slot(original.clone());
                format!("{col} <=> {p}")
            }
            EngineKind::MySql => {
                let text = Value::Text(Kind::Text, original.as_ref().display());
                let p = self.slot(text);
                same_bytes(&col, &p)
            }
            EngineKind::Sqlite => {
                let p = self.slot(original.clone());
                format!("{col} IS {p}")
            }
        }
    }
}

/// MySQL: the column's text is the text `p`, byte for byte (a `_bin` collation pads with
/// spaces: 'a ' would equal 'a').
fn same_bytes(col: &str, p: &str) -> String {
    format!("CAST(CONVERT({col} USING utf8mb4) AS BINARY) = CAST({p} AS BINARY)")
}

/// The statement with its values written in, for reading only (never sent this way).
pub fn render(engine: EngineKind, sql: &str, params: &[Value]) -> String {
    let literal = |v: &Value| crate::engine::connection::render_param(v);
    let mark = match engine {
        EngineKind::Postgres => '$',
        _ => '?',
    };
    let mut out = String::with_capacity(sql.len() + 16 * params.len());
    let mut next = 0usize; // MySQL's `?` are numbered by position
    let mut quote: Option<char> = None;
    let mut chars = sql.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        if let Some(q) = quote {
            // inside a quoted name or string: placeholders are text there
            out.push(ch);
            if ch == q {
                quote = None;
            }
            continue;
        }
        if matches!(ch, '"' | '`' | '\'') {
            quote = Some(ch);
            out.push(ch);
            continue;
        }
        if ch == mark {
            let digits: String = sql[i + 1..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let n = if engine == EngineKind::MySql {
                next += 1;
                Some(next)
            } else {
                digits.parse::<usize>().ok()
            };
            if let Some(v) = n.and_then(|n| n.checked_sub(1)).and_then(|n| params.get(n)) {
                out.push_str(&literal(v));
                if engine != EngineKind::MySql {
                    for _ in 0..digits.len() {
                        chars.next();
                    }
                }
                continue;
            }
        }
        out.push(ch);
    }
    out
}

/// A read of a row's columns as text, by its key: to see whether a row changed since its
/// values were read. Parameters are the key's values as text.
pub fn recheck_query(
    engine: EngineKind,
    table: &Table,
    key: &RowKey,
    columns: &[&str],
) -> (String, Vec<String>) {
    let b = Builder::new(engine, table);
    let cols: Vec<String> = columns
        .iter()
        .map(|c| {
            let declared = table
                .columns
                .iter()
                .find(|i| i.name == *c)
                .map_or("", |i| i.data_type.as_str());
            text_of(engine, declared, &b.column(c))
        })
        .collect();
    let mut params = Vec::new();
    let wheres: Vec<String> = key
        .columns
        .iter()
        .zip(&key.values)
        .map(|(c, v)| {
            params.push(v.to_text().unwrap_or_default());
            let n = params.len();
            let p = match engine {
                EngineKind::Postgres => match b.table_column(c) {
                    Some(info) => format!("${n}::{}", cast_type(&info.data_type)),
                    None => format!("${n}"),
                },
                _ => "?".to_string(),
            };
            format!("{} {} {p}", b.column(c), b.eq_of(c))
        })
        .collect();
    let select = if cols.is_empty() {
        "1".to_string()
    } else {
        cols.join(", ")
    };
    (
        format!(
            "SELECT {select} FROM {} WHERE {}",
            b.name(),
            wheres.join(" AND ")
        ),
        params,
    )
}

/// Whether a value read back as text (NULL as None) is the value as it was read before, by
/// its meaning: `1`, `t` and `true` are one boolean, `1.50` and `1.5` one number.
pub fn matches_text(v: &Value, text: Option<&str>) -> bool {
    let Some(t) = text else {
        return v.is_null();
    };
    match v {
        Value::Null => false,
        Value::Bool(b) => match t {
            "1" | "t" | "true" | "TRUE" => *b,
            "0" | "f" | "false" | "FALSE" => !*b,
            _ => false,
        },
        Value::Int(i) => t.parse::<i64>().is_ok_and(|n| n == *i),
        Value::UInt(u) => t.parse::<u64>().is_ok_and(|n| n == *u),
        Value::Float(f) => t
            .parse::<f64>()
            .is_ok_and(|n| n == *f || (n.is_nan() && f.is_nan())),
        other => other.to_text().as_deref() == Some(t),
    }
}

/// The SELECT that reads back `columns` of the rows with these keys (after a commit, what the
/// table holds) as text: key columns first, each key matched by its values bound as
/// parameters.
pub fn read_back_sql(
    engine: EngineKind,
    table: &Table,
    columns: &[String],
    keys: &[RowKey],
) -> (String, Vec<Value>) {
    let mut b = Builder::new(engine, table);
    let key_columns = keys.first().map(|k| k.columns.clone()).unwrap_or_default();
    // as the server's text (the bound protocol's rows are binary otherwise): the very text a
    // next UPDATE's check compares with; on PostgreSQL the cast is pg_catalog's own
    let shown: Vec<String> = (key_columns.iter().chain(columns))
        .map(|c| match engine {
            EngineKind::Postgres => format!("{}::pg_catalog.text", b.column(c)),
            EngineKind::MySql => format!("CAST({} AS CHAR)", b.column(c)),
            EngineKind::Sqlite => b.column(c),
        })
        .collect();
    // each row by its key, as the flush finds it (`=` of pg_catalog on its own types)
    let matches: Vec<String> = (keys.iter())
        .map(|key| format!("({})", b.key_match(key)))
        .collect();
    let sql = format!(
        "SELECT {} FROM {} WHERE {}",
        shown.join(", "),
        b.name(),
        matches.join(" OR ")
    );
    (sql, b.params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendering_leaves_quoted_names_alone() {
        let p = [Value::Int(3)];
        assert_eq!(
            render(EngineKind::MySql, "UPDATE `a?b` SET `c?` = ?", &p),
            "UPDATE `a?b` SET `c?` = 3"
        );
        assert_eq!(
            render(
                EngineKind::Postgres,
                "UPDATE \"$1\" SET x = $1::integer",
                &p
            ),
            "UPDATE \"$1\" SET x = 3::integer"
        );
    }

    #[test]
    fn rendering_writes_values_in_for_reading() {
        let p = [
            Value::Int(3),
            Value::Text(Kind::Text, "it's".into()),
            Value::Null,
        ];
        assert_eq!(
            render(
                EngineKind::Postgres,
                "x = $1::integer AND y = $2::text OR $3",
                &p
            ),
            "x = 3::integer AND y = 'it''s'::text OR NULL"
        );
        assert_eq!(
            render(EngineKind::MySql, "x = ? AND y = ? OR ?", &p),
            "x = 3 AND y = 'it''s' OR NULL"
        );
        assert_eq!(
            render(EngineKind::Sqlite, "x = ?1 AND y = ?2 OR ?3", &p),
            "x = 3 AND y = 'it''s' OR NULL"
        );
    }
}
