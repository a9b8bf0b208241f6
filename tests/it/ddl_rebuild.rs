//! `--schema ddl` rebuilds a rich database: applied with the engine's own client to a fresh,
//! empty database, it gives the same catalog (PostgreSQL: the same `pg_dump --schema-only`;
//! MariaDB and SQLite: the same `SHOW CREATE` / `sqlite_schema` text, read back through retort).

use std::process::{Command, Stdio};

use crate::harness::{Engine, fresh_database, mysql_socket_and_db, retort, scratch_dir};

const PG_FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/rich_postgres.sql"
);
const MY_FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rich_mysql.sql");
const SQLITE_FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/rich_sqlite.sql"
);

/// Runs a client with `script` on its stdin; panics with its stderr when it fails.
fn client(program: &str, args: &[&str], script: &str) -> String {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn ddl(url: &str) -> String {
    let (code, out, err) = retort(&[url, "--schema", "ddl"]);
    assert_eq!(code, 0, "{err}");
    out
}

fn pg_dump(url: &str) -> String {
    let out = Command::new("pg_dump")
        .args(["--schema-only", "--no-owner", url])
        .output()
        .expect("pg_dump (postgresql-client)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // (newer pg_dump versions fence their output with a random key)
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A fresh PostgreSQL database with the rich fixture loaded by psql.
fn rich_postgres() -> String {
    let url = fresh_database(Engine::Postgres);
    let fixture = std::fs::read_to_string(PG_FIXTURE).unwrap();
    client(
        "psql",
        &["-X", "-q", "-v", "ON_ERROR_STOP=1", &url],
        &fixture,
    );
    url
}

#[test]
fn postgres_ddl_rebuilds_partitions_enums_domains_functions_and_views() {
    let original = rich_postgres();
    let text = ddl(&original);
    let copy = fresh_database(Engine::Postgres);
    client("psql", &["-X", "-q", "-v", "ON_ERROR_STOP=1", &copy], &text);
    let (a, b) = (pg_dump(&original), pg_dump(&copy));
    assert!(
        a == b,
        "the rebuilt catalog differs:\n{}",
        first_difference(&a, &b)
    );
    // the dump reads the same from the copy
    assert_eq!(text, ddl(&copy));
    for what in [
        "CREATE EXTENSION IF NOT EXISTS citext",
        "PARTITION OF rental FOR VALUES FROM",
        "CREATE MATERIALIZED VIEW sales_by_rating",
        "ALTER SEQUENCE actor_actor_id_seq OWNED BY actor.actor_id",
        "CREATE TRIGGER film_last_updated",
        "ALTER TABLE customer FORCE ROW LEVEL SECURITY",
        "CREATE TYPE inventory.price_range AS RANGE (",
        "CREATE OPERATOR inventory.=~= (",
        "CREATE TEXT SEARCH DICTIONARY inventory.simple_keep (TEMPLATE = pg_catalog.simple",
        "ADD MAPPING FOR asciiword WITH inventory.simple_keep, simple;",
        "CREATE RULE \"keep languages\" AS",
        "CREATE AGGREGATE inventory.total_length(text) (",
        "CREATE CAST (mpaa_rating AS integer) WITH FUNCTION rating_rank(mpaa_rating) AS ASSIGNMENT",
        "CREATE POLICY \"clerk's rows\" ON customer AS RESTRICTIVE FOR UPDATE",
        "REVOKE EXECUTE ON FUNCTION next_invoice() FROM PUBLIC",
        "GRANT SELECT ON TABLE film TO \"Retort \"\"Clerk\"\"\" WITH GRANT OPTION",
        "GRANT INSERT(title) ON TABLE film TO \"Retort \"\"Clerk\"\"\" WITH GRANT OPTION",
        "CREATE AGGREGATE inventory.nth_value_of(integer ORDER BY text) (",
        "ALTER VIEW film_list ALTER COLUMN rating SET DEFAULT",
        "ALTER EVENT TRIGGER note_drops DISABLE;",
        "CREATE SERVER archive TYPE 'flat' VERSION '1' FOREIGN DATA WRAPPER \"Files\"",
        "CREATE FOREIGN TABLE inventory.archived_film (",
    ] {
        assert!(text.contains(what), "{what}:\n{text}");
    }
    // a user mapping's password is a secret: left out of the DDL, and said so
    client(
        "psql",
        &["-X", "-q", "-v", "ON_ERROR_STOP=1", &original],
        "do $$ begin create role retort_mapped; \
           exception when duplicate_object then null; end $$; \
         create user mapping for retort_mapped server archive \
           options (user 'u', password 'hunter2-secret')",
    );
    let text = ddl(&original);
    assert!(!text.contains("hunter2-secret"), "{text}");
    assert!(
        text.contains(
            "-- the password option of this user mapping is left out\n\
             CREATE USER MAPPING FOR retort_mapped SERVER archive OPTIONS (\"user\" 'u');"
        ),
        "{text}"
    );
}

fn first_difference(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n- {x}\n+ {y}", i + 1);
        }
    }
    format!("lengths {} and {}", a.lines().count(), b.lines().count())
}

#[test]
fn mariadb_ddl_rebuilds_cyclic_keys_routines_views_and_triggers() {
    let original = fresh_database(Engine::MySql);
    let (socket, db) = mysql_socket_and_db(&original);
    let fixture = std::fs::read_to_string(MY_FIXTURE).unwrap();
    let mariadb = |db: &str, script: &str| {
        client("mariadb", &["-uroot", "-S", &socket, db], script);
    };
    mariadb(&db, &fixture);
    let text = ddl(&original);
    let copy = fresh_database(Engine::MySql);
    mariadb(&mysql_socket_and_db(&copy).1, &text);
    let again = ddl(&copy);
    assert!(
        text == again,
        "the rebuilt schema differs:\n{}",
        first_difference(&text, &again)
    );
    // a view after the view it reads, though its name sorts first; routines before views
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s}:\n{text}"));
    assert!(at("VIEW `z_base`") < at("VIEW `a_top`"));
    assert!(at("FUNCTION `order_total`") < at("VIEW `m_uses_fn`"));
    assert!(!text.contains("DEFINER=`"), "{text}");
    // the procedure works in the copy
    let out = client(
        "mariadb",
        &["-uroot", "-S", &socket, &mysql_socket_and_db(&copy).1],
        "call mark_paid(1);",
    );
    assert!(out.contains("done; really"), "{out}");
    // made again under its own sql_mode, `||` still concatenates; the event is there
    let out = client(
        "mariadb",
        &["-uroot", "-S", &socket, &mysql_socket_and_db(&copy).1],
        "select greeting('you'); show events;",
    );
    assert!(out.contains("hi you"), "{out}");
    assert!(out.contains("nightly clean-up"), "{out}");
    assert!(text.contains("PIPES_AS_CONCAT"), "{text}");
}

