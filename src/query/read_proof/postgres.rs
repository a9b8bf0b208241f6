//! The proof of a read on PostgreSQL, over the server's own grammar (libpg_query, the
//! server's parser as a library): the text is parsed as the server parses it (quoted and
//! `U&"…"` names normalised, every string and dollar tag read as the server reads it), and
//! the tree is let through only when every node is of a kind known to read. The functions and
//! operators it calls are handed on to the catalog check (`pg_catalog.rs`): the tree alone
//! cannot tell whether a function writes.

use serde_json::Value as Json;

/// A function or operator the statement calls: its schema when written, and its name as the
/// server reads it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Callee {
    pub schema: Option<String>,
    pub name: String,
}

/// What the catalog must still vouch for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Calls {
    pub functions: Vec<Callee>,
    pub operators: Vec<Callee>,
    /// Relations read (a view runs its query; a policy its expression).
    pub relations: Vec<Callee>,
    /// The last name of `a.b` column references: `row.f` calls a function `f(row)`.
    pub column_functions: Vec<String>,
}

/// Operators a statement may use without naming them: IN, CASE, BETWEEN, NULLIF, ORDER BY,
/// GROUP BY, DISTINCT and joins compare with these.
pub const IMPLICIT_OPERATORS: &[&str] = &["=", "<>", "<", "<=", ">", ">="];

/// Node kinds a plain read is made of. Anything else (a write, DDL, a utility statement, a
/// node kind this list does not know) is refused.
const READ_NODES: &[&str] = &[
    "SelectStmt",
    "ExplainStmt",
    "VariableShowStmt",
    "ResTarget",
    "ColumnRef",
    "AStar",
    "AConst",
    "String",
    "Integer",
    "Float",
    "Boolean",
    "BitString",
    "List",
    "FuncCall",
    "AExpr",
    "BoolExpr",
    "NullTest",
    "BooleanTest",
    "TypeCast",
    "TypeName",
    "RangeVar",
    "Alias",
    "JoinExpr",
    "RangeSubselect",
    "RangeFunction",
    "RangeTableSample",
    "RangeTableFunc",
    "RangeTableFuncCol",
    "SortBy",
    "WithClause",
    "CommonTableExpr",
    "SubLink",
    "CaseExpr",
    "CaseWhen",
    "CoalesceExpr",
    "MinMaxExpr",
    "NullIfExpr",
    "SqlvalueFunction",
    "AIndirection",
    "AIndices",
    "AArrayExpr",
    "RowExpr",
    "WindowDef",
    "GroupingSet",
    "GroupingFunc",
    "ParamRef",
    "CollateClause",
    "NamedArgExpr",
    "XmlExpr",
    "XmlSerialize",
    "DefElem",
    "JsonValueExpr",
    "JsonFormat",
    "JsonOutput",
    "JsonReturning",
    "JsonKeyValue",
    "JsonObjectConstructor",
    "JsonArrayConstructor",
    "JsonArrayQueryConstructor",
    "JsonAggConstructor",
    "JsonObjectAgg",
    "JsonArrayAgg",
    "JsonIsPredicate",
    "JsonParseExpr",
    "JsonScalarExpr",
    "JsonSerializeExpr",
    "JsonFuncExpr",
    "JsonTable",
    "JsonTableColumn",
    "JsonTablePathSpec",
    "JsonArgument",
    "JsonBehavior",
];

/// Functions that run SQL they are given as text, or read whole relations by name, whatever
/// the catalog says of their volatility (`query_to_xml('select dblink_exec(…)', …)`).
const SQL_TEXT_FUNCTIONS: &[&str] = &[
    "query_to_xml",
    "query_to_xmlschema",
    "query_to_xml_and_xmlschema",
    "cursor_to_xml",
    "cursor_to_xmlschema",
    "table_to_xml",
    "table_to_xmlschema",
    "table_to_xml_and_xmlschema",
    "schema_to_xml",
    "schema_to_xmlschema",
    "schema_to_xml_and_xmlschema",
    "database_to_xml",
    "database_to_xmlschema",
    "database_to_xml_and_xmlschema",
    "ts_stat",
    "txid_current",
    "txid_current_if_assigned",
    "pg_current_xact_id",
    "pg_current_xact_id_if_assigned",
];

/// Why a function may never run in a proven read whatever the catalog says, if so.
pub fn refused_by_name(name: &str) -> Option<String> {
    if name.starts_with("dblink") {
        return Some(format!(
            "it calls {name}(), which opens a connection of its own"
        ));
    }
    SQL_TEXT_FUNCTIONS
        .contains(&name)
        .then(|| format!("it calls {name}(), which runs SQL retort cannot see"))
}

