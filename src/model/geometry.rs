//! Positions and sizes in diagram units.
//!
//! Coordinates are whole numbers: the file then never carries float noise such as
//! `151.99999999999983`, a moved box changes one line of the file, and save-then-load is exact.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The largest absolute coordinate a file may hold. Beyond it a file is broken or hostile, and
/// an export of it would be a picture kilometres wide.
pub const MAX_COORD: i32 = 1_000_000;
/// The largest width or height of a box.
pub const MAX_EXTENT: i32 = 100_000;

/// `v` limited to ±[`MAX_COORD`].
#[must_use]
pub const fn clamp_coord(v: i32) -> i32 {
    if v > MAX_COORD {
        MAX_COORD
    } else if v < -MAX_COORD {
        -MAX_COORD
    } else {
        v
    }
}

/// A point in diagram units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct Point {
    /// Horizontal position, growing to the right.
    pub x: i32,
    /// Vertical position, growing downwards.
    pub y: i32,
}

impl Point {
    /// A point at `x`, `y`.
    #[must_use]
    pub const fn new(x: i32, y: i32) -> Self {
        Self { x, y }
    }

    /// The same point moved by `dx`, `dy`, kept within ±[`MAX_COORD`].
    #[must_use]
    pub const fn translated(&self, dx: i32, dy: i32) -> Self {
        Self::new(clamp_coord(self.x.saturating_add(dx)), clamp_coord(self.y.saturating_add(dy)))
    }
}

/// An axis-aligned box in diagram units: top-left corner and size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rect {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width, at least 1.
    pub w: i32,
    /// Height, at least 1.
    pub h: i32,
}

impl Rect {
    /// A box with its top-left corner at `x`, `y`.
    #[must_use]
    pub const fn new(x: i32, y: i32, w: i32, h: i32) -> Self {
        Self { x, y, w, h }
    }

    /// The centre, rounded towards the top-left.
    #[must_use]
    pub const fn center(&self) -> Point {
        Point::new(self.x + self.w / 2, self.y + self.h / 2)
    }

    /// The same box moved by `dx`, `dy`, kept within the coordinates a file may hold (so no
    /// number of moves can produce a file that fails to load).
    #[must_use]
    pub const fn translated(&self, dx: i32, dy: i32) -> Self {
        Self::new(clamp_coord(self.x.saturating_add(dx)), clamp_coord(self.y.saturating_add(dy)), self.w, self.h)
    }

    /// Whether `p` lies inside or on the edge.
    #[must_use]
    pub const fn contains(&self, p: Point) -> bool {
        p.x >= self.x && p.y >= self.y && p.x <= self.x + self.w && p.y <= self.y + self.h
    }

    /// Whether `other` lies wholly inside this box.
    #[must_use]
    pub const fn contains_rect(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.x + other.w <= self.x + self.w
            && other.y + other.h <= self.y + self.h
    }

    /// Whether the coordinates are within the limits a file may hold.
    #[must_use]
    pub const fn is_within_limits(&self) -> bool {
        self.x.unsigned_abs() <= MAX_COORD.unsigned_abs()
            && self.y.unsigned_abs() <= MAX_COORD.unsigned_abs()
            && self.w >= 1
            && self.h >= 1
            && self.w <= MAX_EXTENT
            && self.h <= MAX_EXTENT
    }
}
