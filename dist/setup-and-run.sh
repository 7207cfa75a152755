#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks, builds ThreatCanvas, and opens it on the
# Juice Shop sample. Without a display it exports the sample to out/ instead and says where.
#
# Usage: ./dist/setup-and-run.sh [MODEL.json]
set -euo pipefail
cd "$(dirname "$0")/.."
model="${1:-samples/juice-shop.json}"

say() { printf '==> %s\n' "$*"; }

# 1. System packages: run-time libraries of the window (X11/Wayland, GL, Vulkan software
#    renderer), a file-dialog helper, and the C toolchain some crates build with.
packages=(build-essential pkg-config curl ca-certificates libxkbcommon-x11-0 libgl1 libegl1
          libgl1-mesa-dri libwayland-client0 mesa-vulkan-drivers libvulkan1 zenity)
if command -v dpkg >/dev/null && command -v apt-get >/dev/null; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    log=$(mktemp -t threatcanvas-apt.XXXXXX.log)
    say "Installing system packages: ${missing[*]} (details in $log)"
    # A fresh machine often has another apt (unattended upgrades) running: wait for its lock
    # rather than fail at once.
    wait_lock=(-o DPkg::Lock::Timeout=300)
    { $sudo apt-get "${wait_lock[@]}" update -qq \
        && DEBIAN_FRONTEND=noninteractive $sudo apt-get "${wait_lock[@]}" install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1 \
      || { tail -n 20 "$log"; say "Installing packages failed; see $log"; exit 1; }
  else
    say "System packages: all present"
  fi
else
  say "Not a Debian-based system: install the equivalents of: ${packages[*]}"
fi

# 2. Rust 1.88 or newer (edition 2024). Debian's own rustc is older, so use rustup.
need_rust() {
  command -v cargo >/dev/null || return 0
  local v
  v=$(rustc --version | awk '{print $2}')
  [ "$(printf '%s\n' 1.88.0 "$v" | sort -V | head -n1)" != 1.88.0 ]
}
if need_rust; then
  if command -v rustup >/dev/null; then
    say "Updating Rust with rustup"
    rustup toolchain install stable --profile minimal
    rustup default stable
  else
    say "Installing Rust with rustup (https://rustup.rs)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  fi
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi

# 3. Build (a few minutes the first time).
say "Building ThreatCanvas (release)"
cargo build --release --locked
# Cargo builds into CARGO_TARGET_DIR when the user has set one.
bin="${CARGO_TARGET_DIR:-target}/release/threatcanvas"

# 4. Open the app, or export headlessly.
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  say "Opening $model"
  exec "$bin" "$model"
else
  say "No display found: exporting $model instead"
  mkdir -p out
  "$bin" validate "$model"
  "$bin" export "$model" --all --format svg -o out >/dev/null
  "$bin" export "$model" --all --format png -o out >/dev/null
  say "Exported every diagram of $model to $(pwd)/out:"
  ls -1 out | sed "s|^|    $(pwd)/out/|"
fi
