//! What a recovery file says about itself: small enough for the recovery offer to show
//! without reading (or knowing how to read) the model it holds.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::disk::Fingerprint;
use super::owner::Owner;
use crate::model::Model;

/// The `format` field of a recovery file.
pub(super) const RECOVERY_FORMAT: &str = "threatcanvas-recovery";

/// How much a model holds, to tell recovery files apart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Diagrams.
    pub diagrams: usize,
    /// Elements.
    pub elements: usize,
    /// Data flows.
    pub flows: usize,
    /// Trust boundaries.
    pub boundaries: usize,
    /// Threats.
    pub threats: usize,
}

impl Counts {
    /// The counts of `model`.
    #[must_use]
    pub fn of(model: &Model) -> Self {
        Self {
            diagrams: model.diagrams.len(),
            elements: model.elements.len(),
            flows: model.flows.len(),
            boundaries: model.boundaries.len(),
            threats: model.threats.len(),
        }
    }
}

/// What a recovery file says about itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryHeader {
    /// Always [`RECOVERY_FORMAT`].
    pub format: String,
    /// The envelope's version.
    pub version: u32,
    /// When it was written, in seconds since 1970 (UTC).
    pub written_unix_secs: u64,
    /// The process that wrote it.
    pub owner: Owner,
    /// The model file the work belongs to; `None` for an untitled model.
    pub source: Option<PathBuf>,
    /// What that file looked like when it was opened or last saved, so a restored document
    /// still notices that the file changed since.
    pub base: Option<Fingerprint>,
    /// The model's title.
    pub title: String,
    /// What it holds.
    pub counts: Counts,
    /// The recovery file itself (filled in when read, not stored).
    #[serde(skip)]
    pub file: PathBuf,
}

impl RecoveryHeader {
    /// "2026-12-02 23:41 UTC", for the offer.
    #[must_use]
    pub fn written_text(&self) -> String {
        utc_text(self.written_unix_secs)
    }
}

/// `secs` since 1970 as "YYYY-MM-DD HH:MM UTC" (days to a civil date: Howard Hinnant's method).
pub(super) fn utc_text(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rest = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", rest / 3_600, rest % 3_600 / 60)
}
