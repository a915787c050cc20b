//! Reports: where each agenda item stands and how it got there. [`model`] builds one
//! [`Report`] from the database; the renderers turn it into each output format.
//! [`diff`] and [`timeline`] are the other derived views: what changed between two
//! rounds, and the chronological record.

pub mod csv;
pub mod diff;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;
pub mod table;
pub mod timeline;

pub use model::{Report, ReportRequest};
