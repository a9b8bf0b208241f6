//! PostgreSQL: range types, aggregates and casts of the user's, each as its own object of the
//! dump's dependency graph (after the functions and types they use).

use super::order::Object;
use super::postgres_filters::{USER, collate, own};
use crate::engine::{Connection, EngineError};
use crate::meta::reflect::rows;

/// `CREATE TYPE … AS RANGE`, with the options that differ from the subtype's defaults and the
/// multirange's name (as pg_dump writes it).
pub(super) async fn ranges(conn: &Connection) -> Result<Vec<Object>, EngineError> {
    let sql = format!(
        "select t.oid::text, t.oid::regtype::text, pg_catalog.format_type(r.rngsubtype, null), \
         case when not oc.opcdefault then quote_ident(ocn.nspname) || '.' || \
         quote_ident(oc.opcname) end, {}, \
         case when r.rngsubdiff <> 0 then r.rngsubdiff::regproc::text end, \
         r.rngmultitypid::regtype::text \
         from pg_catalog.pg_range r join pg_catalog.pg_type t on t.oid = r.rngtypid \
         join pg_catalog.pg_namespace n on n.oid = t.typnamespace \
         join pg_catalog.pg_type st on st.oid = r.rngsubtype \
         join pg_catalog.pg_opclass oc on oc.oid = r.rngsubopc \
         join pg_catalog.pg_namespace ocn on ocn.oid = oc.opcnamespace \
         where {USER} and {}",
        collate("r.rngcollation", "st.typcollation"),
        own("pg_type", "t.oid")
    );
    Ok(rows(conn, &sql, &[])
        .await?
        .iter()
        .map(|r| {
            let mut options = vec![format!("subtype = {}", r.s(2))];
            if let Some(opc) = r.opt(3) {
                options.push(format!("subtype_opclass = {opc}"));
            }
            let coll = r.s(4);
            if let Some(name) = coll.strip_prefix(" COLLATE ") {
                options.push(format!("collation = {name}"));
            }
            if let Some(diff) = r.opt(5) {
                options.push(format!("subtype_diff = {diff}"));
            }
            options.push(format!("multirange_type_name = {}", r.s(6)));
            Object {
                key: format!("t{}", r.s(0)),
                rank: 2,
                name: r.s(1),
                ddl: format!(
                    "CREATE TYPE {} AS RANGE (\n    {}\n);\n",
                    r.s(1),
                    options.join(",\n    ")
                ),
            }
        })
        .collect())
}

/// `CREATE AGGREGATE` of the plain, ordered-set and hypothetical-set aggregates (the server's
/// identity arguments carry the `ORDER BY`): state function and type, final function (with its
/// extra arguments), combine function, initial state, parallel safety.
pub(super) async fn aggregates(conn: &Connection) -> Result<Vec<Object>, EngineError> {
    let sql = format!(
        "select p.oid::text, p.oid::regprocedure::text, quote_ident(n.nspname) || '.' || \
         quote_ident(p.proname), pg_catalog.pg_get_function_identity_arguments(p.oid), \
         a.aggtransfn::regproc::text, pg_catalog.format_type(a.aggtranstype, null), \
         case when a.aggfinalfn <> 0 then a.aggfinalfn::regproc::text end, a.agginitval, \
         case when a.aggcombinefn <> 0 then a.aggcombinefn::regproc::text end, \
         p.proparallel::text, a.aggkind::text, a.aggfinalextra::text \
         from pg_catalog.pg_proc p join pg_catalog.pg_aggregate a on a.aggfnoid = p.oid \
         join pg_catalog.pg_namespace n on n.oid = p.pronamespace \
         where p.prokind = 'a' and {USER} and {}",
        own("pg_proc", "p.oid")
    );
    Ok(rows(conn, &sql, &[])
        .await?
        .iter()
        .map(|r| {
            let args = r.s(3);
            let args = if args.is_empty() { "*".into() } else { args };
            let mut options = vec![format!("SFUNC = {}", r.s(4)), format!("STYPE = {}", r.s(5))];
            if let Some(f) = r.opt(6) {
                options.push(format!("FINALFUNC = {f}"));
            }
            if r.s(11) == "true" {
                options.push("FINALFUNC_EXTRA".into());
            }
            if r.s(10) == "h" {
                options.push("HYPOTHETICAL".into());
            }
            if let Some(init) = r.opt(7) {
                options.push(format!("INITCOND = '{}'", init.replace('\'', "''")));
            }
            if let Some(c) = r.opt(8) {
                options.push(format!("COMBINEFUNC = {c}"));
            }
            match r.s(9).as_str() {
                "s" => options.push("PARALLEL = SAFE".into()),
                "r" => options.push("PARALLEL = RESTRICTED".into()),
                _ => {}
            }
            Object {
                key: format!("f{}", r.s(0)),
                rank: 3,
                name: r.s(1),
                ddl: format!(
                    "CREATE AGGREGATE {}({args}) (\n    {}\n);\n",
                    r.s(2),
                    options.join(",\n    ")
                ),
            }
        })
        .collect())
}

