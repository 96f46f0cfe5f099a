#!/usr/bin/env bash
# Builds ThinSlice's container images with podman, from Debian packages only (no container registry):
#
#   deploy/build-images.sh [--refresh-base] [node|orthanc|all]      (default: node)
#
#   node     localhost/thinslice:0.1.0 from deploy/Dockerfile (needs target/quarkus-app: mvn package first)
#   orthanc  localhost/thinslice-orthanc:0.1.0 from deploy/Dockerfile.orthanc: Debian's Orthanc with the
#            DICOMweb plugin and the demo's configuration (deploy/orthanc/), for deploy/compose.yaml
#
# Each image starts FROM a Debian 12 base that mmdebstrap makes from the Debian mirror and `podman import`
# imports (no debian:* image is pulled): localhost/thinslice-base:bookworm (JRE 17, curl for the HEALTHCHECK,
# passwd for the node's user) and localhost/thinslice-orthanc-base:bookworm (orthanc, orthanc-dicomweb, curl).
# A base is made again only when it is missing, when its package list in this script changed, or with
# --refresh-base (to take Debian's latest security updates).
#
# Needs root, podman, mmdebstrap and runc (apt-get install podman mmdebstrap runc; eatmydata makes the base
# faster where present). CONTAINERS_CONF defaults to deploy/containers.conf (runc, cgroupfs, ulimits that a
# machine without systemd and with a low open-files limit accepts). Environment:
#   THINSLICE_IMAGE  name of the node image    (default localhost/thinslice:0.1.0)
#   ORTHANC_IMAGE    name of the Orthanc image (default localhost/thinslice-orthanc:0.1.0)
#   DEBIAN_MIRROR    mirror for mmdebstrap     (default: mmdebstrap's, deb.debian.org with security updates)
set -euo pipefail

DEPLOY=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$DEPLOY")
export CONTAINERS_CONF=${CONTAINERS_CONF:-$DEPLOY/containers.conf}
THINSLICE_IMAGE=${THINSLICE_IMAGE:-localhost/thinslice:0.1.0}
ORTHANC_IMAGE=${ORTHANC_IMAGE:-localhost/thinslice-orthanc:0.1.0}

NODE_BASE=localhost/thinslice-base:bookworm
NODE_BASE_PACKAGES=openjdk-17-jre-headless,curl,ca-certificates,passwd
ORTHANC_BASE=localhost/thinslice-orthanc-base:bookworm
ORTHANC_BASE_PACKAGES=orthanc,orthanc-dicomweb,curl

die() { echo "build-images: $*" >&2; exit 1; }
say() { echo "build-images: $*" >&2; }

refresh=false
what=node
for a in "$@"; do
    case $a in
        --refresh-base) refresh=true ;;
        node | orthanc | all) what=$a ;;
        *) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
done

[[ $(id -u) -eq 0 ]] || die "run as root (mmdebstrap and podman build the images as root)"
for tool in podman mmdebstrap runc; do
    command -v "$tool" >/dev/null || die "$tool not found: apt-get install podman mmdebstrap runc"
done

# Makes a minimal Debian 12 root file system with the given packages and imports it as image $1.
# --variant=essential: only Essential:yes packages plus the list (no apt, no man pages, docs or translations).
ensure_base() {
    local image=$1 packages=$2
    local options=(--variant=essential "--include=$packages"
        --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr
        # the JRE's postinst registers man pages with update-alternatives: their folder must exist
        --setup-hook='mkdir -p "$1/usr/share/man/man1"'
        --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*'
        --dpkgopt='path-include=/usr/share/locale/locale.alias'
        --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright')
    local spec
    spec=$(printf '%s\n' "${options[@]}" "${DEBIAN_MIRROR:-}" | sha256sum | cut -c1-16)
    if ! $refresh && podman image exists "$image" &&
        [[ $(podman image inspect --format '{{index .Labels "io.thinslice.base"}}' "$image") == "$spec" ]]; then
        say "$image is up to date ($packages)"
        return 0
    fi
    # dpkg without fsync: the file system is thrown away if the build fails anyway
    if command -v eatmydata >/dev/null; then options+=(--hook-dir=/usr/share/mmdebstrap/hooks/eatmydata); fi
    say "making $image with mmdebstrap: $packages"
    local start=$SECONDS
    mmdebstrap --quiet "${options[@]}" bookworm - ${DEBIAN_MIRROR:+"$DEBIAN_MIRROR"} |
        podman import --quiet \
            --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
            --change "LABEL io.thinslice.base=$spec" \
            - "$image" >/dev/null
    say "$image made in $((SECONDS - start)) s"
}

# --format docker: the OCI format has no HEALTHCHECK. --pull=never: nothing comes from a registry.
build() {
    local image=$1 base=$2 containerfile=$3 context=$4
    shift 4
    say "building $image from ${containerfile#"$ROOT"/}"
    local start=$SECONDS
    podman build --quiet --format docker --pull=never --build-arg "BASE=$base" -f "$containerfile" -t "$image" "$@" "$context" >/dev/null
    say "$image built in $((SECONDS - start)) s"
}

if [[ $what == node || $what == all ]]; then
    [[ -f $ROOT/target/quarkus-app/quarkus-run.jar ]] || die "no target/quarkus-app: run mvn -B package -DskipTests first"
    ensure_base "$NODE_BASE" "$NODE_BASE_PACKAGES"
    # Context: the repository root, cut down to target/quarkus-app by the ignore file.
    build "$THINSLICE_IMAGE" "$NODE_BASE" "$DEPLOY/Dockerfile" "$ROOT" --ignorefile "$DEPLOY/Dockerfile.dockerignore"
fi
if [[ $what == orthanc || $what == all ]]; then
    ensure_base "$ORTHANC_BASE" "$ORTHANC_BASE_PACKAGES"
    build "$ORTHANC_IMAGE" "$ORTHANC_BASE" "$DEPLOY/Dockerfile.orthanc" "$DEPLOY/orthanc"
fi
