#!/usr/bin/env bash
# Three-view synthesis time for a 512 x 512 x 60 series at 5 mm to x4 (issue 3's target: at most 120 s from
# the last instance in to the last instance out, on 2 cores), against baselines measured in the same run:
#   - the CPU floor: the networks' multiply-adds at this machine's best matrix-product rate (model-info);
#   - cubic interpolation on the same series.
# Prints per view (axial, coronal, sagittal, fused) the synthesis time and its ratio to the floor, the
# adaptation step rate, the peak memory, and the node's end-to-end time (storescu in, storescp out) with its
# defaults (three-view with the per-series guard and adaptation, thinslice.synthesis.adapt-steps).
#
# Run from the repository root after `mvn -B -q package -DskipTests`:
#   bench/three-view-time.sh
# Environment: ROWS (512), COLUMNS (512), THICK (60), WEIGHTS (folder; default the shipped weights),
# ADAPT_STEPS (the node's default, for the step rate), JAR, KEEP=1 keeps the work folder,
# BIG_SLICES=300 (or a list: "300 1000") also synthesises a 512 x 512 x N series at x4 with the node's method
# (ADAPT_STEPS) under the heap option ./thinslice run gives the node (./thinslice jvm-defaults; BIG_HEAP=4g sets
# -Xmx4g, BIG_HEAP= leaves the JVM's own default) and reports its peak RSS against cubic on the same series and against
# BIG_LIMIT_MIB (3072) (long: 10+ minutes per 300 slices on 2 cores); BIG_ONLY=1 runs that check alone.
# NODE_ONLY=1 runs the node's end-to-end time alone (NODE_JAVA_OPTS: extra JVM options for the node, e.g.
# -Dthinslice.synthesis.adapt-steps=300).
# bench/long-series-memory.sh runs the same check for 300 and 1000 slices on its own.
set -euo pipefail

ROWS=${ROWS:-512}
COLUMNS=${COLUMNS:-512}
THICK=${THICK:-60}
ADAPT_STEPS=${ADAPT_STEPS:-250}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
export TCP_NODELAY=1
# glibc's allocator settings of `./thinslice run` (and of the container image), so the node runs here as it runs there
export GLIBC_TUNABLES=$("$(dirname "${BASH_SOURCE[0]}")/../thinslice" malloc-tunables)

die() { echo "three-view-time: $*" >&2; exit 1; }
[[ -f $JAR ]] || die "$JAR not found; run: mvn -B -q package -DskipTests"
for tool in java storescu storescp echoscu curl /usr/bin/time; do
    command -v "$tool" >/dev/null || die "$tool not found (apt install dcmtk curl time)"
done
JAR=$(realpath "$JAR")
WEIGHT_OPT=()
[[ -n ${WEIGHTS:-} ]] && WEIGHT_OPT=(--weights "$(realpath "$WEIGHTS")")

source "$(dirname "${BASH_SOURCE[0]}")/work-folder.sh"
bench_work_folder tv
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

if [[ ${BIG_ONLY:-0} != 1 ]]; then
THIN=$(( (THICK - 1) * 4 + 1 ))
OUT_N=$THIN
echo "series: ${COLUMNS}x${ROWS}, $THICK thick slices of 5 mm -> $OUT_N slices of 1.25 mm; $(nproc) cores"
java -jar "$JAR" phantom --out "$WORK/study" --rows "$ROWS" --columns "$COLUMNS" --thin-slices "$THIN" --factor 4 >/dev/null

if [[ ${NODE_ONLY:-0} != 1 ]]; then
echo
echo "== floor (model-info)"
java -jar "$JAR" model-info "${WEIGHT_OPT[@]}" --rows "$ROWS" --columns "$COLUMNS" --slices "$THICK" --factor 4 | tee "$WORK/info.txt" \
    | grep -E "^(weights|axial|plane|matrix|floor)"
floor() { sed -n "s/.* $1 \([0-9.]*\) s.*/\1/p" "$WORK/info.txt"; }

