//! Reading the flags that name things: a value parsed or checked as its flag expects,
//! and a process, party, person, item, source or round found by the name given, with
//! suggestions when none matches.

use super::round_label;
use crate::domain::model::{Citation, ProcessRef, RoundRef, check_text, slugify};
use crate::domain::names::{Catalog, Named, Suggestions};
use crate::domain::{Credibility, Instant, UnknownValue};
use crate::error::{Error, Result};
use crate::roundfile;
use crate::storage::prelude::*;

/// Parses a flag's value, naming the flag in the error.
pub(crate) fn parse_flag<T>(flag: &str, value: &str) -> Result<T>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    value
        .parse()
        .map_err(|e: T::Err| Error::invalid_argument(flag, e.to_string()))
}

/// The value parser of a flag that takes a vocabulary's value: `--help` (and shell
/// completion) lists the values, and the value is read with the vocabulary's own
/// [`FromStr`](std::str::FromStr), which accepts `red-line` for `red_line`, ignores
/// case and, on a typo, lists the values and suggests the nearest.
pub(crate) fn vocabulary<T>() -> VocabularyParser<T>
where
    T: clap::ValueEnum + std::str::FromStr<Err = UnknownValue> + Clone + Send + Sync + 'static,
{
    VocabularyParser(std::marker::PhantomData)
}

#[derive(Debug)]
pub(crate) struct VocabularyParser<T>(std::marker::PhantomData<fn() -> T>);

impl<T> Clone for VocabularyParser<T> {
    fn clone(&self) -> Self {
        VocabularyParser(std::marker::PhantomData)
    }
}

impl<T> clap::builder::TypedValueParser for VocabularyParser<T>
where
    T: clap::ValueEnum + std::str::FromStr<Err = UnknownValue> + Clone + Send + Sync + 'static,
{
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> std::result::Result<T, clap::Error> {
        // clap words the error (`invalid value 'hled' for '--state <STATE>': …`) and
        // appends the vocabulary's own message.
        let parse: fn(&str) -> std::result::Result<T, UnknownValue> = str::parse;
        parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            T::value_variants()
                .iter()
                .filter_map(clap::ValueEnum::to_possible_value),
        ))
    }
}

/// Checks a free-text flag: trimmed, not empty, not absurdly long.
pub(crate) fn text_flag(flag: &str, value: &str) -> Result<String> {
    check_text(value, roundfile::MAX_TEXT_CHARS).map_err(|m| Error::invalid_argument(flag, m))
}

/// Checks a name or title flag.
pub(crate) fn name_flag(flag: &str, value: &str) -> Result<String> {
    check_text(value, roundfile::MAX_NAME_CHARS).map_err(|m| Error::invalid_argument(flag, m))
}

pub(crate) fn opt_text_flag(flag: &str, value: Option<&str>) -> Result<Option<String>> {
    value.map(|v| text_flag(flag, v)).transpose()
}

pub(crate) fn opt_name_flag(flag: &str, value: Option<&str>) -> Result<Option<String>> {
    value.map(|v| name_flag(flag, v)).transpose()
}

/// The slug given with `--slug`, or one made from a name.
pub(crate) fn slug_flag(given: Option<&str>, from: &str) -> Result<String> {
    let slug = match given {
        Some(slug) => slug.to_owned(),
        None => {
            let slug = slugify(from);
            if slug.is_empty() {
                return Err(Error::invalid_argument(
                    "--slug",
                    format!(
                        "no slug can be made from '{from}'; give one with --slug (lowercase letters, digits, hyphens)"
                    ),
                ));
            }
            slug
        }
    };
    roundfile::check_slug(&slug).map_err(|m| Error::invalid_argument("--slug", m))?;
    Ok(slug)
}

/// An `--as-of` flag's instant (RFC 3339, or a date meaning the end of that day, UTC).
pub(crate) fn as_of_flag(value: Option<&str>) -> Result<Option<Instant>> {
    value
        .map(|t| Instant::parse(t).map_err(|message| Error::invalid_argument("--as-of", message)))
        .transpose()
}

/// Resolves a name in a catalog, naming the flag in the error.
pub(crate) fn resolve_flag(catalog: &Catalog, flag: &str, name: &str) -> Result<String> {
    catalog
        .resolve(name)
        .map(str::to_owned)
        .map_err(|why| Error::invalid_argument(flag, catalog.error(name, why).to_string()))
}

/// The process a command names with `--process`, or the only one there is.
pub(crate) async fn process_flag(db: &impl Storage, name: Option<&str>) -> Result<ProcessRef> {
    let processes = db.process_catalog().await?;
    resolve_process(db, &processes, name).await
}

/// The party a flag names: see [`named_flag`].
pub(crate) async fn party_flag(db: &impl Storage, flag: &str, name: &str) -> Result<String> {
    named_flag(db, Named::Party, flag, name).await
}

/// The person a flag names: see [`named_flag`].
pub(crate) async fn person_flag(db: &impl Storage, flag: &str, name: &str) -> Result<String> {
    named_flag(db, Named::Person, flag, name).await
}

