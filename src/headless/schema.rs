//! `retort URL --schema json|ddl|models`: the reflected catalog on stdout.

use std::io::Write;

/// How `--schema` writes the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaFormat {
    Json,
    Ddl,
    Models,
}

use crate::engine::Connection;
use crate::meta;

pub async fn print_schema(conn: &Connection, format: SchemaFormat, mut out: impl Write) -> i32 {
    let catalog = match meta::reflect(conn).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("retort: reflecting the schema failed: {e}");
            return e.exit_code();
        }
    };
    let text = match format {
        SchemaFormat::Json => match serde_json::to_string_pretty(&catalog) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("retort: {e}");
                return 1;
            }
        },
        SchemaFormat::Ddl => match meta::dump::database_ddl(conn, &catalog).await {
            Ok(text) => text,
            Err(e) => {
                eprintln!("retort: reading the schema's definitions failed: {e}");
                return e.exit_code();
            }
        },
        SchemaFormat::Models => meta::models::module(&catalog),
    };
    match writeln!(out, "{text}") {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("retort: cannot write output: {e}");
            1
        }
    }
}