echo
echo "== synthesis per method, without adaptation (synthesize command, series read and written included in wall time)"
printf "%-20s %10s %10s %10s %12s\n" method "synth s" "wall s" "floor s" "synth/floor"
declare -A SYNTH
for m in cubic three-view-axial three-view-coronal three-view-sagittal three-view-fused; do
    /usr/bin/time -v -o "$WORK/$m.time" java -jar "$JAR" synthesize --in "$WORK/study/thick" --out "$WORK/out-$m" --method "$m" \
        --adapt-steps 0 "${WEIGHT_OPT[@]}" > "$WORK/$m.log" 2>&1 || { cat "$WORK/$m.log"; die "synthesize $m failed"; }
    s=$(sed -n 's/.*synthesis \([0-9.]*\) s).*/\1/p' "$WORK/$m.log")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); t=0; for(i=1;i<=n;i++) t=t*60+a[i]; print t}' "$WORK/$m.time")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/$m.time")
    case $m in
        three-view-axial) f=$(floor axial) ;;
        three-view-coronal) f=$(floor coronal) ;;
        three-view-sagittal) f=$(floor sagittal) ;;
        three-view-fused) f=$(floor fused) ;;
        *) f="" ;;
    esac
    ratio=$([[ -n $f ]] && awk -v a="$s" -v b="$f" 'BEGIN { printf "%.2f", a / b }' || echo "-")
    printf "%-20s %10s %10s %10s %12s   peak RSS %s MiB\n" "$m" "$s" "$wall" "${f:--}" "$ratio" "$rss"
    SYNTH[$m]=$s
done
awk -v a="${SYNTH[three-view-fused]}" -v b="${SYNTH[cubic]}" 'BEGIN { printf "ratio three-view-fused/cubic synthesis time: %.0f\n", a / b }'

echo
echo "== the node's method (guard + adaptation, ${ADAPT_STEPS} steps) through synthesize"
/usr/bin/time -v -o "$WORK/adapt.time" java -jar "$JAR" synthesize --in "$WORK/study/thick" --out "$WORK/out-adapt" --method three-view "${WEIGHT_OPT[@]}" \
    --adapt-steps "$ADAPT_STEPS" > "$WORK/adapt.log" 2>&1 || { cat "$WORK/adapt.log"; die "adaptation run failed"; }
grep "adapting:" "$WORK/adapt.log" | tail -1
grep -E "^wrote|^guard" "$WORK/adapt.log" | cut -c1-400
awk -F': ' '/Maximum resident set size/ {printf "peak RSS %.0f MiB\n", $2/1024}' "$WORK/adapt.time"

fi

