//! A synthetic workload: writes one importable round file (docs/round-file.md) to
//! standard output, for benchmarks and tests at any size.
//!
//! ```sh
//! cargo run --release --example synth -- --rounds 2000 --items 200 --seed 1 > synth.toml
//! parley --db big.db init --empty && parley --db big.db import synth.toml
//! ```
//!
//! The file holds one process, `--items` agenda items (every fifth a parent of the
//! four after it), 30 parties, about one source per two rounds, and `--rounds` held
//! rounds a day or three apart. Each round records a status for half the items (so
//! the file holds rounds × items / 2 status records): mostly unchanged, some
//! advancing, some regressing into setbacks; with about three positions, two to four
//! participants, a quote one round in three, a note one round in five and a
//! commitment one round in ten. Statuses cite the round's one or two sources; one
//! in twenty names its own, graded.
//!
//! Corrections: one file gives an item one status per round, so a file cannot
//! correct itself. `--revised` writes the same file with about one status in a
//! hundred changed; importing it after the plain file writes those as corrections
//! that supersede the originals.
//!
//! Output is deterministic for a seed (a splitmix64 generator, no dependency), and
//! `--prefix` prefixes every slug, short code and alias, so files made with different
//! prefixes import into one database without colliding.

use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::{Days, NaiveDate};
use clap::Parser;

/// Write a synthetic round file to standard output.
#[derive(Debug, Parser)]
struct Args {
    /// Number of rounds.
    #[arg(long)]
    rounds: usize,
    /// Number of agenda items; each round records a status for half of them.
    #[arg(long)]
    items: usize,
    /// Seed of the generator: the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Prefix for every slug (e.g. `b-`), so that several files fit in one database.
    #[arg(long, default_value = "")]
    prefix: String,
    /// Change about one status in a hundred, so that importing this file after the
    /// plain one (same seed) writes corrections.
    #[arg(long)]
    revised: bool,
}

const PARTIES: usize = 30;

const STATUSES: [&str; 10] = [
    "proposed",
    "discussed",
    "progressing",
    "preliminary",
    "agreed",
    "implementing",
    "implemented",
    "contested",
    "stalled",
    "dropped",
];
const STANCES: [&str; 7] = [
    "red_line", "priority", "proposes", "supports", "open", "opposes", "rejects",
];
const PARTY_KINDS: [&str; 5] = ["state", "organisation", "bloc", "delegation", "group"];
const FORMATS: [&str; 6] = [
    "bilateral",
    "trilateral",
    "multilateral",
    "proximity",
    "shuttle",
    "virtual",
];
const LEVELS: [&str; 5] = [
    "leaders",
    "ministers",
    "senior_officials",
    "envoys",
    "technical",
];
const ROLES: [&str; 4] = ["delegation", "host", "mediator", "observer"];
const PLACES: [&str; 8] = [
    "Geneva",
    "Istanbul",
    "Riyadh",
    "Vienna",
    "Doha",
    "Oslo",
    "Abu Dhabi",
    "Helsinki",
];
const TOPICS: [&str; 12] = [
    "Humanitarian access",
    "Prisoner exchanges",
    "Ceasefire lines",
    "Security guarantees",
    "Monitoring mission",
    "Energy infrastructure",
    "Grain corridor",
    "Reconstruction fund",
    "Sanctions relief",
    "Territorial arrangements",
    "Nuclear safety",
    "Return of civilians",
];
const NOTE_KINDS: [&str; 4] = ["driver", "caution", "context", "assessment"];
const COMMITMENT_KINDS: [&str; 5] = [
    "mechanism",
    "agreement_in_principle",
    "agreement",
    "follow_up",
    "statement",
];
const RELIABILITY: [&str; 6] = ["A", "B", "C", "D", "E", "F"];

/// splitmix64: tiny, fast and good enough for a workload.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n as u64) as usize
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The next status of an item: mostly unchanged, sometimes a step up the ladder,
/// sometimes a setback (or a step back down).
fn next_status(rng: &mut Rng, current: usize) -> usize {
    let roll = rng.below(100);
    if roll < 82 {
        current
    } else if roll < 94 {
        match current {
            // From a setback, talks resume where they usually do.
            7..=9 => rng.below(3),
            6 => 6,
            s => s + 1,
        }
    } else {
        match current {
            0 => 7 + rng.below(3),
            7..=9 => 7 + rng.below(3),
            s if rng.chance(0.5) => s - 1,
            _ => 7 + rng.below(3),
        }
    }
}

