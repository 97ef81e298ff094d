#!/usr/bin/env bash
# Starts the services the test suite needs on this machine (loopback only).
# Nothing yet: the storage issue adds PostgreSQL here.
set -euo pipefail
