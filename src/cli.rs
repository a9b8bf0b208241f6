//! The command line.

use std::path::PathBuf;

use clap::Parser;

use crate::headless::Format;
pub use crate::headless::schema::SchemaFormat;

#[derive(Debug, Parser)]
#[command(
    name = "retort",
    version,
    about = "A terminal database workbench for PostgreSQL, MySQL/MariaDB and SQLite",
    after_help = "URL forms: postgresql://user:pass@host:5432/db  mysql://user@host/db  \
                  mariadb://…  sqlite:///relative.db  sqlite:////absolute/path.db  sqlite://\n\
                  A libpq connection string too: 'host=/tmp port=5433 dbname=shop user=app'.\n\
                  Without a URL: $DATABASE_URL, else the configuration's default connection, \
                  else libpq's PGHOST, PGDATABASE, PGSERVICE… (as psql), else the bundled demo \
                  database.\n\
                  Examples: retort shop   retort sqlite:///notes.db -e 'select 1'   \
                  retort --config ./retort.toml\n\
                  Also: retort completions bash|zsh|fish   retort man"
)]
pub struct Cli {
    /// Database URL (SQLAlchemy style), libpq connection string, or the name of a connection
    /// in the configuration; defaults to $DATABASE_URL, then the configuration's `default`,
    /// then libpq's environment (PGHOST, PGSERVICE…), then the demo database.
    pub url: Option<String>,

    /// Open the bundled demo database. Headless runs (-e, -f, --schema) need it said: a
    /// script never runs on the demo because no database was named.
    #[arg(long, conflicts_with = "url")]
    pub demo: bool,

    /// Open the course on the bundled demo database: short lessons on SQLAlchemy's Engine,
    /// MetaData and Session, each done in the workbench (F8 in the workbench opens it too).
    #[arg(long, conflicts_with_all = ["url", "execute", "file", "schema"])]
    pub learn: bool,

    /// The configuration file (default: $RETORT_CONFIG, else <config dir>/retort/config.toml).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Run these statements, print their results and exit; -c is the same flag, as psql
    /// spells it.
    #[arg(
        short = 'e',
        long = "execute",
        value_name = "SQL",
        visible_short_alias = 'c'
    )]
    pub execute: Option<String>,

    /// Run the statements of a script file and exit (`-` reads standard input).
    #[arg(
        short = 'f',
        long = "file",
        value_name = "FILE",
        conflicts_with = "execute"
    )]
    pub file: Option<PathBuf>,

    /// Print the reflected schema and exit: json (stable, documented), ddl or models
    /// (SQLAlchemy 2.0 declarative classes).
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with_all = ["execute", "file"])]
    pub schema: Option<SchemaFormat>,

    /// Output format of headless mode.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,

    /// Also append the echo log (every statement sent, with timings) to this file.
    #[arg(long, value_name = "FILE")]
    pub echo: Option<PathBuf>,

    /// Have the server refuse writes on this session (SQLite: open the file read-only).
    #[arg(long)]
    pub read_only: bool,

    /// Workbench: hold at most this many rows of a result; past it the fetch stops and the
    /// statement is cancelled on the server (Shift-M fetches more). Default: the whole result.
    #[arg(long, value_name = "ROWS")]
    pub max_rows: Option<u64>,

    /// Workbench: hold at most this much memory (MB) per result, likewise. Default: a quarter
    /// of physical memory; 0 holds any size.
    #[arg(long, value_name = "MB")]
    pub max_result_mb: Option<u64>,

    /// Seconds to wait for the server when connecting (default 10).
    #[arg(long, value_name = "SECS")]
    pub connect_timeout: Option<u64>,
}

/// `retort completions bash|zsh|fish` and `retort man`: generated from this same definition.
/// Returns None when the arguments ask for neither.
pub fn generated_text(args: &[String]) -> Option<Result<String, String>> {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    match args.get(1).map(String::as_str) {
        Some("completions") => {
            let shell = match args.get(2).map(String::as_str) {
                Some("bash") => clap_complete::Shell::Bash,
                Some("zsh") => clap_complete::Shell::Zsh,
                Some("fish") => clap_complete::Shell::Fish,
                other => {
                    return Some(Err(format!(
                        "completions for which shell? bash, zsh or fish (got {})",
                        other.unwrap_or("nothing")
                    )));
                }
            };
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut cmd, "retort", &mut out);
            let script = String::from_utf8(out).map_err(|e| e.to_string());
            Some(script.map(|s| with_connection_names(shell, s)))
        }
        // what the completion scripts ask for: the configured connections' names, a line each
        Some(CONNECTION_NAMES) if args.len() == 2 => {
            let path = crate::config::config_path(None);
            let config = crate::config::load(path, false);
            let names: Vec<&str> = config
                .settings
                .connections
                .keys()
                .map(String::as_str)
                .collect();
            Some(Ok(names.iter().map(|n| format!("{n}\n")).collect()))
        }
        Some("man") if args.len() == 2 => {
            let mut out = Vec::new();
            Some(
                clap_mangen::Man::new(cmd)
                    .render(&mut out)
                    .map_err(|e| e.to_string())
                    .and_then(|()| String::from_utf8(out).map_err(|e| e.to_string()))
                    .map(|page| page + MAN_SECTIONS),
            )
        }
        _ => None,
    }
}

/// The hidden flag the completion scripts call for the configured connections' names.
const CONNECTION_NAMES: &str = "--connection-names";

