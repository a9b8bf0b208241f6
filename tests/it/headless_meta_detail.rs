//! psql's `\d` of an index and of a sequence, and what `+` adds (sizes, descriptions), on the
//! real servers.

use crate::harness::{Engine, exec_ok, fresh_database, retort};
use crate::headless_meta_bounds::{csv, database_of, has};

/// The answer in psql's table format; the command must succeed.
fn shown(url: &str, command: &str) -> String {
    let (code, out, err) = retort(&[url, "-e", command]);
    assert_eq!(code, 0, "{command}: {err}");
    out
}

/// The cells of the table-format row whose first cell is `first`.
fn row(out: &str, first: &str) -> Vec<String> {
    let cells = |l: &str| -> Vec<String> { l.split('|').map(|c| c.trim().to_string()).collect() };
    (out.lines().map(cells))
        .find(|c| c.len() > 1 && c[0] == first)
        .unwrap_or_else(|| panic!("no row {first} in {out}"))
}

#[test]
fn postgresql_describes_an_index_and_a_sequence_as_psql_does() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create table users (id serial primary key, name text unique, score int);\
         create index ix_scored on users (lower(name)) include (score) where score > 0;\
         create table tickets (id int generated always as identity)",
    );
    let pk = shown(&url, "\\d users_pkey");
    assert!(pk.starts_with("Index \"public.users_pkey\"\n"), "{pk}");
    assert_eq!(row(&pk, "id"), ["id", "integer", "yes", "id"]);
    assert!(
        pk.contains("\nprimary key, btree, for table \"public.users\"\n"),
        "{pk}"
    );
    let table = shown(&url, "\\d users");
    assert!(
        table.contains("\"users_name_key\" UNIQUE CONSTRAINT (name)"),
        "{table}"
    );
    let unique = shown(&url, "\\d users_name_key");
    assert!(
        unique.contains("\nunique, btree, for table \"public.users\"\n"),
        "{unique}"
    );
    let partial = shown(&url, "\\d ix_scored");
    assert_eq!(
        row(&partial, "lower"),
        ["lower", "text", "yes", "lower(name)"]
    );
    assert_eq!(row(&partial, "score"), ["score", "integer", "no", "score"]);
    assert!(
        partial.contains("btree, for table \"public.users\", predicate (score > 0)"),
        "{partial}"
    );
    let seq = shown(&url, "\\d users_id_seq");
    assert!(
        seq.starts_with("Sequence \"public.users_id_seq\"\n"),
        "{seq}"
    );
    assert_eq!(
        row(&seq, "integer"),
        ["integer", "1", "1", "2147483647", "1", "no", "1"]
    );
    assert!(seq.contains("\nOwned by: public.users.id\n"), "{seq}");
    let identity = shown(&url, "\\d tickets_id_seq");
    assert!(
        identity.contains("Sequence for identity column: public.tickets.id"),
        "{identity}"
    );
    // \d lists the sequences as psql's does; \dt none
    assert!(has(&csv(&url, "\\d"), "public,users_id_seq,sequence"));
    assert!(!csv(&url, "\\dt").iter().any(|l| l.contains("_seq")));
    let (code, _, err) = retort(&[&url, "-e", "\\d no_such_index"]);
    assert_eq!(code, 1, "{err}");
}

#[test]
fn mariadb_describes_an_index_and_a_sequence() {
    let url = fresh_database(Engine::MySql);
    let db = database_of(&url);
    exec_ok(
        &url,
        "create table users (id int primary key, email varchar(80) unique);\
         create table posts (id int primary key, user_id int not null);\
         create index ix_posts_user on posts (user_id);\
         create sequence seq_orders start with 100 increment by 5",
    );
    let ix = shown(&url, "\\d ix_posts_user");
    assert!(
        ix.starts_with(&format!("Index \"{db}.ix_posts_user\"\n")),
        "{ix}"
    );
    assert_eq!(
        row(&ix, "user_id"),
        ["user_id", "int(11)", "yes", "user_id"]
    );
    assert!(
        ix.contains(&format!("\nbtree, for table \"{db}.posts\"\n")),
        "{ix}"
    );
    let unique = shown(&url, "\\d email");
    assert!(
        unique.contains(&format!("unique, btree, for table \"{db}.users\"")),
        "{unique}"
    );
    let seq = shown(&url, "\\d seq_orders");
    assert!(
        seq.starts_with(&format!("Sequence \"{db}.seq_orders\"\n")),
        "{seq}"
    );
    assert_eq!(
        row(&seq, "bigint"),
        [
            "bigint",
            "100",
            "1",
            "9223372036854775806",
            "5",
            "no",
            "1000"
        ]
    );
    // reading its settings draws no value
    let next = csv(&url, "select nextval(seq_orders) as n");
    assert_eq!(next[1], "100", "{next:?}");
}

