//! retort's own statements on the session connection cannot be taken over through the user's
//! search_path: with `set search_path = evil, pg_catalog, public`, a schema `evil` whose
//! functions, domains and operators shadow pg_catalog's (each one notes in `hits` that it
//! ran) is never called by a flush, a commit or the workbench's own reads (PostgreSQL).

use retort::session::Session;
use retort::session::flush::CommitOutcome;

use crate::harness::{Engine, exec_ok, fresh_database};
use crate::session_fixture::{Fixture, read, run, target};
use crate::ui_session::{ctrl, run as run_in, settle_session};

const SEARCH_PATH: &str = "set search_path = evil, pg_catalog, public";

/// The schema `evil`: every shadow of a pg_catalog name retort uses notes its name in `hits`.
fn evil_ddl() -> String {
    let mut ddl = String::from(
        "create table public.hits (what pg_catalog.text);
         create schema evil;
         create function evil.hit(w pg_catalog.text) returns pg_catalog.bool language plpgsql
           as $$ begin insert into public.hits values (w); return true; end $$;
         create function evil.unnest(a anyarray) returns setof anyelement language plpgsql
           as $$ begin perform evil.hit('unnest'); return query select * from pg_catalog.unnest(a); end $$;
         create table evil.authors (id pg_catalog.int4, name pg_catalog.text);
         insert into evil.authors values (99, 'Evil Lem');",
    );
    for (name, returns, value) in [
        ("txid_current_if_assigned", "int8", "null"),
        ("pg_backend_pid", "int4", "0"),
        ("current_schema", "name", "'evil'"),
        ("now", "timestamptz", "null"),
    ] {
        ddl.push_str(&format!(
            "create function evil.{name}() returns pg_catalog.{returns} language plpgsql
               as $$ begin perform evil.hit('{name}'); return {value}; end $$;"
        ));
    }
    for ty in ["text", "date", "bpchar", "jsonb"] {
        ddl.push_str(&format!(
            "create domain evil.{ty} as pg_catalog.{ty} check (evil.hit('{ty}'));"
        ));
    }
    for ty in ["int4", "text", "date", "bpchar", "oid", "numeric"] {
        ddl.push_str(&format!(
            "create function evil.eq_{ty}(a pg_catalog.{ty}, b pg_catalog.{ty})
               returns pg_catalog.bool language plpgsql
               as $$ begin perform evil.hit('= {ty}'); return a operator(pg_catalog.=) b; end $$;
             create operator evil.= (leftarg = pg_catalog.{ty}, rightarg = pg_catalog.{ty},
               function = evil.eq_{ty});"
        ));
    }
    ddl
}

fn hits(url: &str) -> String {
    exec_ok(url, "select what from public.hits order by 1")
}

/// The number a one-number query answers.
fn number(url: &str, sql: &str) -> i64 {
    let out = exec_ok(url, sql);
    let n = out.lines().find_map(|l| l.trim().parse().ok());
    n.unwrap_or_else(|| panic!("{sql}: {out}"))
}

fn no_hits(url: &str, when: &str) {
    let n = number(url, "select count(*) from public.hits");
    assert_eq!(n, 0, "{when}: evil ran: {}", hits(url));
}

/// The trap is live: the user's own statement on that search_path runs evil's.
fn trap_springs(url: &str) {
    let out = hits(url);
    assert!(out.contains("text") && out.contains("= int4"), "{out}");
}