#[test]
fn sqlite_ddl_rebuilds_full_text_tables_views_and_triggers() {
    let dir = scratch_dir().join("ddl-rebuild");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("original.db"), dir.join("copy.db"));
    let fixture = std::fs::read_to_string(SQLITE_FIXTURE).unwrap();
    client("sqlite3", &["-bail", a.to_str().unwrap()], &fixture);
    let url = |p: &std::path::Path| format!("sqlite:///{}", p.display());
    let text = ddl(&url(&a));
    client("sqlite3", &["-bail", b.to_str().unwrap()], &text);
    assert_eq!(text, ddl(&url(&b)));
    // the shadow tables of the full-text table come with it, not as tables of their own
    assert!(!text.contains("note_fts_data"), "{text}");
    let out = client(
        "sqlite3",
        &[b.to_str().unwrap()],
        "insert into note (title) values ('x'); select count(*) from note_fts;",
    );
    assert_eq!(out.trim(), "1");
}

#[test]
fn postgres_models_map_domains_to_base_types_enums_by_name_and_partitions_through_the_parent() {
    let original = rich_postgres();
    let (code, models, err) = retort(&[&original, "--schema", "models"]);
    assert_eq!(code, 0, "{err}");
    let dir = scratch_dir().join("rich-models");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("rich_models.py"), &models).unwrap();
    let script = format!(
        "import sys; sys.path.insert(0, {dir:?})\n\
         import sqlalchemy as sa\n\
         from sqlalchemy.dialects import postgresql\n\
         from sqlalchemy.orm import configure_mappers\n\
         import rich_models as m\n\
         configure_mappers()\n\
         t = m.Base.metadata.tables\n\
         assert 'rental' in t and 'rental_2024' not in t and 'rental_default' not in t, list(t)\n\
         assert 'sales_by_rating' not in t and 'film_list' not in t, list(t)\n\
         f = t['film'].c\n\
         assert isinstance(f.rental_rate.type, sa.Numeric), f.rental_rate.type\n\
         assert (f.rental_rate.type.precision, f.rental_rate.type.scale) == (8, 2)\n\
         assert isinstance(f.release_year.type, sa.Integer), f.release_year.type\n\
         assert isinstance(f.rating.type, sa.Enum) and f.rating.type.name == 'mpaa_rating'\n\
         assert f.rating.type.enums == ['G', 'PG', 'PG-13', 'R', 'NC-17'], f.rating.type.enums\n\
         c = t['inventory.item'].c.condition.type\n\
         assert (c.name, c.schema) == ('condition', 'inventory'), (c.name, c.schema)\n\
         assert c.enums[-1] == 'it\\'s \"broken\"', c.enums\n\
         for table in t.values():\n\
         \x20   str(sa.schema.CreateTable(table).compile(dialect=postgresql.dialect()))\n\
         print('ok', len(t))\n",
        dir = dir.display().to_string(),
    );
    let out = Command::new("python3")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n--- module ---\n{models}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        models.contains("# Partitions, mapped by their partitioned table:"),
        "{models}"
    );
}
