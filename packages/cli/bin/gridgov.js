#!/usr/bin/env node
// The `gridgov` executable's launcher: the command itself is built into dist/ (shipped in
// the tarball; `pnpm build` in the repository). The launcher is a file of its own so a
// package manager can link the command before anything is built.
import "../dist/bin/gridgov.js"
