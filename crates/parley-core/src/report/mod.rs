//! Reports: where each agenda item stands and how it got there. [`model`] builds one
//! [`Report`] from the database; the renderers turn it into each output format.
//! [`diff`] and [`timeline`] are the other derived views: what changed between two
//! rounds, and the chronological record.

mod build;
pub mod csv;
pub mod diff;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;
pub mod table;
pub mod text;
pub mod timeline;

pub use model::{Report, ReportRequest};

/// Which rounds the chart shows as columns and the text formats give a section of
/// their own: the latest `n`, or all of them (`None`). Earlier rounds are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundWindow(pub Option<usize>);

impl RoundWindow {
    /// The latest 12 rounds: a year of monthly talks, and a chart that fits a screen.
    pub const DEFAULT: RoundWindow = RoundWindow(Some(12));
    pub const ALL: RoundWindow = RoundWindow(None);
}

impl Default for RoundWindow {
    fn default() -> Self {
        Self::DEFAULT
    }
}