fn main() -> io::Result<()> {
    let args = Args::parse();
    if args.items == 0 {
        eprintln!("synth: --items must be at least 1");
        std::process::exit(2);
    }
    let mut rng = Rng(args.seed ^ 0x5EED_0F9A_41E7);
    let p = &args.prefix;
    let code = args.prefix.to_uppercase();
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut buf = String::with_capacity(1 << 16);

    let start = NaiveDate::from_ymd_opt(2000, 1, 3).expect("a valid date");
    let mut dates = Vec::with_capacity(args.rounds);
    let mut day = start;
    for _ in 0..args.rounds {
        dates.push(day);
        day = day
            .checked_add_days(Days::new(1 + rng.below(3) as u64))
            .expect("dates stay in range");
    }
    let source_count = args.rounds.div_ceil(2).max(6);

    writeln!(
        buf,
        "# A synthetic round file: examples/synth.rs --rounds {} --items {} --seed {}{}{}\n",
        args.rounds,
        args.items,
        args.seed,
        if p.is_empty() {
            String::new()
        } else {
            format!(" --prefix {p}")
        },
        if args.revised { " --revised" } else { "" }
    )
    .ok();
    writeln!(buf, "[process]\nslug = \"{p}synthetic\"").ok();
    writeln!(
        buf,
        "name = {}",
        quoted(&format!("Synthetic process {p}{}", args.seed))
    )
    .ok();
    writeln!(
        buf,
        "description = \"Generated workload: {} rounds, {} agenda items.\"\n",
        args.rounds, args.items
    )
    .ok();

    for i in 1..=PARTIES {
        writeln!(buf, "[[party]]\nslug = \"{p}party-{i:02}\"").ok();
        writeln!(buf, "name = {}", quoted(&format!("{code}Party {i:02}"))).ok();
        writeln!(buf, "short = {}", quoted(&format!("{code}P{i:02}"))).ok();
        writeln!(buf, "kind = \"{}\"", PARTY_KINDS[i % PARTY_KINDS.len()]).ok();
        if i % 3 == 0 {
            writeln!(
                buf,
                "aliases = [{}]",
                quoted(&format!("{code}Delegation {i:02}"))
            )
            .ok();
        }
        buf.push('\n');
    }
    out.write_all(buf.as_bytes())?;
    buf.clear();

    for k in 0..source_count {
        let published = dates.get(k * 2).copied().unwrap_or(start);
        writeln!(buf, "[[source]]\nslug = \"{p}source-{:05}\"", k + 1).ok();
        writeln!(buf, "outlet = \"Wire service {}\"", k % 17 + 1).ok();
        writeln!(buf, "title = \"Dispatch {} on the talks\"", k + 1).ok();
        writeln!(buf, "published = \"{published}\"").ok();
        if rng.chance(0.7) {
            writeln!(buf, "reliability = \"{}\"", rng.pick(&RELIABILITY)).ok();
        }
        buf.push('\n');
        if buf.len() > 1 << 15 {
            out.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }

    for i in 1..=args.items {
        writeln!(buf, "[[item]]\nslug = \"{p}item-{i:04}\"").ok();
        let parent = (i - 1) / 5 * 5 + 1;
        if parent != i {
            writeln!(buf, "parent = \"{p}item-{parent:04}\"").ok();
        }
        writeln!(
            buf,
            "title = \"{} {i}\"",
            TOPICS[(i - 1) / 5 % TOPICS.len()]
        )
        .ok();
        buf.push('\n');
    }
    out.write_all(buf.as_bytes())?;
    buf.clear();

    // Every item starts proposed or discussed.
    let mut state: Vec<usize> = (0..args.items).map(|_| rng.below(2)).collect();
    let mut order: Vec<usize> = (0..args.items).collect();
    let half = args.items.div_ceil(2);
    for (r, date) in dates.iter().enumerate() {
        let n = r + 1;
        writeln!(buf, "[[round]]\nslug = \"{p}round-{n:05}\"").ok();
        writeln!(buf, "title = \"Round {n}\"").ok();
        writeln!(buf, "date = \"{date}\"").ok();
        if rng.chance(0.2) {
            writeln!(
                buf,
                "end_date = \"{}\"",
                date.succ_opt().expect("a next day")
            )
            .ok();
        }
        writeln!(buf, "location = \"{}\"", rng.pick(&PLACES)).ok();
        writeln!(buf, "format = \"{}\"", rng.pick(&FORMATS)).ok();
        writeln!(buf, "level = \"{}\"", rng.pick(&LEVELS)).ok();
        writeln!(buf, "state = \"held\"").ok();
        if rng.chance(0.3) {
            writeln!(
                buf,
                "tone = \"Businesslike; both sides spoke of progress.\""
            )
            .ok();
        }
        if rng.chance(0.5) {
            writeln!(
                buf,
                "summary = \"Round {n}: the delegations reviewed the open items and agreed to meet again.\""
            )
            .ok();
        }
        let own_source = (r / 2).min(source_count - 1);
        write!(buf, "sources = [\"{p}source-{:05}\"", own_source + 1).ok();
        if rng.chance(0.3) {
            let other = rng.below(own_source + 1);
            if other != own_source {
                write!(buf, ", \"{p}source-{:05}\"", other + 1).ok();
            }
        }
        buf.push_str("]\n\n");

        let participants = 2 + rng.below(3);
        let first = rng.below(PARTIES);
        for k in 0..participants {
            let party = (first + k * 7) % PARTIES + 1;
            let role = if k < 2 {
                "delegation"
            } else {
                rng.pick(&ROLES)
            };
            writeln!(
                buf,
                "[[round.participant]]\nparty = \"{p}party-{party:02}\"\nrole = \"{role}\"\n"
            )
            .ok();
        }

        // Half the items, chosen afresh each round, in item order.
        for k in 0..half {
            let j = k + rng.below(args.items - k);
            order.swap(k, j);
        }
        let mut chosen = order[..half].to_vec();
        chosen.sort_unstable();
        for &item in &chosen {
            let before = state[item];
            let mut after = next_status(&mut rng, before);
            state[item] = after;
            // Drawn whether or not --revised is given, so both files agree elsewhere.
            let revise = rng.chance(0.01);
            let revision = 1 + rng.below(STATUSES.len() - 1);
            let note = rng.chance(0.3);
            let confidence = rng.chance(0.3).then(|| 1 + rng.below(6));
            let own_sources = rng
                .chance(0.05)
                .then(|| (rng.below(own_source + 1), 1 + rng.below(6)));
            if args.revised && revise {
                after = (after + revision) % STATUSES.len();
            }
            writeln!(
                buf,
                "[[round.status]]\nitem = \"{p}item-{:04}\"\nstatus = \"{}\"",
                item + 1,
                STATUSES[after]
            )
            .ok();
            if note || after != before {
                writeln!(
                    buf,
                    "note = \"{} after round {n}, as the delegations reported it.\"",
                    STATUSES[after]
                )
                .ok();
            }
            if let Some(c) = confidence {
                writeln!(buf, "confidence = {c}").ok();
            }
            if let Some((s, c)) = own_sources {
                writeln!(
                    buf,
                    "sources = [{{ source = \"{p}source-{:05}\", credibility = {c} }}]",
                    s + 1
                )
                .ok();
            }
            buf.push('\n');
        }

        let positions = 2 + rng.below(3);
        let mut seen = Vec::with_capacity(positions);
        for _ in 0..positions {
            let party = (first + 7 * rng.below(participants)) % PARTIES + 1;
            let item = chosen[rng.below(chosen.len())] + 1;
            if seen.contains(&(party, item)) {
                continue;
            }
            seen.push((party, item));
            writeln!(
                buf,
                "[[round.position]]\nparty = \"{p}party-{party:02}\"\nitem = \"{p}item-{item:04}\"\nstance = \"{}\"",
                rng.pick(&STANCES)
            )
            .ok();
            if rng.chance(0.4) {
                writeln!(buf, "note = \"Stated at the opening session.\"").ok();
            }
            buf.push('\n');
        }

        if rng.chance(0.1) {
            let item = chosen[rng.below(chosen.len())] + 1;
            let due = date
                .checked_add_days(Days::new(30))
                .expect("dates stay in range");
            writeln!(
                buf,
                "[[round.commitment]]\nslug = \"commitment-{n}\"\nitem = \"{p}item-{item:04}\"\nkind = \"{}\"\ndescription = \"Follow up on item {item} before the next round.\"\ndue = \"{due}\"\nparties = [\"{p}party-{:02}\"]\n",
                rng.pick(&COMMITMENT_KINDS),
                first + 1
            )
            .ok();
        }
        if rng.chance(0.33) {
            writeln!(
                buf,
                "[[round.quote]]\nspeaker_description = \"a senior official\"\nparty = \"{p}party-{:02}\"\ntext = \"We made progress in round {n}, but much remains open.\"\n",
                first + 1
            )
            .ok();
        }
        if rng.chance(0.2) {
            writeln!(
                buf,
                "[[round.note]]\nkind = \"{}\"\nbody = \"Analyst's note on round {n}.\"\n",
                rng.pick(&NOTE_KINDS)
            )
            .ok();
        }
        if buf.len() > 1 << 15 {
            out.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    out.write_all(buf.as_bytes())?;
    match out.flush() {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
