//! Closed vocabularies. Each mirrors a lookup table or a CHECK constraint of the
//! schema; `tests/vocabularies.rs` checks that the two agree. Each is also a
//! [`clap::ValueEnum`], so that a flag's `--help` lists its values; flags still parse
//! with [`FromStr`] (see `cmd::vocabulary`), which accepts `red-line` for `red_line`
//! and suggests the nearest value on a typo.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::names::Suggestions;

/// A value outside a vocabulary, with the values it could have been.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    pub vocabulary: &'static str,
    pub value: String,
    pub expected: &'static [&'static str],
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} '{}'; expected one of: {}{}",
            self.vocabulary,
            self.value,
            self.expected.join(", "),
            Suggestions::nearest(&self.value, self.expected.iter().copied())
        )
    }
}

impl std::error::Error for UnknownValue {}

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $label:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $slug:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $slug)] $variant, )+
        }

        impl $name {
            /// Every value, in the vocabulary's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every slug, in the vocabulary's order.
            pub const SLUGS: &'static [&'static str] = &[$($slug),+];
            /// What the vocabulary is called in messages.
            pub const NAME: &'static str = $label;

            /// The slug the database stores.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl clap::ValueEnum for $name {
            fn value_variants<'a>() -> &'a [Self] {
                $name::ALL
            }

            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(clap::builder::PossibleValue::new(self.as_str()))
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                let wanted = text.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|value| value.as_str().eq_ignore_ascii_case(wanted)
                        || value.as_str().replace('_', "-").eq_ignore_ascii_case(wanted))
                    .ok_or_else(|| UnknownValue {
                        vocabulary: $label,
                        value: text.to_owned(),
                        expected: $name::SLUGS,
                    })
            }
        }
    };
}

vocabulary! {
    /// Where an agenda item stands after a round (the `status` lookup table).
    Status, "status" {
        Proposed => "proposed",
        Discussed => "discussed",
        Progressing => "progressing",
        Preliminary => "preliminary",
        Agreed => "agreed",
        Implementing => "implementing",
        Implemented => "implemented",
        Contested => "contested",
        Stalled => "stalled",
        Dropped => "dropped",
    }
}

impl Status {
    /// The rank the `status` table gives: the ladder runs 1 to 7, setbacks sit below it.
    pub fn rank(self) -> i64 {
        match self {
            Status::Proposed => 1,
            Status::Discussed => 2,
            Status::Progressing => 3,
            Status::Preliminary => 4,
            Status::Agreed => 5,
            Status::Implementing => 6,
            Status::Implemented => 7,
            Status::Contested => 0,
            Status::Stalled => -1,
            Status::Dropped => -2,
        }
    }

    /// Contested, stalled and dropped: off the ladder, counted as setbacks.
    pub fn is_setback(self) -> bool {
        self.rank() <= 0
    }

    /// How reports print it.
    pub fn label(self) -> &'static str {
        match self {
            Status::Proposed => "Proposed",
            Status::Discussed => "Discussed",
            Status::Progressing => "Progressing",
            Status::Preliminary => "Preliminary agreement",
            Status::Agreed => "Agreed",
            Status::Implementing => "Implementing",
            Status::Implemented => "Implemented",
            Status::Contested => "Contested",
            Status::Stalled => "Stalled",
            Status::Dropped => "Dropped",
        }
    }
}

vocabulary! {
    /// A party's stance on an agenda item (the `stance` lookup table).
    Stance, "stance" {
        RedLine => "red_line",
        Priority => "priority",
        Proposes => "proposes",
        Supports => "supports",
        Open => "open",
        Opposes => "opposes",
        Rejects => "rejects",
    }
}

vocabulary! {
    /// Whether a round has taken place.
    RoundState, "round state" {
        Scheduled => "scheduled",
        Held => "held",
        Postponed => "postponed",
        Cancelled => "cancelled",
    }
}

vocabulary! {
    /// How the parties met.
    RoundFormat, "round format" {
        Bilateral => "bilateral",
        Trilateral => "trilateral",
        Multilateral => "multilateral",
        Proximity => "proximity",
        Shuttle => "shuttle",
        Virtual => "virtual",
    }
}

