//! Which process owns a lock or a recovery file, and whether it still runs.

use serde::{Deserialize, Serialize};

/// A running ThreatCanvas: its process id, the machine, and when the process started (so a
/// recycled process id is not taken for the owner).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    /// The process id.
    pub pid: u32,
    /// The machine's host name.
    pub host: String,
    /// When the process started, in the system's own ticks (Linux: field 22 of
    /// `/proc/PID/stat`); `None` where that cannot be read.
    #[serde(default)]
    pub started: Option<u64>,
}

/// Whether an owner still runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Liveness {
    /// This very process.
    Us,
    /// Another process that runs now.
    Alive,
    /// Gone: its lock or recovery file is free to take over.
    Dead,
    /// On another machine, or on a system where we cannot tell: treated as alive.
    Unknown,
}

impl Owner {
    /// This process.
    #[must_use]
    pub fn current() -> Self {
        let pid = std::process::id();
        Self { pid, host: host_name(), started: start_time(pid) }
    }

    /// The process `pid` on this machine (tests use it to make locks of other processes).
    #[must_use]
    pub fn process(pid: u32) -> Self {
        Self { pid, host: host_name(), started: start_time(pid) }
    }

    /// Whether the owner still runs.
    #[must_use]
    pub fn liveness(&self) -> Liveness {
        if self.host != host_name() {
            return Liveness::Unknown;
        }
        if *self == Self::current() {
            return Liveness::Us;
        }
        if !cfg!(target_os = "linux") {
            return Liveness::Unknown;
        }
        match start_time(self.pid) {
            None => Liveness::Dead,
            // The same id, started at another time: the id was recycled.
            Some(started) if self.started.is_some_and(|s| s != started) => Liveness::Dead,
            Some(_) => Liveness::Alive,
        }
    }

    /// "process 123 on host", for dialogs.
    #[must_use]
    pub fn describe(&self) -> String {
        format!("process {} on {}", self.pid, self.host)
    }
}

/// The machine's name: the kernel's on Linux, else the usual variables.
fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "this machine".to_owned())
}

/// When process `pid` started (Linux), or `None` if it does not run or we cannot tell.
fn start_time(pid: u32) -> Option<u64> {
    start_time_in(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)
}

/// The start time in a `/proc/PID/stat` line; `None` for a zombie (killed, not yet reaped by
/// its parent: it runs no more, though its entry stays) or a dead process.
fn start_time_in(stat: &str) -> Option<u64> {
    // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
    let mut fields = stat[stat.rfind(')')? + 1..].split_whitespace();
    // Field 3, the state, is the first after ')'; the start time is field 22.
    if matches!(fields.next()?, "Z" | "X" | "x") {
        return None;
    }
    fields.nth(18)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_us_and_a_finished_child_is_dead() {
        assert_eq!(Owner::current().liveness(), Liveness::Us);
        let mut child = std::process::Command::new("true").spawn().expect("spawn true");
        let pid = child.id();
        child.wait().expect("wait");
        let gone = Owner { pid, host: Owner::current().host, started: Some(1) };
        if cfg!(target_os = "linux") {
            assert_eq!(gone.liveness(), Liveness::Dead);
        }
    }

    #[test]
    fn a_killed_process_not_yet_reaped_is_dead() {
        let line = "4242 (threat canvas) S 1 4242 4242 0 -1 4194560 900 0 0 0 5 2 0 0 20 0 12 0 987654 0 0";
        assert_eq!(start_time_in(line), Some(987_654));
        assert_eq!(start_time_in(&line.replace(") S ", ") Z ")), None);
        // A real zombie: killed, not waited for.
        let mut child = std::process::Command::new("sleep").arg("30").spawn().expect("spawn");
        let owner = Owner::process(child.id());
        child.kill().expect("kill");
        std::thread::sleep(std::time::Duration::from_millis(200));
        if cfg!(target_os = "linux") {
            assert_eq!(owner.liveness(), Liveness::Dead, "a zombie runs no more");
        }
        child.wait().expect("reap");
    }

    #[test]
    fn a_recycled_process_id_is_dead_and_another_host_is_unknown() {
        let mut me = Owner::current();
        me.started = me.started.map(|s| s + 1);
        if cfg!(target_os = "linux") {
            assert_eq!(me.liveness(), Liveness::Dead);
        }
        let elsewhere = Owner { host: "elsewhere.example".to_owned(), ..Owner::current() };
        assert_eq!(elsewhere.liveness(), Liveness::Unknown);
    }
}
