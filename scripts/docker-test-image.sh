#!/usr/bin/env bash
# Builds (once) the single-user image the docker test tier starts users' servers from, without a
# registry: debootstrap a minimal Debian bookworm → `docker import` as hubstack-test-base:<hash>
# → `docker build` hubstack-test-singleuser:<hash> with jupyterhub + jupyterlab in /opt/venv.
# Idempotent and cached:
#   - the image is already in the engine            → nothing to do (well under a second);
#   - a `docker save` tarball of it is in the cache  → `docker load` (a restarted, empty dockerd);
#   - else the rootfs is reused if debootstrapped before, and the build runs.
# The hash covers this script and scripts/python-requirements.txt, so changing either rebuilds.
# Prints the image reference as its last line of output (stdout); progress goes to stderr.
# Needs: root (debootstrap), docker.io, debootstrap, network access to the Debian mirror and PyPI
# (the first time only).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$here/python-requirements.txt"
cache="${HUBSTACK_DOCKER_CACHE:-$HOME/.cache/hubstack/docker}"
rootfs="$cache/rootfs"
suite=bookworm
includes=python3,python3-venv,ca-certificates

say() { printf '[docker-test-image] %s\n' "$*" >&2; }

# The mirror apt already uses (deb822 sources first, then sources.list), else deb.debian.org.
debian_mirror() {
  local uri=""
  if compgen -G "/etc/apt/sources.list.d/*.sources" >/dev/null; then
    uri="$(grep -h -m1 -E '^URIs:.*/debian/?$' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | head -n1 || true)"
  fi
  if [[ -z "$uri" && -f /etc/apt/sources.list ]]; then
    uri="$(grep -h -m1 -E '^deb +[^ ]+/debian/? ' /etc/apt/sources.list | awk '{print $2}' | head -n1 || true)"
  fi
  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

hash="$(cat "${BASH_SOURCE[0]}" "$requirements" | sha256sum | cut -c1-12)"
base="hubstack-test-base:$hash"
image="hubstack-test-singleuser:$hash"
tarball="$cache/hubstack-test-singleuser-$hash.tar"

has_image() { docker image inspect "$1" >/dev/null 2>&1; }

if ! docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
  say "no Docker engine answers: start it with"
  say "  dockerd --storage-driver=vfs --iptables=false --bridge=none >/tmp/dockerd.log 2>&1 &"
  exit 1
fi
mkdir -p "$cache"

if has_image "$image"; then
  say "$image is present: nothing to do"
  printf '%s\n' "$image"
  exit 0
fi

if [[ -s "$tarball" ]]; then
  say "loading $image from $tarball"
  docker load --quiet --input "$tarball" >&2
  if has_image "$image"; then
    printf '%s\n' "$image"
    exit 0
  fi
  say "the tarball did not hold $image: rebuilding"
fi

if [[ ! -f "$rootfs/.hubstack-complete" ]]; then
  mirror="$(debian_mirror)"
  say "debootstrap $suite (minbase + $includes) from $mirror into $rootfs"
  rm -rf "$rootfs"
  debootstrap --variant=minbase --include="$includes" "$suite" "$rootfs" "$mirror" \
    >"$cache/debootstrap.log" 2>&1 || {
    tail -n 20 "$cache/debootstrap.log" >&2
    exit 1
  }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  touch "$rootfs/.hubstack-complete"
else
  say "reusing the debootstrapped rootfs in $rootfs"
fi

# The account and the venv's directory exist before the import, and the image's metadata is set
# by `docker import --change`, so the build is a single RUN step (under the vfs storage driver
# every step copies the whole root file system).
if ! chroot "$rootfs" id jovyan >/dev/null 2>&1; then
  chroot "$rootfs" useradd --create-home --uid 1000 --shell /bin/bash jovyan
fi
install -d -o 1000 -g 1000 "$rootfs/opt/venv"
# The host's CA bundle, so pip trusts whatever the host trusts (e.g. a TLS-inspecting proxy).
cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/hubstack-build-ca.crt" 2>/dev/null ||
  cp "$rootfs/etc/ssl/certs/ca-certificates.crt" "$rootfs/etc/ssl/certs/hubstack-build-ca.crt"

if ! has_image "$base"; then
  say "docker import $base"
  tar --exclude=./.hubstack-complete -C "$rootfs" -c . |
    docker import \
      --change 'ENV PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV LANG=C.UTF-8 SHELL=/bin/bash' \
      --change "LABEL dev.hubstack.test-image=$hash" \
      --change 'USER jovyan' --change 'WORKDIR /home/jovyan' \
      --change 'CMD ["jupyterhub-singleuser"]' \
      - "$base" >/dev/null
fi

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
pins="$(grep -E '^[A-Za-z0-9_.-]+==' "$requirements" | tr '\n' ' ')"
cat >"$context/Dockerfile" <<EOF
FROM $base
RUN python3 -m venv /opt/venv \\
 && PIP_CERT=/etc/ssl/certs/hubstack-build-ca.crt PIP_DISABLE_PIP_VERSION_CHECK=1 \\
    /opt/venv/bin/pip install --no-cache-dir --quiet $pins \\
 && rm -rf /home/jovyan/.cache
EOF
say "docker build $image (pip install $pins from PyPI)"
docker build --quiet --network host --tag "$image" "$context" >&2

say "saving $image to $tarball"
rm -f "$cache"/hubstack-test-singleuser-*.tar
docker save --output "$tarball.partial" "$image"
mv "$tarball.partial" "$tarball"
printf '%s\n' "$image"
