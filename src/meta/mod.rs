//! MetaData: reflection of the schema into a typed catalog (SQLAlchemy's MetaData), and its
//! renderings as DDL and as SQLAlchemy model classes.

pub mod catalog;
pub mod ddl;
pub mod describe;
pub mod dump;
pub mod models;
pub mod order;
pub mod psql;
pub mod python;
pub mod reflect;
pub mod sa_types;
pub mod server_lists;

pub use catalog::{
    Catalog, ColumnInfo, ForeignKey, Index, PrimaryKey, Relation, RelationKind, Schema, Table,
};
pub use reflect::{list_relations, list_schemas, reflect, reflect_schema};