#[test]
fn sqlite_describes_an_index_its_expression_and_predicate() {
    let url = fresh_database(Engine::Sqlite);
    exec_ok(
        &url,
        "create table users (id integer primary key, name text unique, email text);\
         create index ix_mail on users (lower(email)) where id > 0",
    );
    let ix = shown(&url, "\\d ix_mail");
    assert!(ix.starts_with("Index \"main.ix_mail\"\n"), "{ix}");
    assert_eq!(row(&ix, "expr"), ["expr", "", "yes", "lower(email)"]);
    assert!(
        ix.contains("\nfor table \"main.users\", predicate (id > 0)\n"),
        "{ix}"
    );
    let unique = shown(&url, "\\d sqlite_autoindex_users_1");
    assert_eq!(row(&unique, "name"), ["name", "TEXT", "yes", "name"]);
    assert!(
        unique.contains("\nunique, for table \"main.users\"\n"),
        "{unique}"
    );
}

/// The cell under `header` in the CSV row starting `start` (no commas in these cells).
fn cell(lines: &[String], start: &str, header: &str) -> String {
    let at = (lines[0].split(',').position(|h| h == header)).expect(header);
    let line = lines.iter().find(|l| l.starts_with(start)).expect(start);
    line.split(',').nth(at).unwrap_or_default().to_string()
}

fn is_size(s: &str) -> bool {
    let (n, unit) = s.split_once(' ').unwrap_or_default();
    n.parse::<u64>().is_ok_and(|n| n > 0) && ["bytes", "kB", "MB"].contains(&unit)
}

#[test]
fn plus_adds_sizes_and_descriptions_on_postgresql() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create table users (id serial primary key, name text);\
         comment on table users is 'people who sign in';\
         comment on column users.name is 'shown to others';\
         comment on schema public is 'the usual place';\
         insert into users (name) select 'x' from generate_series(1, 500)",
    );
    assert_eq!(csv(&url, "\\dt")[0], "Schema,Name,Type,Rows (estimate)");
    let dt = csv(&url, "\\dt+");
    assert_eq!(dt[0], "Schema,Name,Type,Rows (estimate),Size,Description");
    assert_eq!(
        cell(&dt, "public,users,", "Description"),
        "people who sign in"
    );
    assert!(is_size(&cell(&dt, "public,users,", "Size")), "{dt:?}");
    let di = csv(&url, "\\di+");
    assert!(is_size(&cell(&di, "public,users_pkey,", "Size")), "{di:?}");
    let table = shown(&url, "\\d+ users");
    assert_eq!(row(&table, "name")[4], "shown to others");
    assert!(
        table.contains("\nDescription: people who sign in\n"),
        "{table}"
    );
    assert!(table.contains("\nSize: "), "{table}");
    assert!(has(&csv(&url, "\\dn+"), "public,the usual place"));
    let db = database_of(&url);
    let databases = csv(&url, "\\l+");
    assert!(is_size(&cell(&databases, &format!("{db},"), "Size")));
    // every database, the templates too, as psql's \l
    for template in ["template0,", "template1,"] {
        assert!(
            databases.iter().any(|l| l.starts_with(template)),
            "{databases:?}"
        );
    }
}

#[test]
fn plus_adds_sizes_and_comments_on_mariadb_and_sizes_on_sqlite() {
    let url = fresh_database(Engine::MySql);
    let db = database_of(&url);
    exec_ok(
        &url,
        "create table users (id int primary key, \
           name varchar(40) comment 'shown to others') comment 'people who sign in'",
    );
    let dt = csv(&url, "\\dt+");
    let users = format!("{db},users,");
    assert_eq!(cell(&dt, &users, "Description"), "people who sign in");
    assert!(is_size(&cell(&dt, &users, "Size")), "{dt:?}");
    let table = shown(&url, "\\d+ users");
    assert_eq!(row(&table, "name")[4], "shown to others");
    assert!(
        table.contains("\nDescription: people who sign in\n"),
        "{table}"
    );
    assert!(is_size(&cell(
        &csv(&url, "\\l+"),
        &format!("{db},"),
        "Size"
    )));
    let url = fresh_database(Engine::Sqlite);
    exec_ok(
        &url,
        "create table users (id integer primary key, name text unique)",
    );
    let dt = csv(&url, "\\dt+");
    assert!(is_size(&cell(&dt, "main,users,", "Size")), "{dt:?}");
    let di = csv(&url, "\\di+");
    assert!(
        is_size(&cell(&di, "main,sqlite_autoindex_users_1,", "Size")),
        "{di:?}"
    );
    assert!(is_size(&cell(&csv(&url, "\\l+"), "main,", "Size")));
}

#[test]
fn help_says_what_plus_and_s_do() {
    let url = fresh_database(Engine::Sqlite);
    let help = shown(&url, "\\?");
    assert!(help.contains("\\dt[S+] [PATTERN]"), "{help}");
    assert!(help.contains("more: sizes and descriptions"), "{help}");
    assert!(help.contains("the system's objects too"), "{help}");
}