/// `CREATE CAST` of the casts the user made (not the system's, not an extension's, not the
/// ones a type makes for itself, as a range does to its multirange).
pub(super) async fn casts(conn: &Connection) -> Result<Vec<Object>, EngineError> {
    let sql = format!(
        "select c.oid::text, pg_catalog.format_type(c.castsource, null) || ' AS ' || \
         pg_catalog.format_type(c.casttarget, null), case c.castmethod when 'f' then \
         'WITH FUNCTION ' || c.castfunc::regprocedure::text when 'i' then 'WITH INOUT' \
         else 'WITHOUT FUNCTION' end, case c.castcontext when 'a' then ' AS ASSIGNMENT' \
         when 'i' then ' AS IMPLICIT' else '' end \
         from pg_catalog.pg_cast c where c.oid >= 16384 and {} \
         and not exists (select 1 from pg_catalog.pg_depend x where x.classid = \
         'pg_catalog.pg_cast'::regclass and x.objid = c.oid and x.deptype = 'i')",
        own("pg_cast", "c.oid")
    );
    Ok(rows(conn, &sql, &[])
        .await?
        .iter()
        .map(|r| Object {
            key: format!("c{}", r.s(0)),
            rank: 4,
            name: r.s(1),
            ddl: format!("CREATE CAST ({}) {}{};\n", r.s(1), r.s(2), r.s(3)),
        })
        .collect())
}

/// `CREATE OPERATOR` of the user's operators: function, argument types, commutator and
/// negator, selectivity estimators, HASHES and MERGES.
pub(super) async fn operators(conn: &Connection) -> Result<Vec<Object>, EngineError> {
    let op = |col: &str| {
        format!(
            "(select 'OPERATOR(' || quote_ident(cn.nspname) || '.' || c.oprname || ')' \
             from pg_catalog.pg_operator c join pg_catalog.pg_namespace cn on cn.oid = \
             c.oprnamespace where c.oid = o.{col})"
        )
    };
    let sql = format!(
        "select o.oid::text, quote_ident(n.nspname) || '.' || o.oprname, \
         o.oprcode::regproc::text, case when o.oprleft <> 0 then \
         pg_catalog.format_type(o.oprleft, null) end, case when o.oprright <> 0 then \
         pg_catalog.format_type(o.oprright, null) end, {}, {}, \
         case when o.oprrest <> 0 then o.oprrest::regproc::text end, \
         case when o.oprjoin <> 0 then o.oprjoin::regproc::text end, \
         o.oprcanhash::text, o.oprcanmerge::text \
         from pg_catalog.pg_operator o join pg_catalog.pg_namespace n on n.oid = o.oprnamespace \
         where o.oprcode <> 0 and {USER} and {}",
        op("oprcom"),
        op("oprnegate"),
        own("pg_operator", "o.oid")
    );
    Ok(rows(conn, &sql, &[])
        .await?
        .iter()
        .map(|r| {
            let mut options = vec![format!("FUNCTION = {}", r.s(2))];
            for (i, what) in [
                (3, "LEFTARG"),
                (4, "RIGHTARG"),
                (5, "COMMUTATOR"),
                (6, "NEGATOR"),
                (7, "RESTRICT"),
                (8, "JOIN"),
            ] {
                if let Some(v) = r.opt(i) {
                    options.push(format!("{what} = {v}"));
                }
            }
            if r.s(9) == "true" {
                options.push("HASHES".into());
            }
            if r.s(10) == "true" {
                options.push("MERGES".into());
            }
            Object {
                key: format!("o{}", r.s(0)),
                rank: 4,
                name: r.s(1),
                ddl: format!(
                    "CREATE OPERATOR {} (\n    {}\n);\n",
                    r.s(1),
                    options.join(",\n    ")
                ),
            }
        })
        .collect())
}

