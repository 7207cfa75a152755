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
# The importers' seeds: other tools' files, from the shared corpus beside the repository when
# there is one (it is not ours to copy into the repository), and the tests' own. The first
# byte picks the importer: an even byte ('0') Threat Dragon, an odd one ('1') Open Threat Model.
mkdir -p corpus/import
shared=../../shared/corpus
for file in $(find "$shared" ../tests/data -type f -name '*.json' 2>/dev/null); do
  name=$(printf '%s' "${file#../}" | tr '/' '_')
  if grep -q '"otmVersion"' "$file"; then pick=1; else pick=0; fi
  { printf '%s' "$pick"; cat "$file"; } > "corpus/import/$name"
done
echo "seeded: $(ls corpus/load | wc -l) files per model target, $(ls corpus/import | wc -l) for import"
