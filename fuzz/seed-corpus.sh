#!/usr/bin/env bash
# Builds the seed corpora in fuzz/corpus/<target>/ from the shipped sample and the test files
# (broken and hostile ones included: the loader must refuse them cleanly). The corpora are not
# committed; run this once before `cargo +nightly fuzz run`.
set -euo pipefail
cd "$(dirname "$0")"
for target in load canonical paste; do
  mkdir -p "corpus/$target"
  find ../samples ../tests/data -type f \( -name '*.json' -o -name '*.bin' \) -print0 |
    while IFS= read -r -d '' file; do
      name=$(printf '%s' "${file#../}" | tr '/' '_')
      cp "$file" "corpus/$target/$name"
    done
done
echo "seeded: $(ls corpus/load | wc -l) files per target"
