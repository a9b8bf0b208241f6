//! The proof of a read on MySQL / MariaDB, over sqlparser's MySQL grammar: one SELECT (or
//! SHOW, DESCRIBE, EXPLAIN of one) with no INTO, no locking clause and no assignment, whose
//! every function is a built-in known to read (`mysql_functions.rs`). The server's own
//! reading of the text depends on its `sql_mode`, so the proof is made for the mode in force:
//! under ANSI_QUOTES a `"` quotes a name, under NO_BACKSLASH_ESCAPES a `\` escapes nothing,
//! and text whose meaning would change is refused rather than guessed. Comments the server
//! runs and sqlparser would skip (MariaDB's `/*M! … */`) are refused too.

use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, Expr, ObjectName, Query, SetExpr, Statement, TableFactor, Visit, Visitor,
};
use sqlparser::dialect::MySqlDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};

use super::mysql_functions::READ_FUNCTIONS;

/// What of the server's `sql_mode` changes how the text reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SqlMode {
    pub ansi_quotes: bool,
    pub no_backslash_escapes: bool,
    /// MariaDB's ORACLE mode (`seq.nextval`, PL/SQL forms): a grammar sqlparser does not have.
    pub oracle: bool,
}

impl SqlMode {
    /// From `@@sql_mode` (ANSI implies ANSI_QUOTES).
    pub fn parse(mode: &str) -> SqlMode {
        let has = |m: &str| mode.split(',').any(|x| x.trim().eq_ignore_ascii_case(m));
        SqlMode {
            ansi_quotes: has("ANSI_QUOTES") || has("ANSI"),
            no_backslash_escapes: has("NO_BACKSLASH_ESCAPES"),
            oracle: has("ORACLE"),
        }
    }
}

/// A relation the statement reads: its schema when written, and its name.
pub type Relation = (Option<String>, String);

/// Ok when `sql` is one plain read under `mode`, else why not.
pub fn prove(sql: &str, mode: SqlMode) -> Result<(), String> {
    prove_reading(sql, mode).map(|_| ())
}

/// As `prove`, with the relations it reads: a view among them runs its own query, which the
/// server's catalog gives and which is proven in turn (`mod.rs`).
pub fn prove_reading(sql: &str, mode: SqlMode) -> Result<Vec<Relation>, String> {
    let stmt = read_as_the_server(sql, mode)?;
    top_level(&stmt)?;
    let mut visitor = ReadVisitor::default();
    match stmt.visit(&mut visitor) {
        ControlFlow::Break(why) => Err(why),
        ControlFlow::Continue(()) => Ok(visitor.relations),
    }
}

/// The one statement of `sql` when sqlparser and the server, under `mode`, read the text
/// alike; else why they might not.
pub(super) fn read_as_the_server(sql: &str, mode: SqlMode) -> Result<Statement, String> {
    if mode.oracle {
        return Err(
            "the server's sql_mode is ORACLE, a grammar retort's parser does not have \
             (seq.nextval reads as a column there): retort does not prove text under it"
                .into(),
        );
    }
    // sqlparser reads any Unicode space as a space (so `--` then U+00A0 starts a comment);
    // the server reads such a character as part of a name: the two would see other code
    if let Some(c) = sql.chars().find(|c| c.is_whitespace() && !c.is_ascii()) {
        return Err(format!(
            "it has the character U+{:04X}, a space to retort's parser but part of a name to \
             the server: retort does not prove such text",
            c as u32
        ));
    }
    if mode.ansi_quotes && sql.contains('"') {
        return Err(
            "the server's sql_mode has ANSI_QUOTES, under which \" quotes a name: \
                    retort does not prove such text (use ` for names, ' for strings)"
                .into(),
        );
    }
    if mode.no_backslash_escapes && sql.contains('\\') {
        return Err(
            "the server's sql_mode has NO_BACKSLASH_ESCAPES, under which \\ escapes \
             nothing: retort does not prove text with a backslash"
                .into(),
        );
    }
    parse_one(sql)
}

/// The one statement of `sql` as sqlparser's MySQL grammar reads it, when the server would
/// read the same (the checks on the text above, then the comments it may run).
pub(super) fn parse_one(sql: &str) -> Result<Statement, String> {
    refuse_hidden_code(sql)?;
    let mut stmts = Parser::parse_sql(&MySqlDialect {}, sql)
        .map_err(|e| format!("the MySQL grammar does not accept it ({e})"))?;
    match stmts.len() {
        1 => Ok(stmts.remove(0)),
        0 => Err("it is not a statement".into()),
        _ => Err("it holds more than one statement".into()),
    }
}

