//! Reading a round file with every key no table of the format takes set aside, at its
//! place and with the fields expected there: the field names come from the entry
//! structs themselves (`fields_of`), so the format is written once, in `format.rs`.

use super::*;

/// The fields only a history export holds (`parley export --history`).
const HISTORY_ONLY: &[&str] = &[
    "history",
    "recorded_at",
    "aliases_recorded_at",
    "version",
    "superseded",
    "fates",
    "retracted",
    "removed_alias",
    "participant_version",
];

/// The keys a graded citation (`{ source = "…", credibility = 2 }`) takes. Written out
/// because an untagged enum's variant cannot be asked for its fields, and serde would
/// ignore any other key of it.
pub const GRADED_CITATION_FIELDS: &[&str] = &["source", "credibility"];

/// A key that no table of the format takes where it stands, at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownField {
    /// The key's span in the file.
    pub span: std::ops::Range<usize>,
    /// Its field path, e.g. `round[2].quote[1].speaker` (indices 1-based).
    pub path: String,
    pub message: String,
}

/// Deserialises a round file (or a piece of one: any table whose keys are a round
/// file's) from TOML. Every key no table of the format takes is removed first and
/// returned, each with its place, its field path and the fields expected there, so
/// that one misnamed field neither hides the file's other problems nor stops the
/// rest of the file from being checked.
pub fn from_toml<T: serde::de::DeserializeOwned>(
    text: &str,
) -> (Result<T, toml::de::Error>, Vec<UnknownField>) {
    let mut root = match toml::de::DeTable::parse(text) {
        Ok(root) => root,
        Err(e) => return (Err(e), Vec::new()),
    };
    let mut unknown = Vec::new();
    file_fields(root.get_mut(), &mut unknown);
    unknown.sort_by_key(|u| u.span.start);
    (T::deserialize(toml::de::Deserializer::from(root)), unknown)
}

type Table<'i> = toml::de::DeTable<'i>;

/// The fields each table of the format takes, read from the structs once.
struct Shapes {
    file: &'static [&'static str],
    process: &'static [&'static str],
    party: &'static [&'static str],
    person: &'static [&'static str],
    outlet: &'static [&'static str],
    source: &'static [&'static str],
    item: &'static [&'static str],
    round: &'static [&'static str],
    participant: &'static [&'static str],
    /// Each claim's table key and fields.
    claims: [(&'static str, &'static [&'static str]); 5],
    history: &'static [&'static str],
    /// `[[history.write]]`'s fields.
    write: &'static [&'static str],
    /// A `retracted` table's fields (a round's or a claim's).
    retracted: &'static [&'static str],
    /// The tables a history export nests in a round and in its claims: (the table's
    /// key, the key nested in it, its fields).
    versions: [(&'static str, &'static str, &'static [&'static str]); 9],
}

fn shapes() -> &'static Shapes {
    static SHAPES: std::sync::OnceLock<Shapes> = std::sync::OnceLock::new();
    SHAPES.get_or_init(|| Shapes {
        file: fields_of::<RoundFile>(),
        process: fields_of::<ProcessEntry>(),
        party: fields_of::<PartyEntry>(),
        person: fields_of::<PersonEntry>(),
        outlet: fields_of::<OutletEntry>(),
        source: fields_of::<SourceEntry>(),
        item: fields_of::<ItemEntry>(),
        round: fields_of::<RoundEntry>(),
        participant: fields_of::<ParticipantEntry>(),
        claims: [
            ("status", fields_of::<StatusEntry>()),
            ("position", fields_of::<PositionEntry>()),
            ("commitment", fields_of::<CommitmentEntry>()),
            ("quote", fields_of::<QuoteEntry>()),
            ("note", fields_of::<NoteEntry>()),
        ],
        history: fields_of::<HistoryEntry>(),
        write: fields_of::<WriteEntry>(),
        retracted: fields_of::<RetractedEntry>(),
        versions: [
            ("round", "version", fields_of::<RoundVersionEntry>()),
            ("status", "superseded", fields_of::<StatusVersionEntry>()),
            (
                "position",
                "superseded",
                fields_of::<PositionVersionEntry>(),
            ),
            ("commitment", "fates", fields_of::<FateEntry>()),
            ("source", "version", fields_of::<SourceVersion>()),
            ("party", "version", fields_of::<PartyVersion>()),
            ("party", "removed_alias", fields_of::<RemovedAlias>()),
            ("item", "version", fields_of::<ItemVersion>()),
            (
                "round",
                "participant_version",
                fields_of::<ParticipantVersion>(),
            ),
        ],
    })
}