/// Parses `sql` as the server does and walks its tree; Ok with the calls the catalog must
/// vouch for, else why it is not a read.
pub fn prove(sql: &str) -> Result<Calls, String> {
    let parsed = pg_query::parse(sql, 0).map_err(|e| {
        format!(
            "PostgreSQL's parser does not accept it ({})",
            parse_error(&e)
        )
    })?;
    let stmts = &parsed.protobuf.stmts;
    if stmts.len() != 1 {
        return Err(if stmts.is_empty() {
            "it is not a statement".into()
        } else {
            "it holds more than one statement".into()
        });
    }
    let tree = serde_json::to_value(&stmts[0])
        .map_err(|e| format!("its parse tree could not be read ({e})"))?;
    let top = tree
        .pointer("/stmt/node")
        .and_then(Json::as_object)
        .and_then(|o| o.keys().next())
        .cloned()
        .unwrap_or_default();
    if !matches!(
        top.as_str(),
        "SelectStmt" | "ExplainStmt" | "VariableShowStmt"
    ) {
        return Err(format!("{} is not a read", statement_name(&top)));
    }
    let mut calls = Calls::default();
    walk(&tree, &mut calls)?;
    for op in IMPLICIT_OPERATORS {
        calls.operators.push(Callee {
            schema: None,
            name: op.to_string(),
        });
    }
    for list in [
        &mut calls.functions,
        &mut calls.operators,
        &mut calls.relations,
    ] {
        list.sort();
        list.dedup();
    }
    calls.column_functions.sort();
    calls.column_functions.dedup();
    Ok(calls)
}

fn parse_error(e: &pg_query::Error) -> String {
    match e {
        pg_query::Error::Parse(m) => m.clone(),
        other => other.to_string(),
    }
}

/// `InsertStmt` → `INSERT`, for the message.
fn statement_name(kind: &str) -> String {
    let bare = kind.strip_suffix("Stmt").unwrap_or(kind);
    if bare.is_empty() {
        "it".into()
    } else {
        bare.to_uppercase()
    }
}

