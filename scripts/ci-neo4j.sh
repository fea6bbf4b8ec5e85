# shellcheck shell=bash
# Sourced by .ci/run: start the local Neo4j server for the tests and stop it when the calling
# script exits, however it exits (the trap is set before the server starts).
#
# The password is kept with the data it was set on, in <KG_NEO4J_HOME>/password (where
# scripts/neo4j-local keeps one it generates), so a second run in the same checkout logs in
# to the data of the first. A home with data but no password file (a password nobody kept)
# is wiped first. NEO4J_PASSWORD from the environment is used as it is.
: "${KG_NEO4J_HOME:=$PWD/.kg-neo4j}"
export KG_NEO4J_HOME
export NEO4J_USER="${NEO4J_USER:-neo4j}"
export NEO4J_URI="${NEO4J_URI:-bolt://127.0.0.1:${KG_NEO4J_BOLT_PORT:-7687}}"
trap 'scripts/neo4j-local stop || true' EXIT
if [[ -z "${NEO4J_PASSWORD:-}" ]]; then
  if [[ ! -s "$KG_NEO4J_HOME/password" ]]; then
    if [[ -d "$KG_NEO4J_HOME/data" ]]; then
      echo "ci: $KG_NEO4J_HOME holds data made with a password that was not kept: wiping it"
      scripts/neo4j-local wipe
    fi
    mkdir -p "$KG_NEO4J_HOME"
    ( umask 077; printf 'ci-%s\n' "$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')" >"$KG_NEO4J_HOME/password" )
  fi
  NEO4J_PASSWORD="$(cat "$KG_NEO4J_HOME/password")"
fi
export NEO4J_PASSWORD
scripts/neo4j-local start
