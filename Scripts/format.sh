#!/usr/bin/env bash
# Formats (default) or lints (--lint) every Swift file with the toolchain's swift-format and .swift-format.
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Package.swift Sources Tests Tools Benchmarks/Package.swift Benchmarks/Sources)
if [ "${1:-}" = "--lint" ]; then
    swift format lint --strict --recursive "${paths[@]}"
else
    swift format format --in-place --recursive "${paths[@]}"
fi
