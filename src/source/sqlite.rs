//! SQLite databases (`app.sqlite`, `db.sqlite3`, a `.db` that opens as one), read table by
//! table. Committed beside the code, a development database keeps its users' API tokens, a
//! settings table its integrations' keys, a session table its cookies: binary to a text
//! scan, skipped as such. Each table becomes one CSV member of the database
//! (`app.db!/settings.csv`: a header of the column names, then a line per row), so the
//! structured judge reads each value under its column's name and every rule reads the text.
//!
//! The database is never opened where it lies: its bytes (at most `--max-file-size`) are
//! copied into an in-memory database opened read-only, so no journal or WAL file is made
//! beside it and nothing in it can write. Only tables are read (no view, whose query a
//! hostile schema could make unbounded, and no trigger runs on a read); the schema's
//! functions are not trusted, and what the tables yield is bounded in bytes.

use std::io::Read as _;

use rusqlite::config::DbConfig;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, MAIN_DB};

use super::fs::SkipReason;

/// The first bytes of every SQLite 3 database file.
pub const MAGIC: &[u8] = b"SQLite format 3\0";

/// What reading one table gave.
#[derive(Debug)]
pub enum TableRead {
    /// The table as CSV text, located by its member name (`settings.csv`).
    Read {
        /// The member's name: the table's name (path separators replaced), then `.csv`.
        member: String,
        /// The CSV text.
        csv: Vec<u8>,
    },
    /// A table that could not be read (a virtual table's module missing, a corrupt page:
    /// [`SkipReason::ArchiveCorrupt`]), larger than a member may be
    /// ([`SkipReason::ArchiveMemberTooLarge`]), or over the bytes left
    /// ([`SkipReason::ArchiveTooLarge`]: the tables after it are not read).
    Skipped {
        /// The member's name, as [`TableRead::Read`] names it.
        member: String,
        /// Why.
        reason: SkipReason,
        /// What was wrong (never content).
        detail: String,
    },
}

/// The bounds on reading one database's tables.
#[derive(Debug, Clone, Copy)]
pub struct TableBounds {
    /// The most bytes of CSV one table may make (`--max-file-size`).
    pub max_table: u64,
    /// The most bytes of CSV all the tables may make (what is left of the archive's).
    pub budget: u64,
    /// The most tables read (an archive's member bound); the schema's others are not.
    pub max_tables: u64,
}

/// Reads the tables of the SQLite database `data` within `bounds`; `Err` when `data` does
/// not open as a database. The count is the tables the schema lists, at most one more
/// than `bounds.max_tables` (more than read: the rest were not).
pub fn read_tables(data: &[u8], bounds: TableBounds) -> Result<(Vec<TableRead>, u64), String> {
    let TableBounds {
        max_table,
        budget,
        max_tables,
    } = bounds;
    let connection = open(data).map_err(|e| e.to_string())?;
    let limit = max_tables.saturating_add(1);
    let mut names = table_names(&connection, limit).map_err(|e| e.to_string())?;
    let listed = names.len() as u64;
    names.truncate(usize::try_from(max_tables).unwrap_or(usize::MAX));
    let mut left = budget;
    let mut tables = Vec::with_capacity(names.len());
    for name in names {
        let member = format!("{}.csv", name.replace(['/', '\\'], "_"));
        let cap = max_table.min(left);
        match table_csv(&connection, &name, cap) {
            Ok(csv) => {
                left -= csv.len() as u64;
                tables.push(TableRead::Read { member, csv });
            }
            Err(TableError::OverCap) if cap < max_table => {
                tables.push(TableRead::Skipped {
                    member,
                    reason: SkipReason::ArchiveTooLarge,
                    detail: format!(
                        "the database's tables went over the {budget} bytes left to read from \
                         this archive"
                    ),
                });
                break;
            }
            Err(TableError::OverCap) => tables.push(TableRead::Skipped {
                member,
                reason: SkipReason::ArchiveMemberTooLarge,
                detail: format!(
                    "this table is over the --max-file-size limit of {max_table} bytes as text"
                ),
            }),
            Err(TableError::Sqlite(e)) => tables.push(TableRead::Skipped {
                member,
                reason: SkipReason::ArchiveCorrupt,
                detail: format!("cannot read this table: {e}"),
            }),
            Err(TableError::Write(e)) => tables.push(TableRead::Skipped {
                member,
                reason: SkipReason::ArchiveCorrupt,
                detail: format!("cannot write this table as CSV: {e}"),
            }),
        }
    }
    Ok((tables, listed))
}

