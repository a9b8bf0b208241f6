use crate::ext::ustr::UStr;
use crate::protocol::text::ColumnFlags;
use crate::{MySql, MySqlTypeInfo};
pub(crate) use sqlx_core::column::*;

#[derive(Debug, Clone)]
#[cfg_attr(feature = "offline", derive(serde::Serialize, serde::Deserialize))]
pub struct MySqlColumn {
    pub(crate) ordinal: usize,
    pub(crate) name: UStr,
    pub(crate) type_info: MySqlTypeInfo,

    #[cfg_attr(feature = "offline", serde(default))]
    pub(crate) origin: ColumnOrigin,

    #[allow(unused)]
    #[cfg_attr(feature = "offline", serde(skip))]
    pub(crate) flags: Option<ColumnFlags>,

    /// retort patch: the schema and original table of the column definition, apart (the
    /// origin joins them with a dot, which a schema name may hold too).
    #[cfg_attr(feature = "offline", serde(skip))]
    pub(crate) table_origin: Option<(String, String)>,
}

impl MySqlColumn {
    /// retort patch: the schema and original table name the server gave this column, when
    /// it comes from a table.
    pub fn table_origin(&self) -> Option<(&str, &str)> {
        self.table_origin
            .as_ref()
            .map(|(s, t)| (s.as_str(), t.as_str()))
    }
}

impl Column for MySqlColumn {
    type Database = MySql;

    fn ordinal(&self) -> usize {
        self.ordinal
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn type_info(&self) -> &MySqlTypeInfo {
        &self.type_info
    }

    fn origin(&self) -> ColumnOrigin {
        self.origin.clone()
    }
}
