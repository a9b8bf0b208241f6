//! The same engine behaviour on PostgreSQL, MariaDB and SQLite: typed values, errors, streaming.

use crate::harness::{ALL, Engine, exec_ok, fresh_database, retort};

/// A table holding every common type, per engine (where the engine has the type).
fn every_type_ddl(engine: Engine) -> &'static str {
    match engine {
        Engine::Postgres => {
            "create type mood as enum ('sad', 'happy');
             create table every_type (
               id int primary key, i16 smallint, i64 bigint, num numeric(30,10), f64 double precision,
               f32 real, b boolean, t text, t_null text, t_nulltext text, bytes bytea, d date,
               tm time, ts timestamp, uuid uuid, js jsonb,
               tstz timestamptz, iv interval, ip inet, net cidr, cash money, arr int[], m mood,
               nan double precision, inf double precision)"
        }
        Engine::MySql => {
            "create table every_type (
               id int primary key, i16 smallint, i64 bigint, num decimal(30,10), f64 double,
               f32 float, b boolean, t text, t_null text, t_nulltext text, bytes varbinary(10), d date,
               tm time, ts datetime, uuid uuid, js json,
               u64 bigint unsigned, y year, bits bit(5), s set('a','b','c'), e enum('sad','happy'))"
        }
        Engine::Sqlite => {
            "create table every_type (
               id integer primary key, i16 smallint, i64 bigint, num decimal(30,10), f64 double,
               f32 real, b boolean, t text, t_null text, t_nulltext text, bytes blob, d date,
               tm time, ts timestamp, uuid uuid, js json)"
        }
    }
}

fn every_type_insert(engine: Engine) -> &'static str {
    match engine {
        Engine::Postgres => {
            "insert into every_type values (1, -32768, 9223372036854775807,
               '12345678901234567890.1234567890', 0.1, 1.5, true, 'héllo wörld ✓ 日本', null, 'NULL',
               '\\x00ff10', '2024-02-29', '13:45:30', '2024-02-29 13:45:30',
               'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": [1, 2]}',
               '2024-02-29 13:45:30+00', '1 day 02:03:04', '192.168.0.1', '10.0.0.0/8', 12.5,
               '{1,2,3}', 'happy', 'NaN', '-Infinity')"
        }
        Engine::MySql => {
            "insert into every_type values (1, -32768, 9223372036854775807,
               '12345678901234567890.1234567890', 0.1, 1.5, true, 'héllo wörld ✓ 日本', null, 'NULL',
               x'00ff10', '2024-02-29', '13:45:30', '2024-02-29 13:45:30',
               'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": [1, 2]}',
               18446744073709551615, 2024, b'10101', 'a,c', 'happy')"
        }
        Engine::Sqlite => {
            "insert into every_type values (1, -32768, 9223372036854775807,
               '12345678901234567890.1234567890', 0.1, 1.5, 1, 'héllo wörld ✓ 日本', null, 'NULL',
               x'00ff10', '2024-02-29', '13:45:30', '2024-02-29 13:45:30',
               'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": [1, 2]}')"
        }
    }
}

