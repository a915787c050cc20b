//! The tables Parley keeps (updated in place, never deleted from) and the
//! append-only ones, one rule pair each.

use super::Rule;

pub(super) const PROCESS: [Rule; 2] = kept_table!(
    "process",
    "process: a process keeps its process_id, and no two processes share a slug; rows are never replaced"
);
pub(super) const PARTY: [Rule; 2] = kept_table!(
    "party",
    "party: a party keeps its party_id, and no two parties share a slug or short code; rows are never replaced"
);
pub(super) const PERSON: [Rule; 2] = kept_table!(
    "person",
    "person: a person keeps its person_id, and no two persons share a slug; rows are never replaced"
);
pub(super) const OUTLET: [Rule; 2] = kept_table!(
    "outlet",
    "outlet: an outlet keeps its outlet_id, and no two outlets share a slug; rows are never replaced"
);
pub(super) const SOURCE: [Rule; 2] = kept_table!(
    "source",
    "source: a source keeps its source_id, and no two sources share a slug; rows are never replaced"
);
pub(super) const AGENDA_ITEM: [Rule; 2] = kept_table!(
    "agenda_item",
    "agenda_item: an item keeps its agenda_item_id and process, and no two items of a process share a slug; rows are never replaced"
);
pub(super) const ROUND: [Rule; 2] = kept_table!(
    "round",
    "round: a round keeps its round_id and process, and no two rounds of a process share a slug; rows are never replaced"
);
/// A participant may be withdrawn from a round (migrations/20251214000000_edit_history.sql):
/// its row goes, its last version stays in round_party_history.
pub(super) const ROUND_PARTY: [Rule; 1] = [Rule {
    name: "round_party_identity",
    table: "round_party",
    triggers: &["round_party_new_key", "round_party_keep_key"],
    message: "round_party: a row keeps its round_party_id, and a party takes part in a round once; rows are never replaced",
    foreign_key: false,
    find: None,
}];
pub(super) const COMMITMENT: [Rule; 2] = kept_table!(
    "commitment",
    "commitment: a commitment keeps its commitment_id, and no two commitments of a round share a slug; rows are never replaced"
);
pub(super) const CITATION: [Rule; 2] = kept_table!(
    "citation",
    "citation: a citation keeps its citation_id, and a claim cites a source once; rows are never replaced"
);
/// An alias is added or removed, never changed; a removed one stays in
/// party_alias_history (migrations/20251214000000_edit_history.sql).
pub(super) const PARTY_ALIAS: [Rule; 2] = [
    Rule {
        name: "party_alias_identity",
        table: "party_alias",
        triggers: &["party_alias_new_key"],
        message: "party_alias: an alias keeps its party_alias_id and names one party (regardless of case); rows are never replaced",
        foreign_key: false,
        find: None,
    },
    Rule {
        name: "party_alias_unchanged",
        table: "party_alias",
        triggers: &["party_alias_no_update"],
        message: "party_alias: an alias is never changed; delete it (party_alias_history keeps it) and add the new name",
        foreign_key: false,
        find: None,
    },
];
pub(super) const PERSON_ALIAS: [Rule; 2] = append_only_table!(
    "person_alias",
    "person_alias: an alias keeps its person_alias_id and names one person (regardless of case); rows are never replaced"
);
pub(super) const OUTLET_ALIAS: [Rule; 2] = append_only_table!(
    "outlet_alias",
    "outlet_alias: an alias keeps its outlet_alias_id and names one outlet (regardless of case); rows are never replaced"
);
pub(super) const ROUND_NOTE_PERSON: [Rule; 2] = append_only_table!(
    "round_note_person",
    "round_note_person: a row keeps its round_note_person_id, and a note names a person once; rows are never replaced"
);
pub(super) const ROUND_HISTORY: [Rule; 2] = append_only_table!(
    "round_history",
    "round_history: a row keeps its round_history_id; rows are never replaced"
);
pub(super) const SOURCE_HISTORY: [Rule; 2] = append_only_table!(
    "source_history",
    "source_history: a row keeps its source_history_id; rows are never replaced"
);
pub(super) const PARTY_HISTORY: [Rule; 2] = append_only_table!(
    "party_history",
    "party_history: a row keeps its party_history_id; rows are never replaced"
);
pub(super) const AGENDA_ITEM_HISTORY: [Rule; 2] = append_only_table!(
    "agenda_item_history",
    "agenda_item_history: a row keeps its agenda_item_history_id; rows are never replaced"
);
pub(super) const PARTY_ALIAS_HISTORY: [Rule; 2] = append_only_table!(
    "party_alias_history",
    "party_alias_history: a row keeps its party_alias_history_id; rows are never replaced"
);
pub(super) const ROUND_PARTY_HISTORY: [Rule; 2] = append_only_table!(
    "round_party_history",
    "round_party_history: a row keeps its round_party_history_id; rows are never replaced"
);
pub(super) const COMMITMENT_PARTY: [Rule; 2] = append_only_table!(
    "commitment_party",
    "commitment_party: a row keeps its commitment_party_id, and a commitment binds a party once; rows are never replaced"
);
pub(super) const COMMITMENT_FATE: [Rule; 2] = append_only_table!(
    "commitment_fate",
    "commitment_fate: a row keeps its commitment_fate_id; rows are never replaced"
);
pub(super) const QUOTE: [Rule; 2] = append_only_table!(
    "quote",
    "quote: a row keeps its quote_id; rows are never replaced"
);
pub(super) const ROUND_NOTE: [Rule; 2] = append_only_table!(
    "round_note",
    "round_note: a row keeps its round_note_id; rows are never replaced"
);

pub(super) const RETRACTION_TABLE: [Rule; 2] = append_only_table!(
    "retraction",
    "retraction: a retraction keeps its retraction_id, and a claim is retracted once; rows are never replaced"
);
