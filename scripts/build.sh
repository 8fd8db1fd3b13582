#!/bin/sh
# Builds the paperbot binary exactly as the Docker image and CI do: static
# (no cgo), without local paths, stripped.
#
#   scripts/build.sh [OUT]      default OUT: ./paperbot
#
# Extra go build flags may come through GOFLAGS (e.g. GOFLAGS=-mod=readonly).
set -eu
cd "$(dirname "$0")/.."
out="${1:-paperbot}"
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out" ./cmd/paperbot