/// The values every engine must print the same way, as CSV fields.
const SHARED_CSV: &[(&str, &str)] = &[
    ("id", "1"),
    ("i16", "-32768"),
    ("i64", "9223372036854775807"),
    ("num", "12345678901234567890.1234567890"),
    ("f64", "0.1"),
    ("f32", "1.5"),
    ("b", "true"),
    ("t", "héllo wörld ✓ 日本"),
    ("t_null", ""),
    ("t_nulltext", "NULL"),
    ("bytes", "\\x00ff10"),
    ("d", "2024-02-29"),
    ("tm", "13:45:30"),
    ("ts", "2024-02-29 13:45:30"),
    ("uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
];

fn csv_row(out: &str) -> Vec<(String, String)> {
    let mut lines = out.lines();
    let header: Vec<String> = lines
        .next()
        .expect("header")
        .split(',')
        .map(str::to_string)
        .collect();
    let values = parse_csv_line(lines.next().expect("row"));
    header.into_iter().zip(values).collect()
}

/// Just enough CSV for these values: quoted fields with doubled quotes.
fn parse_csv_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn every_type_db(engine: Engine) -> String {
    let url = fresh_database(engine);
    exec_ok(&url, every_type_ddl(engine));
    exec_ok(&url, every_type_insert(engine));
    url
}

#[test]
fn every_type_prints_the_same_csv_on_all_engines() {
    for engine in ALL {
        let url = every_type_db(engine);
        let (code, out, err) = retort(&[&url, "-e", "select * from every_type", "--format", "csv"]);
        assert_eq!(code, 0, "{engine:?}: {err}");
        let row = csv_row(&out);
        for (col, want) in SHARED_CSV {
            if *col == "num" && engine == Engine::Sqlite {
                continue; // SQLite has no exact numerics: DECIMAL affinity stores a REAL
            }
            let got = row.iter().find(|(c, _)| c == col).map(|(_, v)| v.as_str());
            assert_eq!(got, Some(*want), "{engine:?} column {col}: {out}");
        }
        // NULL is an empty field, the empty string a quoted one
        assert!(
            out.contains(",,NULL,"),
            "{engine:?}: NULL then 'NULL': {out}"
        );
    }
}

#[test]
fn every_type_is_typed_in_json_on_all_engines() {
    for engine in ALL {
        let url = every_type_db(engine);
        let (code, out, err) =
            retort(&[&url, "-e", "select * from every_type", "--format", "json"]);
        assert_eq!(code, 0, "{engine:?}: {err}");
        let v: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{engine:?}: {e}: {out}"));
        let row = &v[0];
        assert_eq!(
            row["i64"],
            serde_json::json!(9223372036854775807i64),
            "{engine:?}"
        );
        assert_eq!(row["i16"], serde_json::json!(-32768), "{engine:?}");
        if engine != Engine::Sqlite {
            assert_eq!(
                row["num"], "12345678901234567890.1234567890",
                "{engine:?}: exact numerics as strings"
            );
        }
        assert_eq!(row["f64"], serde_json::json!(0.1), "{engine:?}");
        assert_eq!(row["b"], serde_json::json!(true), "{engine:?}");
        assert!(row["t_null"].is_null(), "{engine:?}");
        assert_eq!(row["t_nulltext"], "NULL", "{engine:?}");
        assert_eq!(row["bytes"], "\\x00ff10", "{engine:?}");
        assert_eq!(row["t"], "héllo wörld ✓ 日本", "{engine:?}");
        if engine != Engine::MySql {
            // MariaDB reports JSON columns as LONGTEXT, so there the value stays a string
            assert_eq!(row["js"], serde_json::json!({"a": [1, 2]}), "{engine:?}");
        }
    }
}

#[test]
fn postgres_specific_types_keep_their_meaning() {
    let url = every_type_db(Engine::Postgres);
    let out = exec_ok(
        &url,
        "set time zone 'UTC'; select tstz, iv, ip, net, arr, m, nan, inf, cash from every_type",
    );
    for want in [
        "2024-02-29 13:45:30+00",
        "1 day 02:03:04",
        "192.168.0.1",
        "10.0.0.0/8",
        "{1,2,3}",
        "happy",
        "NaN",
        "-Infinity",
        "$12.50",
    ] {
        assert!(out.contains(want), "missing {want}: {out}");
    }
    let (_, json, _) = retort(&[
        &url,
        "-e",
        "select nan, inf, arr from every_type",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["nan"], "NaN");
    assert_eq!(v[0]["inf"], "-Infinity");
}

#[test]
fn mysql_specific_types_keep_their_meaning() {
    let url = every_type_db(Engine::MySql);
    let (code, out, err) = retort(&[
        &url,
        "-e",
        "select u64, y, bits, s, e from every_type",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["u64"], serde_json::json!(18446744073709551615u64));
    assert_eq!(v[0]["y"], serde_json::json!(2024));
    assert_eq!(v[0]["bits"], "10101");
    assert_eq!(v[0]["s"], "a,c");
    assert_eq!(v[0]["e"], "happy");
}

#[test]
fn statement_errors_give_message_code_position_and_status_1() {
    for engine in ALL {
        let url = fresh_database(engine);
        let (code, out, err) = retort(&[&url, "-e", "select 1; select * from no_such_table"]);
        assert_eq!(code, 1, "{engine:?}: {err}");
        assert!(
            out.contains('1'),
            "{engine:?}: the first statement's result is printed: {out}"
        );
        assert!(err.contains("no_such_table"), "{engine:?}: {err}");
        assert!(err.starts_with("ERROR:"), "{engine:?}: {err}");
        let (_, _, syntax) = retort(&[&url, "-e", "select 1 frm x"]);
        assert!(
            syntax.contains('['),
            "{engine:?}: an error code is shown: {syntax}"
        );
        // MySQL says it in words ("near 'frm x' at line 1"), which retort turns into a position
        assert!(
            syntax.contains("LINE 1: select 1 frm x"),
            "{engine:?}: {syntax}"
        );
        let caret = syntax
            .lines()
            .find(|l| l.trim_end().ends_with('^'))
            .unwrap_or_default();
        let column = caret.len() - "LINE 1: ".len();
        // each engine blames its own token ("frm" or "x"), always inside the statement
        let statement = "select 1 frm x";
        assert!(
            (1..=statement.len()).contains(&column),
            "{engine:?}: {syntax}"
        );
        assert_ne!(
            statement.as_bytes()[column - 1],
            b' ',
            "{engine:?}: the caret is on a token: {syntax}"
        );
        if engine == Engine::MySql {
            assert_eq!(
                column, 14,
                "MariaDB's \"near 'x' at line 1\" points at x: {syntax}"
            );
        }
    }
}

#[test]
fn empty_results_still_print_their_columns() {
    for engine in ALL {
        let url = fresh_database(engine);
        exec_ok(&url, "create table t (id int, name varchar(10))");
        let (code, out, err) = retort(&[&url, "-e", "select id, name from t", "--format", "csv"]);
        assert_eq!(code, 0, "{engine:?}: {err}");
        assert_eq!(out, "id,name\n", "{engine:?}");
        let (_, json, _) = retort(&[&url, "-e", "select id, name from t", "--format", "json"]);
        assert_eq!(json.trim(), "[]", "{engine:?}");
    }
}

#[test]
fn many_rows_stream_in_batches_through_the_connection() {
    use retort::engine::{ConnectOptions, Connection, DatabaseUrl, EchoLog, QueryEvent};
    let rt = tokio::runtime::Runtime::new().unwrap();
    for engine in ALL {
        let url = fresh_database(engine);
        let sql = match engine {
            Engine::Postgres => "select g, repeat('x', 20) from generate_series(1, 20000) g",
            Engine::MySql => {
                "with recursive s(g) as (select 1 union all select g + 1 from s where g < 20000) select g, repeat('x', 20) from s"
            }
            Engine::Sqlite => {
                "with recursive s(g) as (select 1 union all select g + 1 from s where g < 20000) select g, 'xxxxxxxxxxxxxxxxxxxx' from s"
            }
        };
        rt.block_on(async {
            let echo = EchoLog::new();
            let conn = Connection::connect(
                &DatabaseUrl::parse(&url).unwrap(),
                &ConnectOptions::default(),
                echo.clone(),
            )
            .await
            .unwrap();
            if engine == Engine::MySql {
                let (tx, _rx) = tokio::sync::mpsc::channel(1);
                conn.execute("set session max_recursive_iterations = 100000", &tx)
                    .await
                    .unwrap();
            }
            let (tx, mut rx) = tokio::sync::mpsc::channel(4);
            let consume = async {
                let (mut batches, mut rows, mut last) = (0, 0, 0i64);
                while let Some(ev) = rx.recv().await {
                    if let QueryEvent::Rows(b) = ev {
                        batches += 1;
                        rows += b.len();
                        if let retort::engine::ValueRef::Int(n) = b.cell(b.len() - 1, 0) {
                            last = n;
                        }
                    }
                }
                (batches, rows, last)
            };
            let run = async {
                let r = conn.execute(sql, &tx).await;
                drop(tx);
                r
            };
            let (summary, (batches, rows, last)) = tokio::join!(run, consume);
            let summary = summary.unwrap_or_else(|e| panic!("{engine:?}: {e}"));
            assert_eq!(summary.rows_returned, 20000, "{engine:?}");
            assert_eq!(rows, 20000, "{engine:?}");
            assert_eq!(last, 20000, "{engine:?}");
            assert!(
                batches >= 10,
                "{engine:?}: rows arrive in batches, got {batches}"
            );
            let logged = echo.tail(10);
            assert!(
                logged.iter().any(|e| e.sql == sql && e.rows == Some(20000)),
                "{engine:?}: echo log"
            );
        });
    }
}

#[test]
fn chinook_reads_the_same_on_all_engines() {
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/chinook");
    assert!(
        fixtures.is_dir(),
        "the Chinook fixtures are expected at {}",
        fixtures.display()
    );
    let mut totals = Vec::new();
    for engine in ALL {
        let url = fresh_database(engine);
        let (file, invoice, total, customer, first) = match engine {
            Engine::Postgres => (
                "Chinook_PostgreSql.sql",
                "invoice",
                "total",
                "customer",
                "first_name",
            ),
            Engine::MySql => (
                "Chinook_MySql.sql",
                "Invoice",
                "Total",
                "Customer",
                "FirstName",
            ),
            Engine::Sqlite => (
                "Chinook_Sqlite.sql",
                "Invoice",
                "Total",
                "Customer",
                "FirstName",
            ),
        };
        let script = std::fs::read_to_string(fixtures.join(file)).unwrap();
        let script = strip_database_switching(&script);
        let path = crate::harness::scratch_dir().join(format!("{engine:?}-chinook.sql"));
        std::fs::write(&path, script).unwrap();
        let (code, _, err) = retort(&[&url, "-f", path.to_str().unwrap()]);
        assert_eq!(code, 0, "{engine:?} loading Chinook: {err}");
        let sql = format!(
            "select count(*) as n, sum({total}) as total from {invoice}; \
             select {first} as name from {customer} where {first} like 'Fran%' order by 1"
        );
        let (code, out, err) = retort(&[&url, "-e", &sql, "--format", "csv"]);
        assert_eq!(code, 0, "{engine:?}: {err}");
        assert!(out.contains("412,2328.6"), "{engine:?}: {out}");
        assert!(
            out.contains("François"),
            "{engine:?}: accents survive: {out}"
        );
        let mut lines: Vec<&str> = out.lines().collect();
        lines.sort();
        totals.push(lines.join("\n"));
    }
    assert_eq!(totals[0], totals[1], "PostgreSQL and MariaDB agree");
}

/// The Chinook scripts create and switch databases; the tests load them into a fresh one.
pub(crate) fn strip_database_switching(script: &str) -> String {
    script
        .lines()
        .filter(|l| {
            let l = l.trim_start().to_ascii_lowercase();
            !(l.starts_with("drop database")
                || l.starts_with("create database")
                || l.starts_with("use ")
                || l.starts_with("\\c"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}
