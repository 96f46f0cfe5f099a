#!/usr/bin/env bash
# Synthesis throughput of one node with 1, 2 and 3 synthesis workers (thinslice.synthesis.workers): series per hour
# from the moment the series are sent to the moment the last derived instance reaches dcmtk storescp, with the ratio
# against the 1-worker baseline measured in the same run, and what each run used: the node's CPU seconds per wall
# second (cores busy) and its peak memory (VmHWM), next to the machine's core count and load.
#
# Run from the repository root after `mvn -B -q package -DskipTests`:
#   nice -n 19 bench/cluster-throughput.sh
# Environment: WORKERS ("1 2 3"), SERIES (3: series timed per run), ROWS (192), COLUMNS (192), THICK (24 slices of
# 5 mm, derived at x4 to (THICK-1)*4+1), METHOD (three-view), ADAPT_STEPS (100; the node's default is 600, which alone
# takes ~2 min per series on 2 cores), THREADS (1: PyTorch threads per synthesis, ai.djl.pytorch.num_threads),
# JAR (target/quarkus-app/quarkus-run.jar), JOBS_STORE (file; postgresql needs QUARKUS_DATASOURCE_* in the
# environment), KEEP=1 keeps the work folder.
#
# Each run starts a fresh node (fresh storage folder, free ports on 127.0.0.1, thinslice.series.stable-seconds=1,
# export to a fresh storescp), sends one warm-up series first and waits for it (model loaded, code compiled: a node
# in service is warm), then sends SERIES series at once (one storescu association each, distinct phantoms) and times
# until every derived instance of all of them has arrived. Every series is a different phantom (--seed), so UIDs
# never repeat. The same series are sent to every run.
set -euo pipefail

WORKERS=${WORKERS:-"1 2 3"}
SERIES=${SERIES:-3}
ROWS=${ROWS:-192}
COLUMNS=${COLUMNS:-192}
THICK=${THICK:-24}
METHOD=${METHOD:-three-view}
ADAPT_STEPS=${ADAPT_STEPS:-100}
THREADS=${THREADS:-1}
JOBS_STORE=${JOBS_STORE:-file}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
SCP_AET=BENCHSCP
SCU_AET=BENCHSCU
export TCP_NODELAY=1
# glibc's allocator settings of `./thinslice run` (and of the container image), so the node runs here as it runs there
export GLIBC_TUNABLES=$("$(dirname "${BASH_SOURCE[0]}")/../thinslice" malloc-tunables)

die() { echo "cluster-throughput: $*" >&2; exit 1; }
[[ -f pom.xml && -d src/main/java/io/thinslice ]] || die "run from the repository root"
[[ -f $JAR ]] || die "$JAR not found; run: mvn -B -q package -DskipTests"
for tool in java storescu storescp echoscu curl python3; do
    command -v "$tool" >/dev/null || die "$tool not found (apt install dcmtk curl python3 openjdk-17-jre-headless)"
done
(( SERIES >= 1 )) || die "SERIES must be at least 1"
JAR=$(realpath "$JAR")

source "$(dirname "${BASH_SOURCE[0]}")/work-folder.sh"
bench_work_folder cluster

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now() { date +%s.%N; }
# CPU seconds (user + system) the process $1 has used so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"; }
wait_for_count() {
    local dir=$1 want=$2 limit=$3 t0=$SECONDS
    while (( $(find "$dir" -type f | wc -l) < want )); do
        (( SECONDS - t0 < limit )) || return 1
        sleep 0.5
    done
}

THIN=$(( (THICK - 1) * 4 + 1 ))
echo "series: ${COLUMNS}x${ROWS}, $THICK thick slices of 5 mm -> $THIN at x4; method $METHOD, adapt-steps $ADAPT_STEPS," \
    "$THREADS PyTorch thread(s) per synthesis; $SERIES series per run + 1 warm-up; job store $JOBS_STORE"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# Test data: a warm-up phantom and SERIES timed ones per run, each its own seed (its own UIDs).
phantom() { java -jar "$JAR" phantom --out "$WORK/data/$1" --rows "$ROWS" --columns "$COLUMNS" --thin-slices "$THIN" --factor 4 --seed "$2" >/dev/null; }
seed=100
for w in $WORKERS; do
    seed=$((seed + 1)); phantom "w$w-warm" "$seed"
    for i in $(seq 1 "$SERIES"); do seed=$((seed + 1)); phantom "w$w-$i" "$seed"; done
