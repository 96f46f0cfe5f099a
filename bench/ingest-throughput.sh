#!/usr/bin/env bash
# Ingest throughput: how fast the ThinSlice node accepts a CT series by C-STORE, compared with dcmtk's
# storescp on the same machine, same files, same sender (dcmtk storescu, one association per series).
#
# Run from the repository root after `mvn -B -q package -DskipTests`:
#   bench/ingest-throughput.sh
# Settings (environment): REPS (3), ROWS (256), COLUMNS (256), SLICES (121), JAR
# (target/quarkus-app/quarkus-run.jar), NODE_JAVA_OPTS (""), KEEP=1 keeps the work folder,
# TCP_NODELAY (1; see below).
#
# TCP_NODELAY: dcmtk 3.6.7 as built by Debian leaves Nagle's algorithm on unless the environment variable
# TCP_NODELAY=1 is set. With Nagle on, every C-STORE stalls ~40 ms on delayed ACKs (storescp then manages
# ~20 images/s whatever the disk), which measures TCP, not the receivers. The script exports
# TCP_NODELAY=1 for storescu and storescp by default; TCP_NODELAY=0 bench/ingest-throughput.sh measures
# with dcmtk's default instead. The ThinSlice node always disables Nagle on its own sockets.
#
# Each repetition sends a different phantom series (its own Study/Series/SOP Instance UIDs), so the node
# never sees a duplicate, and storescp gets a fresh output folder. The node runs with a high
# thinslice.series.stable-seconds so it does not start processing during the measurement; it measures
# reception + durable spooling (fsync + atomic rename per instance), not synthesis.
set -euo pipefail

REPS=${REPS:-3}
ROWS=${ROWS:-256}
COLUMNS=${COLUMNS:-256}
SLICES=${SLICES:-121}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:-}
SCP_AET=BENCHSCP
NODE_AET=THINSLICE
SCU_AET=BENCHSCU
export TCP_NODELAY=${TCP_NODELAY:-1}

die() { echo "ingest-throughput: $*" >&2; exit 1; }

[[ -f pom.xml && -d src/main/java/io/thinslice ]] || die "run from the repository root"
[[ -f $JAR ]] || die "$JAR not found; run: mvn -B -q package -DskipTests"
for tool in java storescu storescp echoscu curl; do
    command -v "$tool" >/dev/null || die "$tool not found (apt install dcmtk curl openjdk-17-jre-headless)"
done
(( REPS >= 1 )) || die "REPS must be at least 1"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/thinslice-bench.XXXXXX")
PIDS=()

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            # The node may take ~10 s to stop; do not leave it behind.
            for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
            kill -9 "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    done
    if [[ ${KEEP:-0} == 1 ]]; then
        echo "work folder kept: $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

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

# Waits until something answers DICOM C-ECHO on port $1 with AE $2.
wait_for_echo() {
    local port=$1 aet=$2
    for _ in $(seq 1 100); do
        echoscu -aet "$SCU_AET" -aec "$aet" 127.0.0.1 "$port" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    die "nothing answers C-ECHO on port $port"
}

