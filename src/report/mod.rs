//! Reports: where each agenda item stands and how it got there. [`model`] builds one
//! [`Report`] from the database; the renderers turn it into each output format.

pub mod json;
pub mod model;
pub mod table;

pub use model::{Report, ReportRequest};
