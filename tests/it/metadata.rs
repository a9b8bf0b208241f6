//! Reflection of a rich fixture schema on all three engines, DDL, and SQLAlchemy models that
//! SQLAlchemy itself accepts and that reflect back to the same tables and keys.

use serde_json::Value;

use crate::harness::{ALL, Engine, exec_ok, fresh_database, retort};

fn fixture(engine: Engine) -> &'static str {
    match engine {
        Engine::Postgres => {
            r#"create type "Mood" as enum ('sad', 'happy');
            create table users (id serial primary key, "UserName" varchar(40) not null unique, email text,
              "select" int, "naïve café" text, created timestamptz default now(), status "Mood");
            comment on table users is 'people who buy';
            comment on column users.email is 'where receipts go';
            create table orders (id bigint generated always as identity primary key,
              user_id int not null references users(id) on delete cascade,
              total numeric(10,2) check (total >= 0), note text,
              total_cents bigint generated always as ((total * 100)::bigint) stored);
            create table order_lines (order_id bigint not null references orders(id), line_no int not null,
              qty int not null default 1, primary key (order_id, line_no));
            create table shipments (id serial primary key, order_id bigint, line_no int,
              foreign key (order_id, line_no) references order_lines (order_id, line_no) on update cascade);
            create table categories (id int primary key, parent_id int references categories(id), name text not null);
            create index ix_orders_note_lower on orders (lower(note));
            create index ix_orders_big on orders (total) where total > 100;
            create view big_orders as select * from orders where total > 100;
            create table "Weird ""Name"" Table" (k int primary key, "from" text);
            create schema "Sales";
            create table "Sales".targets (id int primary key, user_id int references public.users(id));"#
        }
        Engine::MySql => {
            r#"create table users (id int auto_increment primary key, `UserName` varchar(40) not null unique,
              email text comment 'where receipts go', `select` int, `naïve café` text,
              created timestamp default current_timestamp, status enum('sad', 'happy')) comment = 'people who buy';
            create table orders (id bigint auto_increment primary key, user_id int not null,
              total decimal(10,2) check (total >= 0), note varchar(200),
              total_cents bigint as (total * 100) stored,
              foreign key (user_id) references users(id) on delete cascade, index ix_orders_total (total));
            create table order_lines (order_id bigint not null, line_no int not null, qty int not null default 1,
              primary key (order_id, line_no), foreign key (order_id) references orders(id));
            create table shipments (id int auto_increment primary key, order_id bigint, line_no int,
              foreign key (order_id, line_no) references order_lines (order_id, line_no) on update cascade);
            create table categories (id int primary key, parent_id int, name varchar(50) not null,
              foreign key (parent_id) references categories(id));
            create view big_orders as select * from orders where total > 100;
            create table `Weird "Name" Table` (k int primary key, `from` text);"#
        }
        Engine::Sqlite => {
            r#"create table users (id integer primary key autoincrement, "UserName" varchar(40) not null unique,
              email text, "select" int, "naïve café" text, created timestamp default current_timestamp,
              status text check (status in ('sad', 'happy')));
            create table orders (id integer primary key, user_id int not null references users(id) on delete cascade,
              total decimal(10,2) check (total >= 0), note text,
              total_cents int generated always as (total * 100) stored);
            create table order_lines (order_id integer not null references orders(id), line_no int not null,
              qty int not null default 1, primary key (order_id, line_no));
            create table shipments (id integer primary key, order_id int, line_no int,
              foreign key (order_id, line_no) references order_lines (order_id, line_no) on update cascade);
            create table categories (id int primary key, parent_id int references categories(id), name text not null);
            create index ix_orders_note_lower on orders (lower(note));
            create index ix_orders_big on orders (total) where total > 100;
            create view big_orders as select * from orders where total > 100;
            create table "Weird ""Name"" Table" (k int primary key, "from" text);"#
        }
    }
}

