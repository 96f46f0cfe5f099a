#!/usr/bin/env bash
# Writes the demo and test studies under test-studies/generated/ (not committed: they are made, not kept).
#   test-studies/make-studies.sh            phantom (small, x4) and Cranium demo (x4 and x2)
# Needs the packaged jar (./thinslice run builds it, or mvn -B -q package -DskipTests) and, for the
# Cranium demo, the Debian package invesalius-examples.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/quarkus-app/quarkus-run.jar
OUT=test-studies/generated
[[ -f $JAR ]] || mvn -B -q package -DskipTests
rm -rf "$OUT"
java -jar "$JAR" phantom --out "$OUT/phantom-x4" --factor 4
java -jar "$JAR" phantom --out "$OUT/phantom-512-x4" --factor 4 --rows 512 --columns 512 --thin-slices 81
java -jar "$JAR" cranium-demo --out "$OUT/cranium-x4" --factor 4
java -jar "$JAR" cranium-demo --out "$OUT/cranium-x2" --factor 2