/// `CREATE TEXT SEARCH DICTIONARY` with its template and options.
pub(super) async fn ts_dictionaries(conn: &Connection) -> Result<Vec<Object>, EngineError> {
    let sql = format!(
        "select d.oid::text, quote_ident(n.nspname) || '.' || quote_ident(d.dictname), \
         quote_ident(tn.nspname) || '.' || quote_ident(t.tmplname), d.dictinitoption \
         from pg_catalog.pg_ts_dict d join pg_catalog.pg_namespace n on n.oid = d.dictnamespace \
         join pg_catalog.pg_ts_template t on t.oid = d.dicttemplate \
         join pg_catalog.pg_namespace tn on tn.oid = t.tmplnamespace \
         where {USER} and {}",
        own("pg_ts_dict", "d.oid")
    );
    Ok(rows(conn, &sql, &[])
        .await?
        .iter()
        .map(|r| {
            let options = r.opt(3).map(|o| format!(", {o}")).unwrap_or_default();
            Object {
                key: format!("d{}", r.s(0)),
                rank: 2,
                name: r.s(1),
                ddl: format!(
                    "CREATE TEXT SEARCH DICTIONARY {} (TEMPLATE = {}{options});\n",
                    r.s(1),
                    r.s(2)
                ),
            }
        })
        .collect())
}

/// `CREATE TEXT SEARCH CONFIGURATION` with its parser, then each token type's mapping to its
/// dictionaries, in their order.
pub(super) async fn ts_configurations(conn: &Connection) -> Result<Vec<Object>, EngineError> {
    let sql = format!(
        "select c.oid::text, quote_ident(n.nspname) || '.' || quote_ident(c.cfgname), \
         quote_ident(pn.nspname) || '.' || quote_ident(p.prsname), \
         (select json_agg(json_build_array(tt.alias, (select string_agg(\
           m.mapdict::regdictionary::text, ', ' order by m.mapseqno) from \
           pg_catalog.pg_ts_config_map m where m.mapcfg = c.oid and m.maptokentype = tt.tokid)) \
           order by tt.tokid) from pg_catalog.ts_token_type(c.cfgparser) tt where exists \
           (select 1 from pg_catalog.pg_ts_config_map m where m.mapcfg = c.oid and \
           m.maptokentype = tt.tokid))::text \
         from pg_catalog.pg_ts_config c join pg_catalog.pg_namespace n on n.oid = c.cfgnamespace \
         join pg_catalog.pg_ts_parser p on p.oid = c.cfgparser \
         join pg_catalog.pg_namespace pn on pn.oid = p.prsnamespace \
         where {USER} and {}",
        own("pg_ts_config", "c.oid")
    );
    Ok(rows(conn, &sql, &[])
        .await?
        .iter()
        .map(|r| {
            let name = r.s(1);
            let mut ddl = format!(
                "CREATE TEXT SEARCH CONFIGURATION {name} (PARSER = {});\n",
                r.s(2)
            );
            let maps: Vec<Vec<Option<String>>> = serde_json::from_str(&r.s(3)).unwrap_or_default();
            for m in maps {
                let (Some(Some(token)), Some(Some(dicts))) = (m.first(), m.get(1)) else {
                    continue;
                };
                ddl.push_str(&format!(
                    "ALTER TEXT SEARCH CONFIGURATION {name} ADD MAPPING FOR {token} WITH {dicts};\n"
                ));
            }
            Object {
                key: format!("s{}", r.s(0)),
                rank: 3,
                name,
                ddl,
            }
        })
        .collect())
}