vocabulary! {
    /// Who led the delegations.
    Level, "level" {
        Leaders => "leaders",
        Ministers => "ministers",
        SeniorOfficials => "senior_officials",
        Envoys => "envoys",
        Technical => "technical",
    }
}

vocabulary! {
    /// How a party took part in a round.
    Role, "participant role" {
        Delegation => "delegation",
        Host => "host",
        Mediator => "mediator",
        Observer => "observer",
        Stakeholder => "stakeholder",
        Absent => "absent",
    }
}

vocabulary! {
    /// What sort of actor a party is.
    PartyKind, "party kind" {
        State => "state",
        Organisation => "organisation",
        Bloc => "bloc",
        Delegation => "delegation",
        Group => "group",
    }
}

vocabulary! {
    /// What sort of outcome a commitment is.
    CommitmentKind, "commitment kind" {
        Mechanism => "mechanism",
        AgreementInPrinciple => "agreement_in_principle",
        Agreement => "agreement",
        FollowUp => "follow_up",
        Statement => "statement",
    }
}

vocabulary! {
    /// What became of a commitment.
    Fate, "commitment fate" {
        Open => "open",
        Fulfilled => "fulfilled",
        PartlyFulfilled => "partly_fulfilled",
        Broken => "broken",
        Lapsed => "lapsed",
        Superseded => "superseded",
    }
}

vocabulary! {
    /// What sort of context a round note gives.
    NoteKind, "note kind" {
        Driver => "driver",
        Caution => "caution",
        Context => "context",
        Assessment => "assessment",
    }
}

vocabulary! {
    /// Admiralty code, source reliability: A (completely reliable) to F (cannot be judged).
    Reliability, "reliability grade" {
        A => "A",
        B => "B",
        C => "C",
        D => "D",
        E => "E",
        F => "F",
    }
}

/// Admiralty code, information credibility: 1 (confirmed) to 6 (cannot be judged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Credibility(u8);

impl Credibility {
    pub fn new(grade: i64) -> Result<Self, String> {
        u8::try_from(grade)
            .ok()
            .filter(|g| (1..=6).contains(g))
            .map(Credibility)
            .ok_or_else(|| format!("credibility {grade} is out of range; expected 1 (confirmed) to 6 (cannot be judged)"))
    }

    pub fn grade(self) -> i64 {
        i64::from(self.0)
    }
}

impl TryFrom<i64> for Credibility {
    type Error = String;
    fn try_from(grade: i64) -> Result<Self, String> {
        Credibility::new(grade)
    }
}

impl From<Credibility> for i64 {
    fn from(c: Credibility) -> i64 {
        c.grade()
    }
}

impl FromStr for Credibility {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let grade: i64 = text
            .trim()
            .parse()
            .map_err(|_| format!("'{text}' is not a credibility grade; expected 1 (confirmed) to 6 (cannot be judged)"))?;
        Credibility::new(grade)
    }
}

impl fmt::Display for Credibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_accept_hyphens() {
        for status in Status::ALL {
            assert_eq!(status.as_str().parse::<Status>().unwrap(), *status);
        }
        assert_eq!("red-line".parse::<Stance>().unwrap(), Stance::RedLine);
        assert_eq!("AGREED".parse::<Status>().unwrap(), Status::Agreed);
    }

    #[test]
    fn an_unknown_value_lists_the_vocabulary_and_the_nearest() {
        let err = "agred".parse::<Status>().unwrap_err().to_string();
        assert!(err.contains("unknown status 'agred'"), "{err}");
        assert!(err.contains("proposed, discussed"), "{err}");
        assert!(err.contains("did you mean 'agreed'?"), "{err}");
    }

    #[test]
    fn setbacks_rank_below_the_ladder() {
        let lowest_rung = Status::ALL
            .iter()
            .filter(|s| !s.is_setback())
            .map(|s| s.rank())
            .min();
        let highest_setback = Status::ALL
            .iter()
            .filter(|s| s.is_setback())
            .map(|s| s.rank())
            .max();
        assert!(highest_setback < lowest_rung);
    }

    #[test]
    fn credibility_is_one_to_six() {
        assert!(Credibility::new(0).is_err());
        assert!(Credibility::new(7).is_err());
        assert_eq!("3".parse::<Credibility>().unwrap().grade(), 3);
    }
}