done
OUT_N=$(find "$WORK/data/w${WORKERS%% *}-1/thick" -type f | wc -l)
echo "each series: $OUT_N thick instances in"

declare -A RATE
BASE=""
printf "\n%-8s %10s %10s %12s %10s %12s %10s\n" workers "wall s" "series/h" "ratio to 1" "cores busy" "peak RSS MiB" "load 1m"
for w in $WORKERS; do
    run="$WORK/run-$w"
    mkdir -p "$run/pacs"
    SCP_PORT=$(free_port); NODE_PORT=$(free_port); HTTP_PORT=$(free_port)
    storescp -aet "$SCP_AET" -od "$run/pacs" "$SCP_PORT" >"$run/storescp.log" 2>&1 & PIDS+=($!)
    java -Dai.djl.pytorch.num_threads="$THREADS" -Dthinslice.storage.dir="$run/node" -Dthinslice.dicom.port="$NODE_PORT" \
        -Dthinslice.dicom.bind-address=127.0.0.1 -Dquarkus.http.port="$HTTP_PORT" -Dquarkus.http.host=127.0.0.1 \
        -Dthinslice.series.stable-seconds=1 -Dthinslice.synthesis.method="$METHOD" -Dthinslice.synthesis.adapt-steps="$ADAPT_STEPS" \
        -Dthinslice.synthesis.workers="$w" -Dthinslice.jobs.store="$JOBS_STORE" \
        -Dthinslice.export.destinations="$SCP_AET@127.0.0.1:$SCP_PORT" -jar "$JAR" >"$run/node.log" 2>&1 & NODE_PID=$!; PIDS+=($NODE_PID)
    for _ in $(seq 1 240); do curl -fsS "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
    curl -fsS "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null || { tail -20 "$run/node.log"; die "node ($w workers) not ready"; }

    # Warm-up: one series through the whole path, not timed.
    storescu -aet "$SCU_AET" -aec THINSLICE 127.0.0.1 "$NODE_PORT" "$WORK/data/w$w-warm/thick"/* >"$run/warm.log" 2>&1 || die "storescu (warm-up) failed"
    wait_for_count "$run/pacs" "$THIN" 900 || { tail -20 "$run/node.log"; die "warm-up series not derived ($w workers)"; }

    cpu0=$(cpu_seconds "$NODE_PID")
    t0=$(now)
    senders=()
    for i in $(seq 1 "$SERIES"); do
        storescu -aet "$SCU_AET" -aec THINSLICE 127.0.0.1 "$NODE_PORT" "$WORK/data/w$w-$i/thick"/* >"$run/send-$i.log" 2>&1 & senders+=($!)
    done
    for pid in "${senders[@]}"; do wait "$pid" || die "storescu failed ($w workers)"; done
    want=$(( THIN * (SERIES + 1) ))
    wait_for_count "$run/pacs" "$want" 3600 || { tail -20 "$run/node.log"; die "only $(find "$run/pacs" -type f | wc -l) of $want derived instances arrived"; }
    t1=$(now)
    cpu1=$(cpu_seconds "$NODE_PID")
    hwm=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$NODE_PID/status")
    load=$(cut -d' ' -f1 /proc/loadavg)
    kill "$NODE_PID"; wait "$NODE_PID" 2>/dev/null || true
    kill "${PIDS[-2]}" 2>/dev/null || true; wait "${PIDS[-2]}" 2>/dev/null || true

    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    rate=$(awk -v n="$SERIES" -v s="$wall" 'BEGIN { printf "%.1f", n * 3600 / s }')
    busy=$(awk -v a="$cpu0" -v b="$cpu1" -v s="$wall" 'BEGIN { printf "%.2f", (b - a) / s }')
    [[ -z $BASE ]] && BASE=$rate
    ratio=$(awk -v a="$rate" -v b="$BASE" 'BEGIN { printf "%.2f", a / b }')
    RATE[$w]=$rate
    printf "%-8s %10s %10s %12s %10s %12s %10s\n" "$w" "$wall" "$rate" "$ratio" "$busy" "$hwm" "$load"
done
echo
echo "ratio = series/h against the first run (${WORKERS%% *} worker(s)) of this run; cores busy = the node's CPU seconds per"
echo "wall second over the timed part ($(nproc) cores here); peak RSS = the node's VmHWM over the whole run (warm-up included)."
