#!/usr/bin/env bash
# Coverage-guided fuzzing of loading, training and every renderer with libFuzzer.
#   Scripts/fuzz.sh [SECONDS] [extra libFuzzer flags...]     (default 60 s)
# New inputs that add coverage are merged, minimised, into Tools/Fuzz/Corpus (commit them);
# a crash leaves crash-* in the working directory, and `swift test` replays the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
swift build -c release --scratch-path .build-fuzz --product exactnet-fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xswiftc -parse-as-library
fuzzer=.build-fuzz/release/exactnet-fuzz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$fuzzer" "$work" Tools/Fuzz/Corpus -dict=Tools/Fuzz/exnet.dict -max_len=4096 -timeout=10 \
    -rss_limit_mb=2048 -max_total_time="$seconds" -print_final_stats=1 "$@"
# Keep only inputs that add coverage to what the corpus already has.
"$fuzzer" -merge=1 Tools/Fuzz/Corpus "$work" -dict=Tools/Fuzz/exnet.dict >/dev/null 2>&1
echo "fuzz: corpus has $(ls Tools/Fuzz/Corpus | wc -l) inputs"