fn schema_json(url: &str) -> Value {
    let (code, out, err) = retort(&[url, "--schema", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn default_schema(engine: Engine, url: &str) -> String {
    match engine {
        Engine::Postgres => "public".into(),
        Engine::Sqlite => "main".into(),
        Engine::MySql => crate::harness::database_of(url),
    }
}

fn table<'a>(catalog: &'a Value, schema: &str, name: &str) -> &'a Value {
    catalog["schemas"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["name"] == schema)
        .flat_map(|s| s["tables"].as_array().unwrap())
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no table {schema}.{name} in {catalog:#}"))
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_rich_schema_reflects_on_all_engines() {
    for engine in ALL {
        let url = fresh_database(engine);
        exec_ok(&url, fixture(engine));
        let cat = schema_json(&url);
        let s = default_schema(engine, &url);

        let users = table(&cat, &s, "users");
        let cols: Vec<&str> = users["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            cols,
            [
                "id",
                "UserName",
                "email",
                "select",
                "naïve café",
                "created",
                "status"
            ],
            "{engine:?}"
        );
        assert_eq!(users["columns"][0]["autoincrement"], true, "{engine:?}");
        assert_eq!(users["columns"][1]["nullable"], false, "{engine:?}");
        assert!(
            users["columns"][5]["default"].is_string(),
            "{engine:?}: created has a default"
        );
        assert_eq!(
            names(&users["unique_constraints"][0]["columns"]),
            ["UserName"],
            "{engine:?}"
        );
        if engine != Engine::Sqlite {
            assert_eq!(users["comment"], "people who buy", "{engine:?}");
            assert_eq!(
                users["columns"][2]["comment"], "where receipts go",
                "{engine:?}"
            );
        }

        let orders = table(&cat, &s, "orders");
        assert_eq!(
            orders["columns"][0]["autoincrement"], true,
            "{engine:?}: identity / auto_increment"
        );
        let fk = &orders["foreign_keys"][0];
        assert_eq!(names(&fk["columns"]), ["user_id"], "{engine:?}");
        assert_eq!(fk["ref_table"], "users", "{engine:?}");
        assert_eq!(names(&fk["ref_columns"]), ["id"], "{engine:?}");
        assert_eq!(fk["on_delete"], "CASCADE", "{engine:?}");
        let check = orders["check_constraints"][0]["expression"]
            .as_str()
            .unwrap();
        assert!(
            check.contains("total") && check.contains(">= 0"),
            "{engine:?}: {check}"
        );

        let lines = table(&cat, &s, "order_lines");
        assert_eq!(
            names(&lines["primary_key"]["columns"]),
            ["order_id", "line_no"],
            "{engine:?}: composite key"
        );
        assert_eq!(lines["columns"][2]["default"], "1", "{engine:?}");

        let ship = table(&cat, &s, "shipments");
        let fk = &ship["foreign_keys"][0];
        assert_eq!(
            names(&fk["columns"]),
            ["order_id", "line_no"],
            "{engine:?}: multi-column key"
        );
        assert_eq!(
            names(&fk["ref_columns"]),
            ["order_id", "line_no"],
            "{engine:?}"
        );
        assert_eq!(fk["on_update"], "CASCADE", "{engine:?}");

        let cats = table(&cat, &s, "categories");
        assert_eq!(
            cats["foreign_keys"][0]["ref_table"], "categories",
            "{engine:?}: self reference"
        );

        let weird = table(&cat, &s, "Weird \"Name\" Table");
        assert_eq!(weird["columns"][1]["name"], "from", "{engine:?}");
        assert_eq!(table(&cat, &s, "big_orders")["kind"], "view", "{engine:?}");

        if engine != Engine::MySql {
            let idx = orders["indexes"].as_array().unwrap();
            let expr = idx
                .iter()
                .find(|i| i["name"] == "ix_orders_note_lower")
                .expect("expression index");
            assert!(
                expr["columns"][0].as_str().unwrap().contains("lower(note)"),
                "{engine:?}: {expr}"
            );
            let partial = idx
                .iter()
                .find(|i| i["name"] == "ix_orders_big")
                .expect("partial index");
            assert!(
                partial["predicate"]
                    .as_str()
                    .unwrap()
                    .contains("total > 100"),
                "{engine:?}: {partial}"
            );
        } else {
            let idx = orders["indexes"].as_array().unwrap();
            assert!(
                idx.iter().any(|i| i["name"] == "ix_orders_total"),
                "{engine:?}: {idx:?}"
            );
        }
        if engine == Engine::Postgres {
            let public = cat["schemas"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["name"] == "public")
                .unwrap();
            assert_eq!(public["enums"][0]["name"], "Mood");
            assert_eq!(names(&public["enums"][0]["values"]), ["sad", "happy"]);
            let targets = table(&cat, "Sales", "targets");
            assert_eq!(targets["foreign_keys"][0]["ref_schema"], "public");
        }
    }
}

#[test]
fn ddl_names_every_table_quoted_by_the_dialect() {
    for engine in ALL {
        let url = fresh_database(engine);
        exec_ok(&url, fixture(engine));
        let (code, ddl, err) = retort(&[&url, "--schema", "ddl"]);
        assert_eq!(code, 0, "{err}");
        // SQLite and MySQL give their own CREATE statements; PostgreSQL's are rebuilt by retort
        let flat = ddl.to_lowercase().replace('`', "").replace("\"\"", "\"");
        assert!(
            flat.contains("create table \"weird \"name\" table\"")
                || flat.contains("create table weird \"name\" table"),
            "{engine:?}:\n{ddl}"
        );
        assert!(
            flat.contains("primary key (order_id, line_no)")
                || flat.contains("primary key (order_id,line_no)"),
            "{engine:?}:\n{ddl}"
        );
        assert!(
            flat.contains("create view big_orders") || flat.contains("view big_orders as"),
            "{engine:?}:\n{ddl}"
        );
        let at = |t: &str| {
            flat.find(&format!("create table {t} "))
                .unwrap_or_else(|| panic!("{engine:?}: no {t}:\n{ddl}"))
        };
        if engine == Engine::Postgres {
            // the foreign keys come after every table, so any order of tables applies
            let last_table = flat.rfind("create table ").unwrap();
            let first_key = flat.find("foreign key").unwrap();
            assert!(last_table < first_key, "{ddl}");
            assert!(
                flat.contains("alter table order_lines add constraint"),
                "{ddl}"
            );
        } else {
            // parents before children
            assert!(at("users") < at("orders"), "{engine:?}");
            assert!(at("orders") < at("order_lines"), "{engine:?}");
        }
    }
}

/// What must survive a trip through the generated models: tables, columns, keys.
fn shape(cat: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for s in cat["schemas"].as_array().unwrap() {
        for t in s["tables"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["kind"] == "table")
        {
            let cols: Vec<&str> = t["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["name"].as_str().unwrap())
                .collect();
            out.push(format!(
                "{}.{} {:?} pk={}",
                s["name"], t["name"], cols, t["primary_key"]["columns"]
            ));
            for fk in t["foreign_keys"].as_array().unwrap() {
                out.push(format!(
                    "{}.{} fk {} -> {}.{} {}",
                    s["name"],
                    t["name"],
                    fk["columns"],
                    fk["ref_schema"],
                    fk["ref_table"],
                    fk["ref_columns"]
                ));
            }
        }
    }
    out.sort();
    out
}

pub(crate) fn sqlalchemy_url(engine: Engine, url: &str) -> String {
    match engine {
        Engine::Postgres => url.replacen("postgresql://", "postgresql+psycopg://", 1),
        Engine::MySql => {
            url.replacen("mysql://", "mysql+pymysql://", 1)
                .replace("socket=", "unix_socket=")
                + "&charset=utf8mb4"
        }
        Engine::Sqlite => url.to_string(),
    }
}

#[test]
fn generated_models_create_the_same_schema_through_sqlalchemy() {
    let check = std::process::Command::new("python3")
        .args(["-c", "import sqlalchemy, psycopg, pymysql"])
        .output()
        .expect("python3 is needed");
    assert!(
        check.status.success(),
        "the models test needs SQLAlchemy and drivers: python3 -m pip install sqlalchemy 'psycopg[binary]' pymysql\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
    for engine in ALL {
        let original = fresh_database(engine);
        exec_ok(&original, fixture(engine));
        let (code, models, err) = retort(&[&original, "--schema", "models"]);
        assert_eq!(code, 0, "{err}");
        let dir = crate::harness::scratch_dir().join(format!("models-{engine:?}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("generated_models.py"), &models).unwrap();
        let copy = fresh_database(engine);
        if engine == Engine::Postgres {
            exec_ok(&copy, "create schema \"Sales\"");
        }
        let script = format!(
            "import sys; sys.path.insert(0, {dir:?})\n\
             import sqlalchemy as sa\n\
             from sqlalchemy.orm import configure_mappers\n\
             import generated_models as m\n\
             configure_mappers()\n\
             engine = sa.create_engine({url:?})\n\
             m.Base.metadata.create_all(engine)\n\
             print('created', len(m.Base.metadata.tables))\n",
            dir = dir.display().to_string(),
            url = sqlalchemy_url(engine, &copy),
        );
        let out = std::process::Command::new("python3")
            .args(["-c", &script])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{engine:?}: SQLAlchemy rejected the module:\n{}\n--- module ---\n{models}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            shape(&schema_json(&copy))
                .join("\n")
                .replace(&default_schema(engine, &copy), "DEFAULT"),
            shape(&schema_json(&original))
                .join("\n")
                .replace(&default_schema(engine, &original), "DEFAULT"),
            "{engine:?}: the same tables, columns and keys come back"
        );
    }
}

#[test]
fn the_demo_models_read_like_the_user_post_pair() {
    let (code, models, err) = retort(&["--demo", "--schema", "models"]);
    assert_eq!(code, 0, "{err}");
    assert!(models.contains("class User(Base):"), "{models}");
    assert!(models.contains("class Post(Base):"), "{models}");
    assert!(
        models.contains(
            "posts: Mapped[List[\"Post\"]] = relationship(back_populates=\"user\", \
             cascade=\"all, delete\", passive_deletes=True)"
        ),
        "{models}"
    );
    assert!(
        models.contains("user: Mapped[\"User\"] = relationship(back_populates=\"posts\")"),
        "{models}"
    );
    assert!(
        models.contains("sa.ForeignKey(\"users.id\", ondelete=\"CASCADE\")"),
        "{models}"
    );
}