#[test]
fn a_flush_and_a_commit_call_only_pg_catalog() {
    run(async {
        let ddl = format!(
            "{}
             create table items (id integer primary key, name text not null, day date,
               code char(3), meta jsonb, price numeric(6,2));
             insert into items values (1, 'a', '2024-01-01', 'aaa', '{{}}', 1), (2, 'b', null, 'bbb', null, 2),
               (3, 'c', '2024-01-03', 'ccc', '[1]', 3), (4, 'd', null, 'ddd', null, 4),
               (5, 'e', null, 'eee', null, 5), (6, 'f', null, 'fff', null, 6);
             create table tags (name text primary key);",
            evil_ddl()
        );
        let fx = Fixture::new(Engine::Postgres, &ddl).await;
        read(&fx.conn, SEARCH_PATH).await;
        let (src, rows) = fx.rows("items").await;
        no_hits(&fx.url, "reading the rows");
        let mut s = Session::new();
        let items = fx.table("items");
        let set = |s: &mut Session, i: usize, col: &str, v: &str| {
            let v = fx.value("items", col, v);
            s.set(items, fx.engine, &target(&src, &rows, i), col, v)
                .unwrap();
        };
        // two of one shape (a batch), and others alone
        set(&mut s, 0, "name", "a2");
        set(&mut s, 1, "name", "b2");
        set(&mut s, 2, "day", "2024-02-03");
        set(&mut s, 3, "code", "xyz");
        set(&mut s, 3, "price", "9.5");
        s.delete(items, &target(&src, &rows, 4)).unwrap();
        s.delete(items, &target(&src, &rows, 5)).unwrap();
        for (id, name) in [("7", "g"), ("8", "h")] {
            let row = [
                ("id", id),
                ("name", name),
                ("day", "2024-03-01"),
                ("meta", "{}"),
            ];
            let values = row
                .iter()
                .map(|(c, v)| (c.to_string(), fx.value("items", c, v)));
            s.insert(items, values.collect()).unwrap();
        }
        // rows of one column: one array, unnested alone
        for tag in ["x", "y"] {
            let values = vec![("name".to_string(), fx.value("tags", "name", tag))];
            s.insert(fx.table("tags"), values).unwrap();
        }
        let outcome = fx.commit(&s).await;
        assert!(
            matches!(outcome, CommitOutcome::Committed(_)),
            "{outcome:?}"
        );
        let out = fx.text("select id, name, day, code, price from items order by id");
        for want in ["a2", "b2", "2024-02-03", "xyz", "9.50"] {
            assert!(out.contains(want), "{want}: {out}");
        }
        let ids = "select pg_catalog.string_agg(id::text, ',' order by id) from items";
        assert!(fx.text(ids).contains("1,2,3,4,7,8"), "{}", fx.text(ids));
        assert!(fx.text("select count(*) from tags").contains('2'));
        no_hits(&fx.url, "a flush and a commit");
        read(&fx.conn, "select 'x'::text where 1 = 1").await;
        trap_springs(&fx.url);
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn the_workbench_stages_and_commits_past_a_hostile_search_path() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        &format!(
            "{}
             create table authors (id integer primary key, name text not null);
             create table books (id integer primary key, author_id integer not null
               references authors (id), title text not null, price numeric(8,2));
             insert into authors values (1, 'Le Guin'), (2, 'Lem');
             insert into books values (1, 1, 'The Dispossessed', 9.99), (2, 2, 'Solaris', 12.50);",
            evil_ddl()
        ),
    );
    let (mut wb, mut rx) = crate::ui_support::open_url(&url).await;
    run_in(&mut wb, &mut rx, SEARCH_PATH).await;
    run_in(
        &mut wb,
        &mut rx,
        "select id, title, price from books order by id",
    )
    .await;
    no_hits(&url, "a read in the grid");
    // the picker lists public.authors, not evil's
    crate::ui_session_engines::stage_books_journey(&mut wb, &mut rx).await;
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
    let out = exec_ok(
        &url,
        "select id, author_id, title, price from books order by id",
    );
    assert!(out.contains("10.05") && !out.contains("Solaris"), "{out}");
    assert!(out.contains("The Cyberiad"), "{out}");
    let author = "select a.name from books b join authors a on a.id = b.author_id where b.id = 3";
    assert!(exec_ok(&url, author).contains("Lem"), "the picked author");
    no_hits(&url, "the workbench's staging and commit");
    run_in(&mut wb, &mut rx, "select 'x'::text where 1 = 1").await;
    trap_springs(&url);
}