/// Where a table is in the file (`round[1].status[2]`), written out only when one of
/// its keys is unknown: a file of a million claims builds no million paths.
#[derive(Clone, Copy)]
struct Place<'a> {
    parent: Option<&'a Place<'a>>,
    key: &'a str,
    /// 0-based; shown 1-based.
    index: Option<usize>,
}

impl Place<'_> {
    const ROOT: Place<'static> = Place {
        parent: None,
        key: "",
        index: None,
    };

    fn is_root(&self) -> bool {
        self.parent.is_none() && self.key.is_empty()
    }

    /// The path of `key` in this table.
    fn field(&self, key: &str) -> String {
        match self.is_root() {
            true => key.to_owned(),
            false => format!("{self}.{key}"),
        }
    }
}

impl std::fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(parent) = self.parent {
            write!(f, "{parent}")?;
            if !parent.is_root() {
                f.write_str(".")?;
            }
        }
        f.write_str(self.key)?;
        if let Some(i) = self.index {
            write!(f, "[{}]", i + 1)?;
        }
        Ok(())
    }
}

fn file_fields(root: &mut Table<'_>, unknown: &mut Vec<UnknownField>) {
    let shapes = shapes();
    let at = Place::ROOT;
    keep_known(root, shapes.file, &at, unknown);
    for (key, fields) in [("process", shapes.process), ("history", shapes.history)] {
        if let Some(toml::de::DeValue::Table(table)) = root.get_mut(key).map(|v| v.get_mut()) {
            let place = Place {
                parent: Some(&at),
                key,
                index: None,
            };
            keep_known(table, fields, &place, unknown);
            if key == "history" {
                entries(table, &place, "write", unknown, |t, place, u| {
                    keep_known(t, shapes.write, place, u)
                });
            }
        }
    }
    for (key, fields) in [
        ("party", shapes.party),
        ("person", shapes.person),
        ("outlet", shapes.outlet),
        ("source", shapes.source),
        ("item", shapes.item),
    ] {
        entries(root, &at, key, unknown, |t, place, u| {
            keep_known(t, fields, place, u);
            nested_fields(t, key, place, u);
        });
    }
    entries(root, &at, "round", unknown, round_fields);
}

fn round_fields(round: &mut Table<'_>, at: &Place<'_>, unknown: &mut Vec<UnknownField>) {
    let shapes = shapes();
    keep_known(round, shapes.round, at, unknown);
    retracted_fields(round, at, unknown);
    citation_fields(round, at, unknown);
    nested_fields(round, "round", at, unknown);
    entries(round, at, "participant", unknown, |t, place, u| {
        keep_known(t, shapes.participant, place, u)
    });
    for (key, fields) in shapes.claims {
        entries(round, at, key, unknown, |t, place, u| {
            keep_known(t, fields, place, u);
            retracted_fields(t, place, u);
            citation_fields(t, place, u);
            nested_fields(t, key, place, u);
        });
    }
}

/// The keys of the tables a history export nests in a table of kind `kind` (a
/// round's versions, a claim's superseded records, a commitment's fates).
fn nested_fields(
    table: &mut Table<'_>,
    kind: &str,
    at: &Place<'_>,
    unknown: &mut Vec<UnknownField>,
) {
    for (of, key, fields) in shapes().versions {
        if of == kind {
            entries(table, at, key, unknown, |t, place, u| {
                keep_known(t, fields, place, u);
                citation_fields(t, place, u);
            });
        }
    }
}

/// The keys of a history export's `retracted` table in a round or a claim.
fn retracted_fields(table: &mut Table<'_>, at: &Place<'_>, unknown: &mut Vec<UnknownField>) {
    if let Some(toml::de::DeValue::Table(retracted)) =
        table.get_mut("retracted").map(|v| v.get_mut())
    {
        let place = Place {
            parent: Some(at),
            key: "retracted",
            index: None,
        };
        keep_known(retracted, shapes().retracted, &place, unknown);
    }
}

/// The keys of the graded citations in a table's `sources`.
fn citation_fields(table: &mut Table<'_>, at: &Place<'_>, unknown: &mut Vec<UnknownField>) {
    entries(table, at, "sources", unknown, |t, place, u| {
        keep_known(t, GRADED_CITATION_FIELDS, place, u)
    });
}

