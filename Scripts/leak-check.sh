#!/usr/bin/env bash
# Runs the leak-check workload and the CLI under valgrind and fails when any block is
# definitely lost, or when any loss record (definite or possible) was allocated by GMP, FLINT, Arb or MPFR.
# valgrind 3.19 cannot read the DWARF 5 that Swift emits, so it runs on copies of the
# binaries with their debug info stripped (symbol names stay).
# Usage: Scripts/leak-check.sh [products-dir]   (default: .build/debug, built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
products="${1:-.build/debug}"
if [ ! -x "$products/exactnet-leakcheck" ] || [ ! -x "$products/exactnet" ]; then
    swift build --product exactnet-leakcheck >/dev/null
    swift build --product exactnet >/dev/null
fi
command -v valgrind >/dev/null || { echo "leak-check: valgrind is not installed (apt-get install valgrind)"; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for binary in exactnet-leakcheck exactnet; do
    cp "$products/$binary" "$work/$binary"
    strip --strip-debug "$work/$binary"
done

status=0
check() {
    local name="$1"; shift
    local log="$work/$name.log"
    # Uninitialised-value reports come from the Swift runtime's metadata setup, not from us.
    valgrind --leak-check=full --show-leak-kinds=definite,possible --undef-value-errors=no \
        --log-file="$log" "$@" >/dev/null 2>&1 || true
    local definite
    definite=$(grep -E "definitely lost: [0-9,]+ bytes" "$log" | sed -E 's/.*definitely lost: ([0-9,]+) bytes.*/\1/' | tr -d ,)
    if [ -z "$definite" ]; then
        if grep -q "All heap blocks were freed" "$log"; then definite=0; else echo "leak-check: $name: no leak summary"; cat "$log"; status=1; return; fi
    fi
    # A frame of GMP, FLINT, Arb or MPFR: a function of theirs, or their library (a Swift frame's mangled
    # name may contain `arb_struct`, which is not an Arb allocation).
    if [ "$definite" != "0" ] || grep -qE ": (__gmp|flint_|arb_|mpfr_)[A-Za-z0-9_]* \(|\(in [^)]*lib(gmp|flint|mpfr)" "$log"; then
        echo "leak-check: $name: LEAK (definitely lost: $definite bytes)"
        grep -A20 "lost in loss record" "$log" | head -80 || true
        status=1
    else
        echo "leak-check: $name: no definitely lost blocks, no GMP, FLINT, Arb or MPFR block in any loss record"
    fi
}

check workload "$work/exactnet-leakcheck"
check seed "$work/exactnet" run Examples/01-seed-skip-connection.exnet --format latex
check growth "$work/exactnet" run Examples/06-regression-growth.exnet --format json
check crosscheck "$work/exactnet" crosscheck Examples/05-kink.exnet
check error "$work/exactnet" run Examples/08-sigmoid-double-only.exnet
check certified "$work/exactnet" run Examples/09-mazur-sigmoid.exnet --scalar certified --format latex
check certified-crosscheck "$work/exactnet" crosscheck Examples/11-softmax-cross-entropy.exnet
check grading "$work/exactnet" check Examples/01-seed-skip-connection.exnet Examples/Solutions/01-exercise2-sigma-learning.txt --format json
exit $status