/// Why one table was not read.
enum TableError {
    /// Its text went over the bytes allowed.
    OverCap,
    /// SQLite refused it.
    Sqlite(rusqlite::Error),
    /// Its CSV could not be written.
    Write(csv::Error),
}

impl From<rusqlite::Error> for TableError {
    fn from(e: rusqlite::Error) -> Self {
        TableError::Sqlite(e)
    }
}

impl From<csv::Error> for TableError {
    fn from(e: csv::Error) -> Self {
        TableError::Write(e)
    }
}

/// An in-memory, read-only copy of the database `data`, with the schema's functions
/// untrusted and SQLite's defensive mode on.
fn open(data: &[u8]) -> rusqlite::Result<Connection> {
    let mut connection = Connection::open_in_memory()?;
    connection.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    connection.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    // A database in WAL mode says so at offsets 18 and 19 (2, 2); its committed pages are
    // in the file and its WAL is not here, and an in-memory copy opens only in the
    // legacy journal mode (1, 1).
    // Read into SQLite's own memory once, the two bytes patched on the way.
    let (head, rest) = data.split_at(data.len().min(18));
    let modes = rest.get(..2).unwrap_or(rest);
    let legacy: &[u8] = if modes == [2, 2] { &[1, 1] } else { modes };
    let copied = head.chain(legacy).chain(&rest[modes.len()..]);
    connection.deserialize_read_exact(MAIN_DB, copied, data.len(), true)?;
    connection.pragma_update(None, "query_only", true)?;
    Ok(connection)
}

/// The names of the database's own tables (not SQLite's `sqlite_*` ones), in the order
/// the schema lists them, at most `limit`.
fn table_names(connection: &Connection, limit: u64) -> rusqlite::Result<Vec<String>> {
    let mut statement = connection.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' \
         ESCAPE '\\' LIMIT ?1",
    )?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let names = statement.query_map([limit], |row| row.get::<_, String>(0))?;
    names.collect()
}

/// The table `name` as CSV (its column names, then its rows), at most `cap` bytes. A text
/// or blob value is written as its bytes, a blob holding a NUL (binary) as nothing.
fn table_csv(connection: &Connection, name: &str, cap: u64) -> Result<Vec<u8>, TableError> {
    let query = format!("SELECT * FROM \"{}\"", name.replace('"', "\"\""));
    let mut statement = connection.prepare(&query)?;
    let columns: Vec<String> = statement
        .column_names()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&columns)?;
    let mut rows = statement.query([])?;
    let mut cells: Vec<Vec<u8>> = Vec::with_capacity(columns.len());
    while let Some(row) = rows.next()? {
        cells.clear();
        for index in 0..columns.len() {
            let cell = match row.get_ref(index)? {
                ValueRef::Null => Vec::new(),
                ValueRef::Integer(i) => i.to_string().into_bytes(),
                ValueRef::Real(r) => r.to_string().into_bytes(),
                ValueRef::Text(text) => text.to_vec(),
                ValueRef::Blob(blob) if !blob.contains(&0) => blob.to_vec(),
                ValueRef::Blob(_) => Vec::new(),
            };
            cells.push(cell);
        }
        writer.write_record(&cells)?;
        if writer.get_ref().len() as u64 > cap {
            return Err(TableError::OverCap);
        }
    }
    let csv = writer
        .into_inner()
        .map_err(|e| TableError::Write(e.into_error().into()))?;
    if csv.len() as u64 > cap {
        return Err(TableError::OverCap);
    }
    Ok(csv)
}