/// Calls `check` on each table in the array at `key` (`[[round.status]]`, or an array
/// of inline tables), with its place (`round[1].status[2]`). A value of another shape
/// is left for deserialisation to report.
fn entries<'i>(
    table: &mut Table<'i>,
    at: &Place<'_>,
    key: &str,
    unknown: &mut Vec<UnknownField>,
    mut check: impl FnMut(&mut Table<'i>, &Place<'_>, &mut Vec<UnknownField>),
) {
    let Some(toml::de::DeValue::Array(array)) = table.get_mut(key).map(|v| v.get_mut()) else {
        return;
    };
    for (i, entry) in array.iter_mut().enumerate() {
        if let toml::de::DeValue::Table(entry) = entry.get_mut() {
            let place = Place {
                parent: Some(at),
                key,
                index: Some(i),
            };
            check(entry, &place, unknown);
        }
    }
}

/// Removes the keys of `table` that are not among `fields`, reporting each.
fn keep_known(
    table: &mut Table<'_>,
    fields: &[&str],
    at: &Place<'_>,
    unknown: &mut Vec<UnknownField>,
) {
    if table
        .iter()
        .all(|(key, _)| fields.contains(&key.get_ref().as_ref()))
    {
        return;
    }
    let strangers: Vec<(String, std::ops::Range<usize>)> = table
        .iter()
        .map(|(key, _)| (key.get_ref().as_ref(), key.span()))
        .filter(|(name, _)| !fields.contains(name))
        .map(|(name, span)| (name.to_owned(), span))
        .collect();
    // What only a history export holds is accepted everywhere (validation refuses it
    // outside one, at its place) but not offered to someone writing a round file.
    let listed: Vec<&str> = fields
        .iter()
        .copied()
        .filter(|f| !HISTORY_ONLY.contains(f))
        .collect();
    for (name, span) in strangers {
        table.remove(name.as_str());
        unknown.push(UnknownField {
            span,
            path: at.field(&name),
            message: format!(
                "unknown field '{name}'; expected one of: {}{}",
                listed.join(", "),
                crate::domain::names::Suggestions::nearest(&name, listed.iter().copied())
            ),
        });
    }
}

/// The field names a struct of the format takes, as serde reads them (renamed ones by
/// their name in the file), asked of the struct's own `Deserialize`: the list cannot
/// drift from the struct.
fn fields_of<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldNames(&mut fields));
    fields
}

/// A deserialiser that only records the fields a struct asks for, then stops.
struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom(
            "only a struct's field names are read",
        ))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(serde::de::Error::custom("field names read"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
        identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_come_from_the_structs_as_the_file_names_them() {
        assert_eq!(
            fields_of::<ProcessEntry>(),
            ["slug", "name", "description", "recorded_at"]
        );
        let round = fields_of::<RoundEntry>();
        for name in ["slug", "clear", "participant", "status", "quote", "note"] {
            assert!(round.contains(&name), "{round:?}");
        }
        assert!(!round.contains(&"participants"), "{round:?}");
    }

    #[test]
    fn every_graded_citation_field_is_one_serde_reads() {
        let entry: CitationEntry = toml::from_str::<
            std::collections::BTreeMap<String, CitationEntry>,
        >("c = { source = \"ap\", credibility = 2 }")
        .unwrap()
        .remove("c")
        .unwrap();
        assert!(matches!(
            entry,
            CitationEntry::Graded { ref source, credibility: Some(2) } if source == "ap"
        ));
        assert_eq!(GRADED_CITATION_FIELDS, ["source", "credibility"]);
    }

    #[test]
    fn unknown_keys_anywhere_are_all_found_with_their_paths_and_removed() {
        let text = "[process]\nslug = \"p\"\ncolour = \"red\"\n\n\
                    [[round]]\nslug = \"r\"\nsources = [{ source = \"ap\", credibilty = 2 }]\n\n\
                    [[round]]\nslug = \"s\"\n\n\
                    [[round.quote]]\nspeakr = \"x\"\ntext = \"t\"\n\n\
                    [[round.quotes]]\ntext = \"u\"\n";
        let (file, unknown) = from_toml::<RoundFile>(text);
        let paths: Vec<&str> = unknown.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "process.colour",
                "round[1].sources[1].credibilty",
                "round[2].quote[1].speakr",
                "round[2].quotes"
            ]
        );
        assert!(unknown[2].message.starts_with(
            "unknown field 'speakr'; expected one of: speaker, speaker_name, speaker_description, party, item, text, sources; did you mean 'speaker'?"
        ), "{}", unknown[2].message);
        assert!(
            unknown[3].message.ends_with("did you mean 'quote'?"),
            "{}",
            unknown[3].message
        );
        assert_eq!(&text[unknown[0].span.clone()], "colour");
        // What is left deserialises: the rest of the file can be checked.
        let file = file.unwrap();
        assert_eq!(file.rounds[1].get_ref().quotes.len(), 1);
    }
}
