//! The methods, one file each: individual results and customer classes
//! (`individual`), stages (`stage`), team and project pools (`pool`),
//! profit shares and partners' dividends (`profit`), the special bonuses
//! (`bonus`), and the one way a pool is split (`share`).

pub(crate) mod bonus;
pub(crate) mod individual;
pub(crate) mod pool;
pub(crate) mod profit;
pub(crate) mod share;
pub(crate) mod stage;
