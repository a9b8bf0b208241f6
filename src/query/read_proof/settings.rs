//! The session settings `--read-only` lets a statement change, as psql's users set them up
//! (`SET search_path`, a time zone, a statement timeout): read from the server's own grammar
//! (libpg_query; sqlparser's MySQL grammar under the server's `sql_mode`) and let through by
//! an allow-list of names. Each changes how the session reads or shows, or how long it
//! waits; none changes who the user is (`SET ROLE`), what a transaction may write
//! (`SET TRANSACTION`, `default_transaction_read_only`), how text is read (`sql_mode`,
//! `standard_conforming_strings`, `SET NAMES`), what retort's own reads on the session
//! answer (`sql_select_limit`, `max_join_size`, `group_concat_max_len` cut them short) or the
//! whole server (`SET GLOBAL`).

use pg_query::NodeEnum;
use pg_query::protobuf::VariableSetKind;
use sqlparser::ast::{ContextModifier, Expr, ObjectName, Set, Statement};

use super::mysql::{SqlMode, read_as_the_server};

/// PostgreSQL's settings a read-only session may change.
const PG_SETTINGS: &[&str] = &[
    "search_path",
    "timezone",
    "datestyle",
    "intervalstyle",
    "statement_timeout",
    "lock_timeout",
    "idle_in_transaction_session_timeout",
    "application_name",
    "client_min_messages",
    "extra_float_digits",
    "bytea_output",
    "work_mem",
    "jit",
    "enable_seqscan",
    "enable_indexscan",
    "enable_bitmapscan",
    "enable_hashjoin",
    "enable_mergejoin",
    "enable_nestloop",
    "random_page_cost",
];

/// MySQL's and MariaDB's session variables a read-only session may change.
const MYSQL_SETTINGS: &[&str] = &[
    "time_zone",
    "max_execution_time",
    "max_statement_time",
    "lock_wait_timeout",
    "innodb_lock_wait_timeout",
    "div_precision_increment",
    "net_read_timeout",
    "net_write_timeout",
];

/// Why a statement is not a setting `--read-only` lets through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAllowed {
    /// It is no one SET at all (the read proof says what it is).
    NotASet,
    /// A SET, of something not on the list or to a value not written as it is.
    Refused(String),
}

impl From<String> for NotAllowed {
    fn from(why: String) -> Self {
        NotAllowed::Refused(why)
    }
}

/// Ok when `sql` is one PostgreSQL SET or RESET of a setting on the list, else why not.
pub fn prove_pg_setting(sql: &str) -> Result<(), NotAllowed> {
    let parsed = pg_query::parse(sql, 0).map_err(|_| NotAllowed::NotASet)?;
    let [stmt] = parsed.protobuf.stmts.as_slice() else {
        return Err(NotAllowed::NotASet);
    };
    let node = stmt.stmt.as_ref().and_then(|n| n.node.as_ref());
    let Some(NodeEnum::VariableSetStmt(set)) = node else {
        return Err(NotAllowed::NotASet);
    };
    let name = set.name.as_str();
    let kind = set.kind();
    let changes_one = matches!(
        kind,
        VariableSetKind::VarSetValue | VariableSetKind::VarSetDefault | VariableSetKind::VarReset
    );
    if !changes_one {
        return Err(format!("SET {name} is not a setting --read-only lets change").into());
    }
    Ok(allowed(&name.to_ascii_lowercase(), PG_SETTINGS)?)
}

/// Ok when `sql` is one MySQL SET of session variables on the list, each to a literal, read
/// alike by the server under `mode`; else why not.
pub fn prove_mysql_setting(sql: &str, mode: SqlMode) -> Result<(), NotAllowed> {
    let Ok(Statement::Set(set)) = read_as_the_server(sql, mode) else {
        return Err(NotAllowed::NotASet);
    };
    let checked = match set {
        Set::SingleAssignment {
            scope,
            hivevar: false,
            variable,
            values,
        } => mysql_assignment(scope.as_ref(), &variable, &values),
        Set::MultipleAssignments { assignments } => (assignments.iter()).try_for_each(|a| {
            mysql_assignment(a.scope.as_ref(), &a.name, std::slice::from_ref(&a.value))
        }),
        Set::SetTimeZone { value, .. } => literal(&value),
        _ => Err("that SET is not one --read-only lets through".into()),
    };
    Ok(checked?)
}

fn mysql_assignment(
    scope: Option<&ContextModifier>,
    variable: &ObjectName,
    values: &[Expr],
) -> Result<(), String> {
    if matches!(scope, Some(ContextModifier::Global)) {
        return Err("SET GLOBAL changes the whole server".into());
    }
    let name = variable.to_string().to_ascii_lowercase();
    let name = (name.strip_prefix("@@session."))
        .or_else(|| name.strip_prefix("@@local."))
        .or_else(|| name.strip_prefix("@@"))
        .unwrap_or(&name);
    if name.contains('@') || name.contains('.') || name.contains('`') {
        return Err(format!(
            "{name} is not a session setting on --read-only's list"
        ));
    }
    allowed(name, MYSQL_SETTINGS)?;
    values.iter().try_for_each(literal)
}

/// A value written as it is (a number, a string, DEFAULT), never computed.
fn literal(e: &Expr) -> Result<(), String> {
    match e {
        Expr::Value(_) => Ok(()),
        Expr::UnaryOp { expr, .. } if matches!(expr.as_ref(), Expr::Value(_)) => Ok(()),
        Expr::Identifier(i) if i.value.eq_ignore_ascii_case("default") => Ok(()),
        other => Err(format!("its value {other} is computed, not written")),
    }
}

fn allowed(name: &str, list: &[&str]) -> Result<(), String> {
    match list.contains(&name) {
        true => Ok(()),
        false => Err(format!(
            "{name} is not a setting --read-only lets change (it lets {})",
            list.join(", ")
        )),
    }
}

#[cfg(test)]
#[path = "settings_tests.rs"]
mod tests;