echo
echo "== node end to end: storescu -> ThinSlice (three-view, x4, defaults: guard and adaptation) -> storescp"
SCP_PORT=$(free_port); NODE_PORT=$(free_port); HTTP_PORT=$(free_port)
mkdir -p "$WORK/pacs"
storescp -aet PACS -od "$WORK/pacs" "$SCP_PORT" & PIDS+=($!)
STABLE=1
java ${NODE_JAVA_OPTS:-} -Dthinslice.storage.dir="$WORK/node" -Dthinslice.dicom.port="$NODE_PORT" -Dthinslice.dicom.bind-address=127.0.0.1 \
    -Dquarkus.http.port="$HTTP_PORT" -Dquarkus.http.host=127.0.0.1 -Dthinslice.series.stable-seconds=$STABLE \
    -Dthinslice.synthesis.method=three-view ${WEIGHTS:+-Dthinslice.synthesis.weights=$(realpath "$WEIGHTS")} \
    -Dthinslice.export.destinations="PACS@127.0.0.1:$SCP_PORT" -jar "$JAR" > "$WORK/node.log" 2>&1 & NODE_PID=$!; PIDS+=($NODE_PID)
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
storescu -aec THINSLICE 127.0.0.1 "$NODE_PORT" "$WORK"/study/thick/* || die "storescu failed"
T0=$(date +%s.%N)
# the machine's CPU counters (/proc/stat, ticks): what else ran during the node's run, and what the hypervisor took
read -r _ u0 n0 s0 i0 w0 q0 sq0 st0 _ < /proc/stat
read -r NODE_USER0 NODE_SYS0 < <(awk '{ print $14, $15 }' "/proc/$NODE_PID/stat")
for _ in $(seq 1 1200); do
    [[ $(find "$WORK/pacs" -type f | wc -l) -ge $OUT_N ]] && break
    sleep 0.5
done
T1=$(date +%s.%N)
read -r _ u1 n1 s1 i1 w1 q1 sq1 st1 _ < /proc/stat
read -r NODE_USER1 NODE_SYS1 < <(awk '{ print $14, $15 }' "/proc/$NODE_PID/stat")
N=$(find "$WORK/pacs" -type f | wc -l)
[[ $N -ge $OUT_N ]] || { tail -20 "$WORK/node.log"; die "only $N of $OUT_N instances arrived"; }
HWM=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$NODE_PID/status")
awk -v a="$T0" -v b="$T1" -v s="$STABLE" -v n="$N" 'BEGIN { printf "last instance in -> last instance out: %.1f s (includes %d s stable-series wait); %d instances\n", b - a, s, n }'
echo "node peak memory (VmHWM): $HWM MiB"
# During the run: the node's CPU, everything else's, and the time the hypervisor gave to other guests (steal). On a
# shared VM a run with much steal or other work measures the neighbours, not the node.
awk -v hz="$(getconf CLK_TCK)" -v a="$T0" -v b="$T1" -v user=$(( NODE_USER1 - NODE_USER0 )) -v sys=$(( NODE_SYS1 - NODE_SYS0 )) \
    -v busy=$(( (u1 + n1 + s1 + q1 + sq1) - (u0 + n0 + s0 + q0 + sq0) )) -v steal=$(( st1 - st0 )) -v cores="$(nproc)" \
    'BEGIN { printf "CPU during the run (%.0f core-seconds available): node %.1f s (system %.1f s), other processes %.1f s, stolen by the hypervisor %.1f s\n",
             (b - a) * cores, (user + sys) / hz, sys / hz, (busy - user - sys) / hz, steal / hz }'
curl -fsS "http://127.0.0.1:$HTTP_PORT/api/jobs" | python3 -c 'import json,sys; j=json.load(sys.stdin); j=j[0] if isinstance(j,list) else j; print("job:", j.get("derivedBy"), {k: v for k, v in (j.get("synthesis") or {}).items() if k != "adaptation.trace"})' || true
fi

if [[ -n ${BIG_SLICES:-} ]]; then
    # Long series: the node's method (check, adaptation, guard) streams the series through z-slabs; its peak RSS
    # against two baselines of the same run: cubic on the same series (the series read and written, no model), and
    # the thick input alone as floats. Done when every count is within BIG_LIMIT_MIB (3 GiB).
    # unset: the heap option ./thinslice run gives the node; empty: the JVM's own default; else -Xmx$BIG_HEAP
    if [[ -z ${BIG_HEAP+set} ]]; then
        BIG_HEAP_OPT=($(./thinslice jvm-defaults))
    elif [[ -n $BIG_HEAP ]]; then
        BIG_HEAP_OPT=(-Xmx"$BIG_HEAP")
    else
        BIG_HEAP_OPT=()
    fi
    LIMIT=${BIG_LIMIT_MIB:-3072}
    for n in $BIG_SLICES; do
        echo
        echo "== memory: ${COLUMNS}x${ROWS}x${n} at x4, java ${BIG_HEAP_OPT[*]:-(default heap)}"
        rm -rf "$WORK/big" "$WORK/out-big" "$WORK/out-big-cubic"
        java -jar "$JAR" phantom --out "$WORK/big" --rows "$ROWS" --columns "$COLUMNS" --thin-slices $(( (n - 1) * 4 + 1 )) --factor 4 >/dev/null
        rm -rf "$WORK/big/thin"
        /usr/bin/time -v -o "$WORK/big-cubic.time" java "${BIG_HEAP_OPT[@]}" -jar "$JAR" synthesize --in "$WORK/big/thick" --out "$WORK/out-big-cubic" \
            --method cubic > "$WORK/big-cubic.log" 2>&1 || { tail -5 "$WORK/big-cubic.log"; die "cubic on the ${n}-slice series failed"; }
        /usr/bin/time -v -o "$WORK/big.time" java "${BIG_HEAP_OPT[@]}" -jar "$JAR" synthesize --in "$WORK/big/thick" --out "$WORK/out-big" \
            --method three-view "${WEIGHT_OPT[@]}" --adapt-steps "$ADAPT_STEPS" > "$WORK/big.log" 2>&1 || { tail -5 "$WORK/big.log"; die "the ${n}-slice series failed"; }
        grep ^wrote "$WORK/big.log" | cut -c1-300
        rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/big.time")
        cubic=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/big-cubic.time")
        input=$(( ROWS * COLUMNS * n * 4 / 1048576 ))
        thin=$(( ROWS * COLUMNS * ((n - 1) * 4 + 1) * 4 / 1048576 ))
        echo "peak RSS three-view $rss MiB; cubic $cubic MiB (ratio $(awk -v a="$rss" -v b="$cubic" 'BEGIN { printf "%.2f", a / b }')); thick input as floats $input MiB, thin output as floats $thin MiB"
        (( rss <= LIMIT )) && echo "within $LIMIT MiB: yes" || echo "within $LIMIT MiB: NO"
    done
fi