/// The party, person or outlet a flag names, one path for every kind: its slug (a
/// party's short code) or alias through their indexes; anything else (its name,
/// another case or accents' encoding, a typo) against every name of the kind, which
/// suggests the nearest on a name that is unknown.
pub(crate) async fn named_flag(
    db: &impl Storage,
    kind: Named,
    flag: &str,
    name: &str,
) -> Result<String> {
    if let Some(slug) = db.named_by_index(kind, name.trim()).await? {
        return Ok(slug);
    }
    resolve_flag(&db.named_catalog(kind).await?, flag, name)
}

/// An agenda item of a process a flag names: its slug through its index; anything
/// else against the process's items.
pub(crate) async fn item_flag(
    db: &impl Storage,
    process: &ProcessRef,
    flag: &str,
    name: &str,
) -> Result<String> {
    if let Some(slug) = db.item_by_slug(process.id, name.trim()).await? {
        return Ok(slug);
    }
    let items = db.item_catalog(process.id).await?;
    if items.is_empty() {
        return Err(Error::invalid_argument(
            flag,
            format!(
                "unknown agenda item '{name}': process '{}' has no agenda items yet; add one with `parley item add`",
                process.slug
            ),
        ));
    }
    resolve_flag(&items, flag, name)
}

/// Citations from repeated `--source` flags (`SLUG` or `SLUG:CREDIBILITY`): each
/// source by its slug through its index; every source's slug is read only for a
/// name that is not one (another case, a typo).
pub(crate) async fn sources_flag(db: &impl Storage, values: &[String]) -> Result<Vec<Citation>> {
    let mut out: Vec<Citation> = Vec::new();
    let mut every: Option<Catalog> = None;
    for value in values {
        let (name, credibility) = match value.rsplit_once(':') {
            Some((name, grade)) if grade.chars().all(|c| c.is_ascii_digit()) => {
                (name, Some(parse_flag::<Credibility>("--source", grade)?))
            }
            _ => (value.as_str(), None),
        };
        let source = match db.source_by_slug(name.trim()).await? {
            Some(slug) => slug,
            None => {
                let every = match &mut every {
                    Some(every) => every,
                    none => none.insert(db.source_catalog().await?),
                };
                resolve_flag(every, "--source", name)?
            }
        };
        if out.iter().any(|c| c.source == source) {
            return Err(Error::invalid_argument(
                "--source",
                format!("source '{source}' is given twice"),
            ));
        }
        out.push(Citation {
            source,
            credibility,
        });
    }
    Ok(out)
}

/// The round holding the commitment `slug`: the one `round` names, which must hold
/// it; else the one round of the process that does.
pub(crate) async fn commitment_round(
    db: &impl Storage,
    process: &ProcessRef,
    slug: &str,
    round: Option<&str>,
) -> Result<RoundRef> {
    let holding = db.rounds_with_commitment(process.id, slug).await?;
    let unknown = |within: String| async move {
        let known = db.commitment_slugs(process.id).await?;
        let nearest = Suggestions::nearest(slug, known.iter().map(String::as_str));
        Ok::<_, Error>(Error::invalid_argument(
            "COMMITMENT",
            format!("{within} has no commitment '{slug}'{nearest}"),
        ))
    };
    match round {
        Some(name) => {
            let round = db.resolve_round(process.id, name, "--round").await?;
            match holding.iter().any(|r| r.round_id == round.round_id) {
                true => Ok(round),
                false => Err(unknown(round_label(&round)).await?),
            }
        }
        None => match <[RoundRef; 1]>::try_from(holding) {
            Ok([round]) => Ok(round),
            Err(holding) if holding.is_empty() => {
                Err(unknown(format!("process '{}'", process.slug)).await?)
            }
            Err(holding) => Err(Error::invalid_argument(
                "--round",
                format!(
                    "several rounds have a commitment '{slug}': {}; name one with --round",
                    holding
                        .iter()
                        .map(round_label)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        },
    }
}

/// The process a command is about: the one named, or the only one there is.
pub(crate) async fn resolve_process(
    db: &impl Storage,
    processes: &Catalog,
    name: Option<&str>,
) -> Result<ProcessRef> {
    let slug = match name {
        Some(name) => processes.lookup(name)?.to_owned(),
        None => {
            let slugs: Vec<&str> = processes.slugs().collect();
            match slugs.as_slice() {
                [one] => one.to_string(),
                [] => {
                    return Err(Error::invalid_argument(
                        "--process",
                        "the database holds no process yet; import a round file or run `parley seed`",
                    ));
                }
                many => {
                    return Err(Error::invalid_argument(
                        "--process",
                        format!(
                            "the database holds several processes; name one of {}",
                            many.join(", ")
                        ),
                    ));
                }
            }
        }
    };
    let (id, name) = db.process_id(&slug).await?.ok_or_else(|| {
        processes.error(
            &slug,
            crate::domain::names::Unresolved::Unknown(Default::default()),
        )
    })?;
    Ok(ProcessRef { id, slug, name })
}