/// Every object of the tree. A `Node` is `{"node": {"Kind": {…}}}`: the key inside `node`
/// names its kind; the rest are fields (and the one-ofs of constants, `Ival`, `Sval`…).
fn walk(v: &Json, calls: &mut Calls) -> Result<(), String> {
    match v {
        Json::Array(items) => items.iter().try_for_each(|i| walk(i, calls)),
        Json::Object(fields) => {
            refuse_fields(fields)?;
            for (key, value) in fields {
                if key == "node"
                    && let Some(kinds) = value.as_object()
                {
                    // (a field may be named `node` too: `SortBy.node` holds a Node)
                    for (kind, body) in kinds {
                        if kind.starts_with(|c: char| c.is_ascii_uppercase()) {
                            node(kind, body, calls)?;
                        }
                    }
                }
                walk(value, calls)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Fields that make a SELECT write or lock, on whatever node (a set operation's arms are
/// plain fields, not nodes).
fn refuse_fields(fields: &serde_json::Map<String, Json>) -> Result<(), String> {
    if fields.get("into_clause").is_some_and(|c| !c.is_null()) {
        return Err("it writes its rows into a table (SELECT … INTO)".into());
    }
    if fields
        .get("locking_clause")
        .and_then(Json::as_array)
        .is_some_and(|l| !l.is_empty())
    {
        return Err("it locks rows (FOR UPDATE / SHARE)".into());
    }
    Ok(())
}

fn node(kind: &str, body: &Json, calls: &mut Calls) -> Result<(), String> {
    if !READ_NODES.contains(&kind) {
        return Err(format!(
            "it contains {} (retort lets through only what is known to read)",
            statement_name(kind)
        ));
    }
    match kind {
        "FuncCall" => {
            let callee = callee(body.get("funcname"))
                .ok_or("it calls a function whose name cannot be read")?;
            if let Some(why) = refused_by_name(&callee.name) {
                return Err(why);
            }
            calls.functions.push(callee);
        }
        "AExpr" => {
            if let Some(op) = callee(body.get("name"))
                && op.name.chars().all(|c| "+-*/<>=~!@#%^&|`?".contains(c))
            {
                calls.operators.push(op);
            }
        }
        // `x op any (select …)` names its operator here, not in an AExpr
        "SubLink" => {
            if let Some(op) = callee(body.get("oper_name")) {
                calls.operators.push(op);
            }
        }
        // a cast's function and a domain's CHECK are vouched for database-wide
        // (`pg_implicit.rs`): an implicit cast or coercion names no type either
        "TypeCast" => {
            callee(body.pointer("/type_name/names"))
                .ok_or("it casts to a type whose name cannot be read")?;
        }
        "RangeVar" => {
            let name = |k: &str| body.get(k).and_then(Json::as_str).unwrap_or_default();
            calls.relations.push(Callee {
                schema: Some(name("schemaname").to_string()).filter(|s| !s.is_empty()),
                name: name("relname").to_string(),
            });
        }
        "ColumnRef" => {
            let fields = body.get("fields").and_then(Json::as_array);
            if let Some(fields) = fields.filter(|f| f.len() >= 2)
                && let Some(last) = fields
                    .last()
                    .and_then(|n| n.pointer("/node/String/sval"))
                    .and_then(Json::as_str)
            {
                calls.column_functions.push(last.to_string());
            }
        }
        _ => {}
    }
    Ok(())
}

/// A name list of `String` nodes (`[schema, name]` or `[name]`) as a callee.
fn callee(names: Option<&Json>) -> Option<Callee> {
    let parts: Vec<String> = names?
        .as_array()?
        .iter()
        .map(|n| n.pointer("/node/String/sval").and_then(Json::as_str))
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .map(str::to_string)
        .collect();
    match parts.as_slice() {
        [name] => Some(Callee {
            schema: None,
            name: name.clone(),
        }),
        [schema, name] => Some(Callee {
            schema: Some(schema.clone()),
            name: name.clone(),
        }),
        // database.schema.name: the server refuses a database other than its own
        [_, schema, name] => Some(Callee {
            schema: Some(schema.clone()),
            name: name.clone(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(c: &[Callee]) -> Vec<String> {
        c.iter()
            .map(|c| match &c.schema {
                Some(s) => format!("{s}.{}", c.name),
                None => c.name.clone(),
            })
            .collect()
    }

    #[test]
    fn plain_reads_pass_with_their_calls() {
        let c = prove("select lower(name), count(*) from users where id > 2 group by 1").unwrap();
        assert_eq!(names(&c.functions), ["count", "lower"]);
        // the comparison operators are always asked for: IN, ORDER BY, joins use them unnamed
        assert_eq!(names(&c.operators), ["<", "<=", "<>", "=", ">", ">="]);
        for sql in [
            "with x as (select 1 as a) select * from x union all select 2",
            "values (1), (2)",
            "table users",
            "show search_path",
            "explain select * from users",
            "explain analyze select 1",
            "select * from generate_series(1, 3) g(i) order by i desc limit 2",
            "select case when 1 = 1 then 'a' else 'b' end, coalesce(null, 1)",
            "select '{\"a\": 1}'::jsonb -> 'a', now()::date, current_user",
            "select count(*) filter (where true) over (partition by 1) from users",
        ] {
            assert!(prove(sql).is_ok(), "{sql}: {:?}", prove(sql));
        }
    }

    #[test]
    fn names_are_normalised_as_the_server_reads_them() {
        for sql in [
            "select \"dblink_exec\"('c', 'insert into t values (1)')",
            "select U&\"dblink\\005fexec\"('c', 'x')",
            "select public.DBLINK_EXEC('c', 'x')",
            "select $€$ ' $€$, dblink_exec('c', 'insert') -- '",
        ] {
            let e = prove(sql).unwrap_err();
            assert!(e.contains("dblink_exec"), "{sql}: {e}");
        }
        let c = prove("select \"Pg_Sleep\"(1), pg_catalog.pg_sleep(1)").unwrap();
        assert_eq!(names(&c.functions), ["Pg_Sleep", "pg_catalog.pg_sleep"]);
    }

    #[test]
    fn implicit_calls_are_collected_for_the_catalog() {
        let c = prove(
            "select 1::atk_wrap, cast(2 as s.dom), r.f, 1 >>> any (select 1), \
             1 between 'a' and 'b' from s.v r join w using (id)",
        )
        .unwrap();
        assert_eq!(names(&c.relations), ["w", "s.v"]);
        assert_eq!(c.column_functions, ["f"]);
        let ops = names(&c.operators);
        for op in [">>>", "=", "<=", ">="] {
            assert!(ops.contains(&op.to_string()), "{op}: {ops:?}");
        }
    }

    #[test]
    fn writes_locks_and_unknown_shapes_are_refused() {
        for sql in [
            "insert into t values (1)",
            "with x as (delete from t returning *) select * from x",
            "select * into t2 from t",
            "select 1 union select * from t for update",
            "select * from t for key share",
            "explain analyze delete from t",
            "set role postgres",
            "begin",
            "copy t to stdout",
            "do $$ begin perform 1; end $$",
            "select 1; delete from t",
            "call p()",
            "select query_to_xml('select 1', true, true, '')",
            "select * from ts_stat('select v from t')",
            "select 'unterminated",
            "",
        ] {
            assert!(prove(sql).is_err(), "{sql} proven a read");
        }
    }
}
