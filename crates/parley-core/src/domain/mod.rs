//! The domain model: the vocabularies analysts use, partial dates, how movement is
//! derived, and the records a round holds. Nothing here touches the database.

pub mod date;
pub mod history;
pub mod instant;
pub mod model;
pub mod movement;
pub mod names;
pub mod vocab;

pub use date::PartialDate;
pub use instant::Instant;
pub use movement::Movement;
pub use vocab::*;
