#!/usr/bin/env bash
# Export throughput: how fast the ThinSlice node sends a derived series by C-STORE, compared with dcmtk's storescu
# sending the same files to the same kind of receiver (dcmtk storescp on this machine, one association per series).
#
# Run from the repository root after `mvn -B -q package -DskipTests`:
#   bench/export-throughput.sh
# Settings (environment): REPS (7), WARMUP (10), ROWS (160), COLUMNS (160), SLICES (93), JAR
# (target/quarkus-app/quarkus-run.jar), JAVA_OPTS (""), KEEP=1 keeps the work folder, TCP_NODELAY (1; see
# bench/ingest-throughput.sh: dcmtk 3.6.7 leaves Nagle on unless TCP_NODELAY=1, which would make storescp answer
# slowly and measure TCP, not the senders).
#
# The series is a real derived series: a phantom of SLICES thin slices, its thick series (factor 4) and the node's own
# `synthesize --method cubic --factor 4` on it, so the files are what the node exports (same writer, same UIDs scheme).
#
# The node's side is the hidden `send` command: the node's export path (SeriesExporter -> CStoreDestination ->
# StoreSender, one association, one attempt) in one JVM. It sends WARMUP times first (a running node has exported
# before: class loading and JIT are done), printed but not counted, then REPS timed sends, each right after a
# storescu run, to its own storescp. Its clock runs from the export call to the exporter's "finished"; storescu's
# clock is the whole storescu process. Medians of each; ratio = storescu median time / node median time.
set -euo pipefail

REPS=${REPS:-7}
WARMUP=${WARMUP:-10}
ROWS=${ROWS:-160}
COLUMNS=${COLUMNS:-160}
SLICES=${SLICES:-93}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
JAVA_OPTS=${JAVA_OPTS:-}
SCP_AET=BENCHSCP
SCU_AET=BENCHSCU
NODE_AET=THINSLICE
export TCP_NODELAY=${TCP_NODELAY:-1}

die() { echo "export-throughput: $*" >&2; exit 1; }

[[ -f pom.xml && -d src/main/java/io/thinslice ]] || die "run from the repository root"
[[ -f $JAR ]] || die "$JAR not found; run: mvn -B -q package -DskipTests"
for tool in java storescu storescp echoscu; do
    command -v "$tool" >/dev/null || die "$tool not found (apt install dcmtk openjdk-17-jre-headless)"
done
(( REPS >= 1 && WARMUP >= 0 )) || die "REPS must be at least 1 and WARMUP at least 0"
(( (SLICES - 1) % 4 == 0 )) || die "SLICES minus 1 must be a multiple of 4 (the series is synthesised at x4)"

source "$(dirname "${BASH_SOURCE[0]}")/work-folder.sh"
bench_work_folder export-bench

