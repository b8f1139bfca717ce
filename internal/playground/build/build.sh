#!/usr/bin/env bash
# Regenerates internal/playground/dist from the pinned npm packages in
# package-lock.json. Needs Node.js and npm; the output is committed, so
# `go build` and `go test` never need them.
set -euo pipefail
cd "$(dirname "$0")"
export NEXT_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
npm ci --no-audit --no-fund --loglevel=error
node build.mjs