# Sends folder $1 to port $2 / AE $3 in one association; prints the seconds it took.
timed_store() {
    local dir=$1 port=$2 aet=$3 t0 t1
    t0=$(now)
    storescu -R +sd -aet "$SCU_AET" -aec "$aet" 127.0.0.1 "$port" "$dir" >"$WORK/storescu.log" 2>&1 \
        || { cat "$WORK/storescu.log" >&2; die "storescu to $aet failed"; }
    t1=$(now)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f", n / s }'; }

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# ---- test data: one phantom series per repetition ------------------------------------------------
echo "generating $REPS phantom series of $SLICES slices, ${ROWS}x${COLUMNS} ..."
for r in $(seq 1 "$REPS"); do
    java -jar "$JAR" phantom --out "$WORK/phantom-$r" --rows "$ROWS" --columns "$COLUMNS" \
        --thin-slices "$SLICES" --factor 1 --seed "$((1000 + r))" --name "bench$r" >/dev/null
    rm -rf "$WORK/phantom-$r/thin"   # with --factor 1 thick == thin; send one copy
done
FILES=$(find "$WORK/phantom-1/thick" -name '*.dcm' | wc -l)
BYTES=$(du -sb "$WORK/phantom-1/thick" | cut -f1)
(( FILES == SLICES )) || die "expected $SLICES files, found $FILES"

# ---- dcmtk storescp ------------------------------------------------------------------------------
SCP_TIMES=()
for r in $(seq 1 "$REPS"); do
    port=$(free_port)
    mkdir -p "$WORK/storescp-$r"
    storescp -aet "$SCP_AET" -od "$WORK/storescp-$r" "$port" >"$WORK/storescp-$r.log" 2>&1 &
    PIDS+=($!)
    wait_for_echo "$port" "$SCP_AET"
    s=$(timed_store "$WORK/phantom-$r/thick" "$port" "$SCP_AET")
    got=$(find "$WORK/storescp-$r" -type f | wc -l)
    (( got == FILES )) || die "storescp stored $got of $FILES files"
    kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'
    SCP_TIMES+=("$s")
    echo "storescp   run $r: $FILES images in ${s}s = $(rate "$FILES" "$s") images/s"
done

# ---- ThinSlice node ------------------------------------------------------------------------------
DICOM_PORT=$(free_port)
HTTP_PORT=$(free_port)
STORAGE="$WORK/node"
# shellcheck disable=SC2086
java $NODE_JAVA_OPTS \
    -Dthinslice.storage.dir="$STORAGE" \
    -Dthinslice.dicom.port="$DICOM_PORT" \
    -Dthinslice.dicom.bind-address=127.0.0.1 \
    -Dthinslice.dicom.ae-title="$NODE_AET" \
    -Dthinslice.series.stable-seconds=86400 \
    -Dquarkus.http.host=127.0.0.1 \
    -Dquarkus.http.port="$HTTP_PORT" \
    -jar "$JAR" >"$WORK/node.log" 2>&1 &
NODE_PID=$!
PIDS+=("$NODE_PID")
for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$NODE_PID" 2>/dev/null || { cat "$WORK/node.log" >&2; die "the node exited during start-up"; }
    sleep 0.5
done
curl -fsS "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null || { cat "$WORK/node.log" >&2; die "the node did not become ready"; }

NODE_TIMES=()
for r in $(seq 1 "$REPS"); do
    s=$(timed_store "$WORK/phantom-$r/thick" "$DICOM_PORT" "$NODE_AET")
    got=$(find "$STORAGE/series" -name '*.dcm' | wc -l)
    (( got == FILES * r )) || die "the node spooled $got files, expected $((FILES * r))"
    NODE_TIMES+=("$s")
    echo "ThinSlice  run $r: $FILES images in ${s}s = $(rate "$FILES" "$s") images/s"
done

# ---- summary -------------------------------------------------------------------------------------
SCP_MED=$(median "${SCP_TIMES[@]}")
NODE_MED=$(median "${NODE_TIMES[@]}")
echo
echo "date:     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine:  $(nproc) CPUs ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)), $(free -g 2>/dev/null | awk '/^Mem:/ { print $2 " GiB RAM" }')"
echo "software: $(java -version 2>&1 | head -1); $(storescu --version 2>/dev/null | head -1 | tr -d '$')"
echo "dcmtk:    TCP_NODELAY=$TCP_NODELAY (1: Nagle off in storescu/storescp)"
echo "data:     $FILES images ${ROWS}x${COLUMNS} 16-bit, $(awk -v b="$BYTES" 'BEGIN { printf "%.1f MiB", b / 1048576 }') per series, explicit VR little endian, one association per series, $REPS runs"
echo "storescp  median ${SCP_MED}s = $(rate "$FILES" "$SCP_MED") images/s"
echo "ThinSlice median ${NODE_MED}s = $(rate "$FILES" "$NODE_MED") images/s"
echo "ratio ThinSlice/storescp (images/s): $(awk -v a="$SCP_MED" -v b="$NODE_MED" 'BEGIN { printf "%.2f", a / b }')"
