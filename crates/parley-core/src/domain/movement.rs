//! How an item moved between two rounds, derived from status ranks. The `movement`
//! view computes the same in SQL; `tests/properties.rs` checks that they agree.

use serde::{Deserialize, Serialize};

use super::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    /// The first round to address the item.
    New,
    /// A higher rank than at the item's previous round.
    Advanced,
    /// A lower rank.
    Regressed,
    /// The same rank.
    Unchanged,
}

impl Movement {
    pub fn between(previous: Option<Status>, current: Status) -> Movement {
        match previous {
            None => Movement::New,
            Some(previous) => match current.rank().cmp(&previous.rank()) {
                std::cmp::Ordering::Greater => Movement::Advanced,
                std::cmp::Ordering::Less => Movement::Regressed,
                std::cmp::Ordering::Equal => Movement::Unchanged,
            },
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Movement::New => "new",
            Movement::Advanced => "advanced",
            Movement::Regressed => "regressed",
            Movement::Unchanged => "unchanged",
        }
    }
}

impl std::str::FromStr for Movement {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "new" => Ok(Movement::New),
            "advanced" => Ok(Movement::Advanced),
            "regressed" => Ok(Movement::Regressed),
            "unchanged" => Ok(Movement::Unchanged),
            other => Err(format!("unknown movement '{other}'")),
        }
    }
}

impl std::fmt::Display for Movement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setback_from_the_ladder_is_a_regression() {
        assert_eq!(
            Movement::between(Some(Status::Proposed), Status::Contested),
            Movement::Regressed
        );
        assert_eq!(
            Movement::between(Some(Status::Stalled), Status::Discussed),
            Movement::Advanced
        );
        assert_eq!(Movement::between(None, Status::Agreed), Movement::New);
        assert_eq!(
            Movement::between(Some(Status::Agreed), Status::Agreed),
            Movement::Unchanged
        );
    }
}
