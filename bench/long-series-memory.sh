#!/usr/bin/env bash
# Peak memory of long series (issue 10 item 1): a 512 x 512 x N phantom series at x4 through `synthesize` with the
# node's method (three-view: check, adaptation of ADAPT_STEPS steps, guard; slabs) under the JVM options the node gets
# from `./thinslice run` (its default heap cap, see ./thinslice jvm-defaults), against baselines of the same run:
#   - cubic on the same series under the same options (the series read and written, no model);
#   - the thick input as floats (what holding the series whole costs) and BIG_LIMIT_MIB (3072, the target).
# Peak RSS is /usr/bin/time's "Maximum resident set size" of the whole JVM.
#
# Run from the repository root after `mvn -B -q package -DskipTests`:
#   bench/long-series-memory.sh
# Environment: SLICES ("300 1000"), ROWS (512), COLUMNS (512), ADAPT_STEPS (600, the node's default at every size),
# JAR, HEAP (JVM heap option instead of the launcher's default, e.g. -Xmx4g; HEAP=none: the JVM's own default),
# JAVA_EXTRA (further JVM options, e.g. -Dai.djl.pytorch.num_threads=1; none by default, as the node),
# SERIES_CACHE (folder: phantom series are kept under it as N/thick and reused), KEEP=1 keeps the work folder.
# Long: on 2 cores about 10 minutes per 300 slices when the machine is idle.
set -euo pipefail
# glibc's allocator settings of `./thinslice run` (and of the container image), so the node runs here as it runs there
export GLIBC_TUNABLES=$("$(dirname "${BASH_SOURCE[0]}")/../thinslice" malloc-tunables)

SLICES=${SLICES:-300 1000}
ROWS=${ROWS:-512}
COLUMNS=${COLUMNS:-512}
ADAPT_STEPS=${ADAPT_STEPS:-600}
LIMIT=${BIG_LIMIT_MIB:-3072}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}

die() { echo "long-series-memory: $*" >&2; exit 1; }
[[ -f $JAR ]] || die "$JAR not found; run: mvn -B -q package -DskipTests"
command -v /usr/bin/time >/dev/null || die "/usr/bin/time not found (apt install time)"
JAR=$(realpath "$JAR")
case ${HEAP:-} in
    "") JVM=($(./thinslice jvm-defaults)) ;;
    none) JVM=() ;;
    *) JVM=($HEAP) ;;
esac
JVM+=(${JAVA_EXTRA:-})

WORK=$(mktemp -d "${TMPDIR:-/tmp}/thinslice-mem.XXXXXX")
cleanup() { [[ ${KEEP:-0} == 1 ]] && echo "work folder kept: $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT

peak() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"; }
wall() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); t=0; for(i=1;i<=n;i++) t=t*60+a[i]; printf "%.0f", t}' "$1"; }

echo "$(date -u '+%F %T') UTC, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); JVM options: ${JVM[*]:-(JVM defaults)}; adaptation $ADAPT_STEPS steps"
for n in $SLICES; do
    echo
    echo "== ${COLUMNS}x${ROWS}x${n} at x4"
    series=$WORK/series-$n
    if [[ -n ${SERIES_CACHE:-} ]]; then
        series=$SERIES_CACHE/$n
    fi
    if [[ ! -d $series/thick ]]; then
        java -jar "$JAR" phantom --out "$series" --rows "$ROWS" --columns "$COLUMNS" --thin-slices $(( (n - 1) * 4 + 1 )) --factor 4 >/dev/null
        rm -rf "$series/thin"
    fi
    [[ $(find "$series/thick" -type f | wc -l) -eq $n ]] || die "$series/thick does not hold $n slices"
    rm -rf "$WORK/out-cubic" "$WORK/out-node"
    /usr/bin/time -v -o "$WORK/cubic.time" java "${JVM[@]}" -jar "$JAR" synthesize --in "$series/thick" --out "$WORK/out-cubic" \
        --method cubic > "$WORK/cubic.log" 2>&1 || { tail -5 "$WORK/cubic.log"; die "cubic on the ${n}-slice series failed"; }
    /usr/bin/time -v -o "$WORK/node.time" java "${JVM[@]}" -jar "$JAR" synthesize --in "$series/thick" --out "$WORK/out-node" \
        --method three-view --adapt-steps "$ADAPT_STEPS" > "$WORK/node.log" 2>&1 || { tail -5 "$WORK/node.log"; die "the node's method on the ${n}-slice series failed"; }
    grep ^wrote "$WORK/node.log" | sed 's/ under [^ ]* / /' | cut -c1-200
    grep -o "'choice': '[^']*'\|choice=[^,}]*" "$WORK/node.log" | head -1 || true
    rss=$(peak "$WORK/node.time"); cubic=$(peak "$WORK/cubic.time")
    input=$(( ROWS * COLUMNS * n * 4 / 1048576 ))
    echo "peak RSS: node's method $rss MiB ($(wall "$WORK/node.time") s), cubic $cubic MiB ($(wall "$WORK/cubic.time") s), ratio $(awk -v a="$rss" -v b="$cubic" 'BEGIN { printf "%.2f", a / b }'); thick input as floats $input MiB"
    (( rss <= LIMIT )) && echo "within $LIMIT MiB: yes" || echo "within $LIMIT MiB: NO"
done
echo
echo "$(date -u '+%F %T') UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