/// Each shell's script as clap writes it, its first argument also completing to the name of a
/// configured connection (`retort sh<Tab>` → `retort shop`), read when asked.
fn with_connection_names(shell: clap_complete::Shell, script: String) -> String {
    let script = match shell {
        // the URL argument's action, `_default`, becomes the names then `_default`
        clap_complete::Shell::Zsh => (script.lines())
            .map(|l| match l.starts_with("'::url -- ") {
                true => l.replacen(":_default'", ":_retort_connection_names'", 1),
                false => l.to_string(),
            })
            .map(|l| l + "\n")
            .collect(),
        _ => script,
    };
    script + connection_names_script(shell)
}

/// What each shell's script gets after clap's.
fn connection_names_script(shell: clap_complete::Shell) -> &'static str {
    match shell {
        clap_complete::Shell::Bash => {
            r#"
_retort_with_connection_names() {
    _retort "$@"
    local cur="${COMP_WORDS[COMP_CWORD]}"
    if [[ $COMP_CWORD -eq 1 && "$cur" != -* ]]; then
        local names
        names="$(command retort --connection-names 2>/dev/null)"
        COMPREPLY+=( $(compgen -W "$names" -- "$cur") )
    fi
}
complete -F _retort_with_connection_names -o bashdefault -o default retort
"#
        }
        clap_complete::Shell::Zsh => {
            r#"
_retort_connection_names() {
    local -a names
    names=(${(f)"$(command retort --connection-names 2>/dev/null)"})
    _describe -t connections 'configured connection' names
    _default
}
"#
        }
        clap_complete::Shell::Fish => {
            concat!(
                "complete -c retort -f -n '__fish_is_first_arg' ",
                "-a '(retort --connection-names 2>/dev/null)' -d 'configured connection'\n"
            )
        }
        _ => "",
    }
}

/// The manual's sections clap does not write: the environment, the files, the exit statuses.
const MAN_SECTIONS: &str = r#".SH ENVIRONMENT
.TP
\fBDATABASE_URL\fR
The database opened when no URL or connection name is given.
.TP
\fBRETORT_CONFIG\fR
The configuration file, instead of the user configuration directory's retort/config.toml.
.TP
\fBRETORT_DATA_DIR\fR
Where history, editor buffers and session journals are kept (an empty value counts as unset).
.TP
\fBMYSQL_PWD\fR
The password of a MySQL or MariaDB URL that has none (as the mysql client reads it).
.TP
\fBVISUAL\fR, \fBEDITOR\fR
The editor F4 opens the buffer or a cell in.
.TP
\fBNO_COLOR\fR, \fBTERM\fR=dumb
No colour; NULL, staged rows and errors keep their marks.
.TP
\fBDISPLAY\fR, \fBWAYLAND_DISPLAY\fR
Whether a copy goes to the desktop's clipboard; without them it goes to the terminal (OSC 52).
.TP
\fBPGHOST\fR, \fBPGHOSTADDR\fR, \fBPGPORT\fR, \fBPGDATABASE\fR, \fBPGUSER\fR, \fBPGSERVICE\fR
With no URL or name given and neither DATABASE_URL nor a configured default: the PostgreSQL
database they name, as psql takes them (a service's settings win over the other variables).
\fBPGPASSWORD\fR, \fBPGSSLMODE\fR, \fBPGSSLROOTCERT\fR, \fBPGSSLCERT\fR, \fBPGSSLKEY\fR,
\fBPGAPPNAME\fR and \fBPGOPTIONS\fR fill what a PostgreSQL URL or connection string leaves out.
.TP
\fBPGSERVICEFILE\fR, \fBPGSYSCONFDIR\fR
Where a service is looked up: PGSERVICEFILE (else ~/.pg_service.conf), then
pg_service.conf in PGSYSCONFDIR (else /etc/postgresql\-common).
.SH FILES
.TP
\fI~/.config/retort/config.toml\fR
Named connections (and statements each runs when it connects), the row cap, the memory budget,
autoflush, read-only, the theme, keys and the editor's keys (editor_mode = default, emacs or vi).
.TP
\fI~/.pg_service.conf\fR
PostgreSQL connection services (service=NAME in a connection string, or PGSERVICE), as libpq
reads them.
.TP
\fI~/.my.cnf\fR
The password of the [client], [mysql], [mariadb] or [client\-mariadb] section, for a MySQL or
MariaDB URL that has none and no MYSQL_PWD.
.TP
\fI~/.local/share/retort/\fR
The data directory (or RETORT_DATA_DIR); files 0600 in directories 0700:
.RS
.TP
\fIhistory/\fR, \fIbuffers/\fR, \fIjournals/\fR
Each database's statement history, editor text (with where its cursor was) and session
journal (staged changes kept across a crash).
.TP
\fIrecent\-connections.txt\fR
The URLs opened lately, without passwords, for the connection picker.
.TP
\fIdemo\-v1.db\fR
The bundled demo database, made on first use.
.TP
\fIcourse.json\fR
Where the learner is in the course (retort --learn).
.RE
.SH "EXIT STATUS"
.TP
0
Every statement ran (a closed output pipe ends a script with 0, as psql does).
.TP
1
A statement failed (an unknown backslash command too), or the output or the terminal could
not be written.
.TP
2
A usage error, or the connection could not be made, was lost, or a commit's outcome is unknown.
.TP
101
retort stopped on an internal error; the terminal is restored and staged changes stay in the
journal.
.TP
130
Interrupted (Ctrl-C in a script): the statement was cancelled on the server.
"#;