/// A comment the server runs (`/*M!…*/`, MariaDB's executable comment, which sqlparser
/// reads as a comment; `/*!…*/` it reads as code, as MySQL does) or one that nests, which
/// MySQL does not do.
fn refuse_hidden_code(sql: &str) -> Result<(), String> {
    let tokens = Tokenizer::new(&MySqlDialect {}, sql)
        .tokenize()
        .map_err(|e| format!("the MySQL grammar does not accept it ({e})"))?;
    for t in &tokens {
        if let Token::Whitespace(Whitespace::MultiLineComment(c)) = t {
            let body = c.trim_start();
            if body.starts_with("M!") || body.starts_with('!') || c.contains("/*") {
                return Err("it has a comment the server may run as code (/*M! … */)".into());
            }
        }
    }
    Ok(())
}

fn top_level(stmt: &Statement) -> Result<(), String> {
    match stmt {
        Statement::Query(_)
        | Statement::ExplainTable { .. }
        | Statement::ShowVariables { .. }
        | Statement::ShowStatus { .. }
        | Statement::ShowTables { .. }
        | Statement::ShowColumns { .. }
        | Statement::ShowCreate { .. }
        | Statement::ShowDatabases { .. }
        | Statement::ShowSchemas { .. }
        | Statement::ShowCollation { .. }
        | Statement::ShowFunctions { .. }
        | Statement::ShowVariable { .. } => Ok(()),
        Statement::Explain { statement, .. } => match statement.as_ref() {
            Statement::Query(_) => Ok(()),
            other => Err(format!("it explains {}, which is not a read", kind(other))),
        },
        other => Err(format!("{} is not a read", kind(other))),
    }
}

/// The statement's first word, for messages.
fn kind(stmt: &Statement) -> String {
    stmt.to_string()
        .split_whitespace()
        .next()
        .unwrap_or("it")
        .to_uppercase()
}

#[derive(Default)]
struct ReadVisitor {
    relations: Vec<Relation>,
}

impl Visitor for ReadVisitor {
    type Break = String;

