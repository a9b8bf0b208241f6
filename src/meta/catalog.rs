//! The reflected catalog: SQLAlchemy's MetaData as plain data. Serialised as the stable JSON of
//! `retort --schema json` (field names are part of that contract; see README).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    Table,
    View,
    MaterializedView,
    ForeignTable,
}

impl RelationKind {
    pub fn label(self) -> &'static str {
        match self {
            RelationKind::Table => "table",
            RelationKind::View => "view",
            RelationKind::MaterializedView => "materialized view",
            RelationKind::ForeignTable => "foreign table",
        }
    }
}

/// A table or view by name: what the tree shows before details load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relation {
    pub schema: String,
    pub name: String,
    pub kind: RelationKind,
    /// Row estimate from the catalog statistics (never a COUNT); None when unknown.
    pub row_estimate: Option<i64>,
    pub comment: Option<String>,
    /// The partitioned table this one is a partition of (PostgreSQL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition_of: Option<QualifiedName>,
    /// MySQL's storage engine (InnoDB, MyISAM, Aria…): only some roll a change back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage: Option<String>,
}

/// MySQL's storage engines whose changes a ROLLBACK undoes.
const TRANSACTIONAL: [&str; 5] = ["InnoDB", "XtraDB", "TokuDB", "RocksDB", "ndbcluster"];