/// A database file's bytes, as SQLite writes them, holding `sql`'s tables (for tests).
#[cfg(test)]
pub(crate) fn database(sql: &str) -> Vec<u8> {
    let connection = Connection::open_in_memory().unwrap();
    connection.execute_batch(sql).unwrap();
    connection.serialize(MAIN_DB).unwrap().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(max_table: u64, budget: u64) -> TableBounds {
        TableBounds {
            max_table,
            budget,
            max_tables: 100,
        }
    }

    fn read(tables: &[TableRead]) -> Vec<(String, String)> {
        tables
            .iter()
            .filter_map(|t| match t {
                TableRead::Read { member, csv } => {
                    Some((member.clone(), String::from_utf8_lossy(csv).into_owned()))
                }
                TableRead::Skipped { .. } => None,
            })
            .collect()
    }

    #[test]
    fn every_table_becomes_csv_under_its_column_names() {
        let data = database(
            "CREATE TABLE settings (name TEXT, value TEXT, updated INTEGER);
             INSERT INTO settings VALUES ('stripe_key', 'rk_live_Zq8', 1700000000);
             INSERT INTO settings VALUES ('note', 'two
lines', NULL);
             CREATE TABLE \"odd/name\" (k BLOB);
             INSERT INTO \"odd/name\" VALUES (x'00ff'), (x'6869');
             CREATE VIEW everything AS SELECT * FROM settings;",
        );
        assert!(data.starts_with(MAGIC));
        let (tables, listed) = read_tables(&data, bounds(1 << 20, 1 << 20)).unwrap();
        assert_eq!(listed, 2);
        let read = read(&tables);
        assert_eq!(read.len(), 2, "{read:?}");
        assert_eq!(read[0].0, "settings.csv");
        assert_eq!(
            read[0].1,
            "name,value,updated\nstripe_key,rk_live_Zq8,1700000000\nnote,\"two\nlines\",\n"
        );
        // a separator in a table's name is not a path; a binary blob is left out
        assert_eq!(
            read[1],
            ("odd_name.csv".to_string(), "k\n\"\"\nhi\n".to_string())
        );
    }

    #[test]
    fn a_wal_database_opens_and_a_non_database_is_an_error() {
        let mut data = database("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('x');");
        data[18] = 2;
        data[19] = 2;
        let (tables, _) = read_tables(&data, bounds(1 << 20, 1 << 20)).unwrap();
        assert_eq!(read(&tables).len(), 1);
        let not_a_database = b"SQLite format 3\0 and then nothing";
        assert!(read_tables(not_a_database, bounds(1 << 20, 1 << 20)).is_err());
        let mut truncated = database("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('x');");
        truncated.truncate(100);
        assert!(read_tables(&truncated, bounds(1 << 20, 1 << 20)).is_err());
    }

    /// A hostile repository's database: damaged bytes anywhere (the header, the schema,
    /// the pages) give an error or fewer rows, never a panic or a hang.
    #[test]
    fn damaged_databases_fail_cleanly() {
        let data = database(
            "CREATE TABLE settings (name TEXT, value TEXT);
             INSERT INTO settings VALUES ('a', 'Zq8vLm2Xw'), ('b', hex(randomblob(600)));
             CREATE INDEX by_name ON settings (name);
             CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (hex(randomblob(3000)));",
        );
        let mut state: u32 = 0x9E37_79B9;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as usize
        };
        for _ in 0..400 {
            let mut damaged = data.clone();
            for _ in 0..1 + next() % 8 {
                let at = next() % damaged.len();
                damaged[at] ^= 1 << (next() % 8);
            }
            if next() % 5 == 0 {
                damaged.truncate(next() % data.len());
            }
            // at most the schema's three rows (a damaged type may make the index a table)
            if let Ok((tables, _)) = read_tables(&damaged, bounds(1 << 20, 1 << 20)) {
                assert!(tables.len() <= 3);
            }
        }
    }

    #[test]
    fn the_bounds_skip_a_large_table_and_stop_at_the_budget() {
        let data = database(
            "CREATE TABLE big (v TEXT); INSERT INTO big VALUES (hex(randomblob(4000)));
             CREATE TABLE small (v TEXT); INSERT INTO small VALUES ('x');
             CREATE TABLE after (v TEXT); INSERT INTO after VALUES ('y');",
        );
        // a table over the member bound is skipped, the next ones read
        let (tables, _) = read_tables(&data, bounds(1000, 1 << 20)).unwrap();
        assert!(matches!(
            &tables[0],
            TableRead::Skipped {
                reason: SkipReason::ArchiveMemberTooLarge,
                ..
            }
        ));
        assert_eq!(read(&tables).len(), 2);
        // the budget spent, the tables after are not read
        let (tables, _) = read_tables(&data, bounds(1 << 20, 1000)).unwrap();
        assert_eq!(tables.len(), 1);
        assert!(matches!(
            &tables[0],
            TableRead::Skipped {
                reason: SkipReason::ArchiveTooLarge,
                ..
            }
        ));
    }
}