    fn pre_visit_relation(&mut self, name: &ObjectName) -> ControlFlow<String> {
        let parts: Option<Vec<String>> = name
            .0
            .iter()
            .map(|p| p.as_ident().map(|i| i.value.clone()))
            .collect();
        match parts.as_deref() {
            Some([table]) => self.relations.push((None, table.clone())),
            Some([schema, table]) => self.relations.push((Some(schema.clone()), table.clone())),
            _ => {
                return ControlFlow::Break(format!(
                    "it reads {name}, a name retort cannot resolve"
                ));
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_statement(&mut self, stmt: &Statement) -> ControlFlow<String> {
        match stmt {
            Statement::Query(_) | Statement::Explain { .. } => ControlFlow::Continue(()),
            other => top_level(other).map_or_else(ControlFlow::Break, ControlFlow::Continue),
        }
    }

    fn pre_visit_query(&mut self, q: &Query) -> ControlFlow<String> {
        if !q.locks.is_empty() {
            return ControlFlow::Break("it locks rows (FOR UPDATE / SHARE)".into());
        }
        set_expr(q.body.as_ref())
    }

    fn pre_visit_table_factor(&mut self, t: &TableFactor) -> ControlFlow<String> {
        match t {
            TableFactor::Table {
                name,
                args: Some(_),
                ..
            }
            | TableFactor::Function { name, .. } => function(name),
            _ => ControlFlow::Continue(()),
        }
    }

    fn pre_visit_expr(&mut self, e: &Expr) -> ControlFlow<String> {
        match e {
            Expr::Function(f) => function(&f.name),
            Expr::BinaryOp {
                op: BinaryOperator::Assignment,
                ..
            } => ControlFlow::Break("it assigns a variable (:=)".into()),
            _ => ControlFlow::Continue(()),
        }
    }
}

/// A query body: every arm of a set operation is looked at (`select … union select … into
/// @x` puts its INTO on the last arm).
fn set_expr(body: &SetExpr) -> ControlFlow<String> {
    match body {
        SetExpr::Select(s) if s.into.is_some() => {
            ControlFlow::Break("it writes its rows somewhere (SELECT … INTO)".into())
        }
        SetExpr::SetOperation { left, right, .. } => match set_expr(left) {
            ControlFlow::Continue(()) => set_expr(right),
            stop => stop,
        },
        SetExpr::Insert(_) | SetExpr::Update(_) | SetExpr::Delete(_) | SetExpr::Merge(_) => {
            ControlFlow::Break("it changes rows".into())
        }
        _ => ControlFlow::Continue(()),
    }
}

/// A function passes when it is a built-in known to read; a schema-qualified name is a
/// stored function, which may write.
fn function(name: &ObjectName) -> ControlFlow<String> {
    let parts: Vec<String> = name.0.iter().map(|p| p.to_string()).collect();
    let shown = parts.join(".");
    match parts.as_slice() {
        [one] if READ_FUNCTIONS.contains(&one.to_ascii_lowercase().trim_matches('`')) => {
            ControlFlow::Continue(())
        }
        _ => ControlFlow::Break(format!(
            "it calls {shown}(), which is not a built-in known to read"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: SqlMode = SqlMode {
        ansi_quotes: false,
        no_backslash_escapes: false,
        oracle: false,
    };

    #[test]
    fn plain_reads_pass() {
        for sql in [
            "select * from users where name = 'delete'",
            "select `into`, count(*), concat(a, \"b\") from t group by 1",
            "show tables",
            "show variables like 'sql_mode'",
            "describe users",
            "explain select * from t",
            "with x as (select 1) select * from x",
            "select /*! 1 + */ 2",
            "select 1 --1",
            "select * from t where json_extract(j, '$.a') = 1 order by id limit 2",
        ] {
            assert_eq!(prove(sql, DEFAULT), Ok(()), "{sql}");
        }
    }

    #[test]
    fn writes_and_tricks_are_refused() {
        for sql in [
            "select `get_lock`('x', 0)",
            "select GET_LOCK('x', 0)",
            "select /*! get_lock('x', 0), */ 1",
            "select 1 /*M! , get_lock('x', 0) */",
            "select 1 --get_lock('x',0)",
            "select * from t into outfile '/tmp/x'",
            "select a into @v from t",
            "select @v := 1",
            "select * from t for update",
            "select * from t lock in share mode",
            "select db.f(1)",
            "select sleep(1), release_lock('x')",
            // they advance a counter of the server's
            "select uuid_short()",
            "select sys_guid()",
            "select load_file('/etc/passwd')",
            "insert into t values (1)",
            "set session transaction read write",
            "start transaction read write",
            "select 1; delete from t",
            "select nextval(s)",
            "do get_lock('x', 0)",
            "select last_insert_id(5)",
            // found by a hostile test: INTO on a set operation's arm, `--` then U+00A0
            "select @x; select 'a' from dual where false union select 'pwned' into @x",
            "select 'a' from dual where false union select 'pwned' into @x",
            "select 1 union (select 2 union select 3 into @x)",
            "select t.a --\u{a0} from (select 1 as a) t; insert into t values (1)",
            "select t.a --\u{a0}, get_lock('x', 0)\nfrom (select 1 as a) t",
            "select 1 as a\u{2003}from t",
        ] {
            assert!(prove(sql, DEFAULT).is_err(), "{sql} proven a read");
        }
    }

    #[test]
    fn the_sql_mode_decides_how_quotes_and_backslashes_read() {
        let ansi = SqlMode::parse("STRICT_TRANS_TABLES,ANSI_QUOTES");
        assert!(ansi.ansi_quotes);
        let hostile = "select 1 as \"\\\", '\\' -- \" ' , get_lock(0x78,0) -- '";
        assert!(prove(hostile, ansi).is_err());
        let nbe = SqlMode::parse("NO_BACKSLASH_ESCAPES");
        assert!(prove("select 'a\\', get_lock('x', 0) -- '", nbe).is_err());
        assert!(SqlMode::parse("ANSI").ansi_quotes);
        let oracle = SqlMode::parse("PIPES_AS_CONCAT,ORACLE");
        assert!(prove("select s.nextval from dual", oracle).is_err());
        assert!(prove("select 1", oracle).is_err());
    }
}