# A TCP port nobody listens on now (bind to port 0 and read back what the kernel chose).
free_port() {
    if command -v python3 >/dev/null; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
    else
        local p
        while :; do
            p=$(( 20000 + RANDOM % 30000 ))
            (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
        done
    fi
}

now() { date +%s.%N; }

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f", n / s }'; }

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Starts storescp writing into folder $1 on a free port; sets SCP_PORT and pushes its PID.
start_storescp() {
    local dir=$1
    SCP_PORT=$(free_port)
    mkdir -p "$dir"
    storescp -aet "$SCP_AET" -od "$dir" "$SCP_PORT" >"$dir.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 100); do
        echoscu -aet "$SCU_AET" -aec "$SCP_AET" 127.0.0.1 "$SCP_PORT" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    die "storescp does not answer C-ECHO on port $SCP_PORT"
}

# ---- test data: one derived series ---------------------------------------------------------------
echo "synthesising a derived series of $SLICES instances, ${ROWS}x${COLUMNS} ..."
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" phantom --out "$WORK/phantom" --rows "$ROWS" --columns "$COLUMNS" --thin-slices "$SLICES" \
    --factor 4 --name exportbench >/dev/null
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" synthesize --in "$WORK/phantom/thick" --out "$WORK/derived" --method cubic --factor 4 >/dev/null
SERIES=$(find "$WORK/derived" -mindepth 1 -maxdepth 1 -type d | head -1)
FILES=$(find "$SERIES" -name '*.dcm' | wc -l)
BYTES=$(du -sb "$SERIES" | cut -f1)
(( FILES == SLICES )) || die "expected $SLICES derived instances, found $FILES"

# ---- both senders, taking turns ----------------------------------------------------------------
# storescu sends to one storescp, the node's exporter to another (fresh) one. The runs alternate (storescu run r, then
# the node's send r), so that both see the same load on a shared machine; the JVM waits for its turn on stdin.
start_storescp "$WORK/storescp-storescu"
SCU_PORT=$SCP_PORT
start_storescp "$WORK/storescp-node"
NODE_SCP_PORT=$SCP_PORT
# shellcheck disable=SC2086
coproc SEND { exec java $JAVA_OPTS -jar "$JAR" send --to "$SCP_AET@127.0.0.1:$NODE_SCP_PORT" --in "$SERIES" \
    --aet "$NODE_AET" --warmup "$WARMUP" --times "$REPS" --paced 1 2>"$WORK/send.err"; }
PIDS+=("$SEND_PID")
SEND_OUT=${SEND[0]}
SEND_IN=${SEND[1]}

# Reads the exporter's next line ("warm-up|send N: 93 instances in S s = R images/s"); sets NODE_S.
node_line() {
    local line kind n
    read -r line <&"$SEND_OUT" || { cat "$WORK/send.err" >&2; die "the node's exporter stopped"; }
    read -r kind n _ _ _ NODE_S _ <<<"$line"
    [[ $kind == "$1" && ${n%:} == "$2" ]] || { cat "$WORK/send.err" >&2; die "unexpected line from the exporter: $line"; }
}

for w in $(seq 1 "$WARMUP"); do
    node_line warm-up "$w"
    echo "ThinSlice  warm-up $w: $FILES images in ${NODE_S}s = $(rate "$FILES" "$NODE_S") images/s (not counted)"
done

SCU_TIMES=()
NODE_TIMES=()
for r in $(seq 1 "$REPS"); do
    t0=$(now)
    storescu -R +sd -aet "$SCU_AET" -aec "$SCP_AET" 127.0.0.1 "$SCU_PORT" "$SERIES" >"$WORK/storescu.log" 2>&1 \
        || { cat "$WORK/storescu.log" >&2; die "storescu failed"; }
    t1=$(now)
    s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    SCU_TIMES+=("$s")
    echo "storescu   run $r: $FILES images in ${s}s = $(rate "$FILES" "$s") images/s"

    echo go >&"$SEND_IN"
    node_line send "$r"
    NODE_TIMES+=("$NODE_S")
    echo "ThinSlice  run $r: $FILES images in ${NODE_S}s = $(rate "$FILES" "$NODE_S") images/s"
done
wait "$SEND_PID" || { cat "$WORK/send.err" >&2; die "the node's exporter failed"; }
got=$(find "$WORK/storescp-storescu" -type f | wc -l)
(( got == FILES )) || die "storescp (storescu runs) holds $got of $FILES files"
got=$(find "$WORK/storescp-node" -type f | wc -l)
(( got == FILES )) || die "storescp (node runs) holds $got of $FILES files"

# ---- summary -------------------------------------------------------------------------------------
SCU_MED=$(median "${SCU_TIMES[@]}")
NODE_MED=$(median "${NODE_TIMES[@]}")
RATIO=$(awk -v a="$SCU_MED" -v b="$NODE_MED" 'BEGIN { printf "%.2f", a / b }')
echo
echo "date:     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine:  $(nproc) CPUs ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)), $(free -g 2>/dev/null | awk '/^Mem:/ { print $2 " GiB RAM" }'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "software: $(java -version 2>&1 | head -1); $(storescu --version 2>/dev/null | head -1 | tr -d '$')"
echo "dcmtk:    TCP_NODELAY=$TCP_NODELAY (1: Nagle off in storescu/storescp)"
echo "data:     $FILES derived instances ${ROWS}x${COLUMNS} 16-bit, $(awk -v b="$BYTES" 'BEGIN { printf "%.1f MiB", b / 1048576 }'), one association per series, $REPS alternating runs each (ThinSlice after $WARMUP warm-up sends)"
echo "storescu  median ${SCU_MED}s = $(rate "$FILES" "$SCU_MED") images/s"
echo "ThinSlice median ${NODE_MED}s = $(rate "$FILES" "$NODE_MED") images/s"
echo "ratio ThinSlice/storescu (images/s): $RATIO (target >= 0.80: $(awk -v r="$RATIO" 'BEGIN { print (r >= 0.8 ? "met" : "missed") }'))"
