#!/usr/bin/env bash
# Build the Neo4j test-server launcher (tests/neo4j_launcher) with Maven, quietly and only when
# it is missing or older than its sources. Source this file and call prepare_neo4j_launcher, or
# run it. The first build resolves Neo4j from Maven Central into ~/.m2; later builds are offline.

prepare_neo4j_launcher() {
  local dir jar
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  jar="$dir/target/neo4j-launcher.jar"
  if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
    echo "prepare_neo4j_launcher: java and mvn are needed to build the Neo4j test server" >&2
    return 1
  fi
  if [ -f "$jar" ] && [ -d "$dir/target/lib" ] \
      && [ -z "$(find "$dir/pom.xml" "$dir/src" -newer "$jar" -print -quit)" ]; then
    return 0  # up to date
  fi
  echo "building the Neo4j test server launcher (Maven)" >&2
  local log rc=0
  log="$(mktemp)"
  # Maven 3.8 -q still prints colour resets; keep its output for a failure only.
  mvn -q -B -Dstyle.color=never -f "$dir/pom.xml" package >"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    cat "$log" >&2
    echo "prepare_neo4j_launcher: Maven build failed (exit $rc)" >&2
  fi
  rm -f "$log"
  return "$rc"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  prepare_neo4j_launcher
fi