impl Relation {
    /// Whether ROLLBACK undoes a change to it: not on MySQL's non-transactional engines
    /// (MyISAM, Aria, MEMORY, CSV, ARCHIVE, MERGE…), which write each statement when it runs.
    /// A relation of no known engine (PostgreSQL's, SQLite's, a view) rolls back.
    pub fn rolls_back(&self) -> bool {
        self.storage
            .as_deref()
            .is_none_or(|e| TRANSACTIONAL.iter().any(|t| e.eq_ignore_ascii_case(t)))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QualifiedName {
    pub schema: String,
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ColumnInfo {
    pub name: String,
    /// The type as the database spells it (`character varying(30)`, `int(11) unsigned`…).
    pub data_type: String,
    pub nullable: bool,
    pub default: Option<String>,
    /// Identity / serial / AUTO_INCREMENT / SQLite rowid alias or AUTOINCREMENT.
    pub autoincrement: bool,
    /// The expression of a generated (computed) column.
    pub generated: Option<String>,
    pub comment: Option<String>,
    /// A domain column's base type (PostgreSQL), which its values are checked against.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_type: Option<String>,
    /// The labels of an enum column's type (PostgreSQL; a domain over an enum too).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<String>,
    /// A collation other than its type's default (PostgreSQL `COLLATE "C"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// `GENERATED … AS IDENTITY` (PostgreSQL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// Its default draws from a sequence the column owns (PostgreSQL serial), rather than
    /// from a sequence of its own right (`default nextval('seq')`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub serial: bool,
    /// A generated column that is stored, not computed when read.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub generated_stored: bool,
    /// MySQL: the character set its text is stored in (`cp1250`); None for other types.
    #[serde(skip)]
    pub charset: Option<String>,
}

/// MySQL's character sets whose every stored byte has a utf8mb4 form, so that text read as
/// utf8mb4 is the text stored (MySQL's latin1 maps all 256 bytes; cp1250's 0x81 has none and
/// reads as '?', as a byte above 0x7F of ascii does).
const WHOLE_IN_UTF8MB4: [&str; 9] = [
    "utf8mb4", "utf8mb3", "utf8", "ucs2", "utf16", "utf16le", "utf32", "latin1", "binary",
];

impl Table {
    /// Why these columns of it may read otherwise than they are stored (a byte with no utf8mb4
    /// form reads as '?'), so that a row cannot be found again by what was read; None when
    /// they read whole.
    pub fn read_lossily(&self, columns: &[String]) -> Option<String> {
        let c = self
            .columns
            .iter()
            .find(|c| c.reads_lossily() && columns.contains(&c.name))?;
        Some(format!(
            "{} is stored in {}, some of whose bytes read as '?': its rows cannot be found \
             again by what was read",
            c.name,
            c.charset.as_deref().unwrap_or("another character set")
        ))
    }
}

impl ColumnInfo {
    /// Whether its text may read otherwise than it is stored (a byte with no utf8mb4 form
    /// becomes '?'): such a value cannot find its row again.
    pub fn reads_lossily(&self) -> bool {
        self.charset
            .as_deref()
            .is_some_and(|c| !WHOLE_IN_UTF8MB4.iter().any(|w| c.eq_ignore_ascii_case(w)))
    }
}

/// An identity column's kind and sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// ALWAYS, else BY DEFAULT.
    pub always: bool,
    pub start: i64,
    pub increment: i64,
    /// Bounds other than the type's own, and whether it starts over past them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minvalue: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maxvalue: Option<i64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cycle: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrimaryKey {
    pub name: Option<String>,
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ForeignKey {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub ref_schema: String,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    /// CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION.
    pub on_delete: String,
    pub on_update: String,
    /// DEFERRABLE (PostgreSQL): its check may wait until the end of the transaction.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deferrable: bool,
    /// INITIALLY DEFERRED: checked at the end of the transaction unless told otherwise.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub initially_deferred: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UniqueConstraint {
    pub name: Option<String>,
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckConstraint {
    pub name: Option<String>,
    pub expression: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Index {
    pub name: String,
    /// Column names, or expressions for expression indexes.
    pub columns: Vec<String>,
    pub unique: bool,
    /// btree, hash, gin… (None where the engine does not say).
    pub method: Option<String>,
    /// The WHERE clause of a partial index.
    pub predicate: Option<String>,
    /// The entries of `columns` sorted in descending order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub descending: Vec<String>,
    /// (entry of `columns`, operator class) where the class is not the type's default
    /// (PostgreSQL `jsonb_path_ops`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub operator_classes: Vec<(String, String)>,
}

/// A table with everything reflection found about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    #[serde(flatten)]
    pub relation: Relation,
    pub columns: Vec<ColumnInfo>,
    pub primary_key: Option<PrimaryKey>,
    pub foreign_keys: Vec<ForeignKey>,
    pub unique_constraints: Vec<UniqueConstraint>,
    pub check_constraints: Vec<CheckConstraint>,
    pub indexes: Vec<Index>,
    /// A view's defining query (PostgreSQL; the other engines' DDL comes from the server).
    pub definition: Option<String>,
    /// SQLite: AUTOINCREMENT (keys never reused) and WITHOUT ROWID.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sqlite_autoincrement: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub without_rowid: bool,
}

impl Table {
    pub fn new(relation: Relation) -> Self {
        Table {
            relation,
            columns: Vec::new(),
            primary_key: None,
            foreign_keys: Vec::new(),
            unique_constraints: Vec::new(),
            check_constraints: Vec::new(),
            indexes: Vec::new(),
            definition: None,
            sqlite_autoincrement: false,
            without_rowid: false,
        }
    }

    pub fn name(&self) -> &str {
        &self.relation.name
    }

    pub fn schema(&self) -> &str {
        &self.relation.schema
    }

    pub fn is_pk(&self, column: &str) -> bool {
        self.primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns.iter().any(|c| c == column))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnumType {
    pub schema: String,
    pub name: String,
    pub values: Vec<String>,
}

/// A domain (PostgreSQL): a base type with constraints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Domain {
    pub schema: String,
    pub name: String,
    /// The base type as `format_type` spells it (qualified when not on the search path).
    pub base_type: String,
    pub nullable: bool,
    pub default: Option<String>,
    /// CHECK (...) definitions.
    pub checks: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schema {
    pub name: String,
    pub tables: Vec<Table>,
    pub enums: Vec<EnumType>,
    pub sequences: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<Domain>,
}

impl Schema {
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name() == name)
    }
}

/// The reflected database: SQLAlchemy's MetaData.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Catalog {
    /// "postgresql", "mysql" or "sqlite".
    pub dialect: String,
    pub database: String,
    /// The schema unqualified names resolve in (public, the MySQL database, main).
    pub default_schema: Option<String>,
    pub schemas: Vec<Schema>,
}

impl Catalog {
    /// The engine the catalog was read from.
    pub fn engine(&self) -> crate::engine::EngineKind {
        use crate::engine::EngineKind;
        match self.dialect.as_str() {
            "postgresql" => EngineKind::Postgres,
            "mysql" => EngineKind::MySql,
            _ => EngineKind::Sqlite,
        }
    }

    pub fn schema(&self, name: &str) -> Option<&Schema> {
        self.schemas.iter().find(|s| s.name == name)
    }

    pub fn table(&self, schema: &str, name: &str) -> Option<&Table> {
        self.schema(schema)?.table(name)
    }

    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.schemas.iter().flat_map(|s| s.tables.iter())
    }

    /// Foreign keys of other tables that point at `schema.table`: (referring table, key).
    pub fn referencing(&self, schema: &str, table: &str) -> Vec<(&Table, &ForeignKey)> {
        self.tables()
            .flat_map(|t| t.foreign_keys.iter().map(move |fk| (t, fk)))
            .filter(|(_, fk)| fk.ref_schema == schema && fk.ref_table == table)
            .collect()
    }
}
