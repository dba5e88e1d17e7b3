//! Numbers read from a table by a key the table indexes directly (`taux(g.rang)` through the
//! dense index of its ranges, `montants(p).plafond` by track): the column is laid out once, when
//! compiling, as machine numbers by key, so that a lookup indexes an array instead of finding
//! the row and converting its value.
//!
//! Each cell is what the general lookup gives for its key: the row that [`Table::row_of`]
//! selects, read by the same function. A key the array does not hold — past the dense range,
//! without a row, of another kind — takes the general lookup, with its errors.

use crate::eval::program::Table;
use crate::value::Value;

/// A cell: `Some(None)` for an absent number, `None` where the general lookup decides.
type Cell<T> = Option<Option<T>>;

pub(super) struct Column<T> {
    /// By integer key, from `from` on (the dense index of integer ranges).
    ints: Vec<Cell<T>>,
    from: i64,
    /// By track or enum variant index.
    direct: Vec<Cell<T>>,
}

impl<T: Copy> Column<T> {
    /// The column of `table` that `read` takes from a row's result, if the table indexes its
    /// keys directly; `read` gives `None` where the general lookup would fail.
    pub(super) fn new(table: &Table, read: impl Fn(&Value) -> Option<Option<T>>) -> Option<Self> {
        if table.dense.is_empty() && table.direct.is_empty() {
            return None;
        }
        let cell = |key: Value| {
            let row = table.row_of(&key)?;
            read(table.results.get(row)?)
        };
        let ints = (0..table.dense.len())
            .map(|i| {
                let k = i64::try_from(i).ok()?.checked_add(table.dense_from)?;
                cell(Value::Int(k))
            })
            .collect();
        let direct = (0..table.direct.len())
            .map(|i| cell(Value::Track(u32::try_from(i).ok()?)))
            .collect();
        Some(Column {
            ints,
            from: table.dense_from,
            direct,
        })
    }

    /// The number for `key`, if the array holds it.
    #[inline]
    pub(super) fn get(&self, key: &Value) -> Cell<T> {
        match key {
            Value::Int(k) => {
                let i = usize::try_from(k.checked_sub(self.from)?).ok()?;
                *self.ints.get(i)?
            }
            // The direct index holds both, by index (`Table::row_of`).
            Value::Track(i) | Value::Enum(i) => *self.direct.get(*i as usize)?,
            _ => None,
        }
    }
}
