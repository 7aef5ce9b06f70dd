#!/usr/bin/env bash
# Build Skiff's container image without Docker and without a registry:
#   deploy/image/build-offline.sh OUT.tar TAG        e.g. deploy/image/build-offline.sh /tmp/skiff.tar localhost/skiff:dev
# The result is a docker-archive tarball (manifest.json, the config named by its sha256, one layer)
# that `ctr -n k8s.io images import OUT.tar`, `docker load` and `podman load` accept.
#
# The root filesystem is made of Debian packages (apt-get download, unpacked with dpkg-deb -x; the
# .deb files are cached in $SKIFF_IMAGE_CACHE, default /var/cache/skiff-image/debs, and reused),
# this machine's node binary and the built Skiff bundle of this repository (run `npm run build` first).
# Nothing is downloaded from anywhere but the Debian mirrors apt is configured with.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 OUT.tar TAG   (e.g. $0 /tmp/skiff.tar localhost/skiff:dev)" >&2
  exit 2
fi
OUT=$1
TAG=$2
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${SKIFF_IMAGE_CACHE:-/var/cache/skiff-image/debs}
# Fixed timestamps (SOURCE_DATE_EPOCH when given) make two builds of the same inputs byte-identical.
EPOCH=${SOURCE_DATE_EPOCH:-0}
START=$(date +%s)

log() { echo "build-offline: $*" >&2; }
fail() {
  echo "build-offline: error: $*" >&2
  exit 1
}

for tool in apt-get apt-cache dpkg-deb dpkg sha256sum tar node; do
  command -v "$tool" >/dev/null || fail "$tool is not on PATH (the build needs a Debian or Ubuntu machine with Node.js)"
done
[[ -f $REPO/dist/skiff.mjs ]] || fail "$REPO/dist/skiff.mjs is missing: run \`npm run build\` in $REPO first"
[[ -d $REPO/dist/ui ]] || fail "$REPO/dist/ui is missing: run \`npm run build\` (it builds the web UI too) in $REPO first"
SQLITE=$REPO/node_modules/better-sqlite3
[[ -f $SQLITE/build/Release/better_sqlite3.node ]] ||
  fail "$SQLITE/build/Release/better_sqlite3.node is missing: run \`npm ci\` in $REPO first"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/skiff-image.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
ROOT=$WORK/rootfs
mkdir -p "$ROOT" "$WORK/archive"

# 1. Debian packages: what node and the addon link against (libc6, libgcc-s1, libstdc++6 and the
#    gcc-12-base they depend on), CA certificates, a static busybox for /bin/sh and debugging tools,
#    and base-files for /etc/os-release (so image scanners know the distribution).
PACKAGES=(base-files libc6 libgcc-s1 gcc-12-base libstdc++6 ca-certificates busybox-static)
mkdir -p "$CACHE"
DEBS=()
MISSING=()
for pkg in "${PACKAGES[@]}"; do
  # The name apt-get download gives the candidate version: an epoch's colon is written %3a.
  stanza=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null || true)
  version=$(sed -n 's/^Version: //p' <<<"$stanza" | head -n1)
  arch=$(sed -n 's/^Architecture: //p' <<<"$stanza" | head -n1)
  [[ -n $version && -n $arch ]] || fail "apt knows no package $pkg (run apt-get update)"
  deb=$CACHE/${pkg}_${version//:/%3a}_${arch}.deb
  DEBS+=("$deb")
  [[ -s $deb ]] || MISSING+=("$pkg")
done
if [[ ${#MISSING[@]} -gt 0 ]]; then
  log "downloading ${MISSING[*]} into $CACHE"
  (cd "$CACHE" && apt-get download -q -o APT::Sandbox::User=root "${MISSING[@]}" >&2) ||
    fail "apt-get download ${MISSING[*]} failed (is a Debian mirror reachable?)"
else
  log "Debian packages cached in $CACHE"
fi
STATUS=$ROOT/var/lib/dpkg/status.d
mkdir -p "$STATUS"
for deb in "${DEBS[@]}"; do
  [[ -s $deb ]] || fail "$deb was not downloaded"
  dpkg-deb -x "$deb" "$ROOT"
  # One status file per package, as distroless images have, so scanners can list what is inside.
  name=$(dpkg-deb -f "$deb" Package)
  { dpkg-deb -f "$deb" Package Version Architecture Source Maintainer Description; echo 'Status: install ok installed'; } \
    >"$STATUS/$name"
done
log "unpacked ${#DEBS[@]} packages"

# Documentation, manuals, translations and iconv modules are not used by node; the copyright files stay.
find "$ROOT/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
rm -rf "$ROOT/usr/share/man" "$ROOT/usr/share/info" "$ROOT/usr/share/locale" "$ROOT/usr/share/lintian" \
  "$ROOT/usr/share/common-licenses" "$ROOT"/usr/lib/*-linux-gnu/gconv

# The CA bundle that update-ca-certificates would write: every Mozilla certificate, by name.
mkdir -p "$ROOT/etc/ssl/certs"
find "$ROOT/usr/share/ca-certificates/mozilla" -name '*.crt' | LC_ALL=C sort | while read -r crt; do
  cat "$crt"
  echo
done | sed '/^$/d' >"$ROOT/etc/ssl/certs/ca-certificates.crt"
grep -q 'BEGIN CERTIFICATE' "$ROOT/etc/ssl/certs/ca-certificates.crt" || fail "the CA bundle is empty"

# busybox: /bin/sh and every applet (ls, cat, wget, vi...) as a link, unless a package ships the name.
"$ROOT/bin/busybox" --list-full | while read -r applet; do
  [[ -e $ROOT/$applet || -L $ROOT/$applet ]] && continue
  mkdir -p "$ROOT/$(dirname "$applet")"
  ln -s /bin/busybox "$ROOT/$applet"
done
[[ -L $ROOT/bin/sh ]] || fail "busybox did not provide /bin/sh"

# 2. Node: this machine's binary (it must link only against libc, libgcc and libstdc++).
NODE=$(readlink -f "$(command -v node)")
mkdir -p "$ROOT/usr/local/bin"
cp "$NODE" "$ROOT/usr/local/bin/node"
log "node $("$NODE" --version) from $NODE"

# 3. Skiff: the built bundle and its one runtime dependency, better-sqlite3 with its native addon and
#    what it requires at run time (bindings, file-uri-to-path; prebuild-install only serves npm install).
APP=$ROOT/opt/skiff
mkdir -p "$APP/dist/chunks" "$APP/node_modules"
cp -r "$REPO/bin" "$REPO/python" "$REPO/runtime" "$REPO/package.json" "$APP/"
cp "$REPO/dist/skiff.mjs" "$REPO/dist/spec-worker.mjs" "$APP/dist/"
cp "$REPO"/dist/chunks/*.mjs "$APP/dist/chunks/"
cp -r "$REPO/dist/ui" "$APP/dist/ui"
find "$APP" \( -name __pycache__ -o -name '*.pyc' -o -name '*.test.*' \) -prune -exec rm -rf {} +
mkdir -p "$APP/node_modules/better-sqlite3/build/Release"
cp -r "$SQLITE/package.json" "$SQLITE/lib" "$SQLITE/LICENSE" "$APP/node_modules/better-sqlite3/"
cp "$SQLITE/build/Release/better_sqlite3.node" "$APP/node_modules/better-sqlite3/build/Release/"
for dep in bindings file-uri-to-path; do
  src=$REPO/node_modules/$dep
  [[ -d $src ]] || fail "$src is missing (a dependency of better-sqlite3): run \`npm ci\` in $REPO"
  cp -r "$src" "$APP/node_modules/$dep"
done
VERSION=$(node -p "require('$REPO/package.json').version")

# 4. Users, directories and name service: a non-root user skiff (65532) with a writable home.
cat >"$ROOT/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
skiff:x:65532:65532:skiff:/home/skiff:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat >"$ROOT/etc/group" <<'EOF'
root:x:0:
skiff:x:65532:
nogroup:x:65534:
EOF
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$ROOT/etc/nsswitch.conf"
mkdir -p "$ROOT/home/skiff" "$ROOT/root" "$ROOT/tmp" "$ROOT/var/tmp" "$ROOT/proc" "$ROOT/sys" "$ROOT/dev"
chmod 0755 "$ROOT/home/skiff"
chmod 0700 "$ROOT/root"
chmod 1777 "$ROOT/tmp" "$ROOT/var/tmp"

# 5. The layer: sorted, fixed times, everything owned by root but the home directory.
LAYER=$WORK/layer.tar
TAR_OPTS=(--format=gnu --sort=name --mtime="@$EPOCH" --numeric-owner)
mapfile -t TOP < <(cd "$ROOT" && LC_ALL=C ls -A)
tar -C "$ROOT" "${TAR_OPTS[@]}" --owner=0 --group=0 --anchored --exclude=home/skiff -cf "$LAYER" "${TOP[@]}"
tar -C "$ROOT" "${TAR_OPTS[@]}" --owner=65532 --group=65532 -rf "$LAYER" home/skiff
LAYER_SHA=$(sha256sum "$LAYER" | cut -d' ' -f1)
mkdir -p "$WORK/archive/$LAYER_SHA"
mv "$LAYER" "$WORK/archive/$LAYER_SHA/layer.tar"

# 6. The image config and manifest.json (docker-archive format).
case $(dpkg --print-architecture) in
amd64) ARCH=amd64 ;;
arm64) ARCH=arm64 ;;
*) fail "unsupported architecture $(dpkg --print-architecture)" ;;
esac
REVISION=$(git -C "$REPO" rev-parse HEAD 2>/dev/null || echo unknown)
CONFIG_JSON=$WORK/config.json
node - "$CONFIG_JSON" "$LAYER_SHA" "$ARCH" "$VERSION" "$REVISION" "$EPOCH" <<'EOF'
const [file, layerSha, arch, version, revision, epoch] = process.argv.slice(2);
const created = new Date(Number(epoch) * 1000).toISOString().replace('.000Z', 'Z');
const config = {
  architecture: arch,
  os: 'linux',
  created,
  config: {
    User: '65532:65532',
    Entrypoint: ['/usr/local/bin/node', '/opt/skiff/bin/skiff.js'],
    Cmd: ['server'],
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOME=/home/skiff'],
    WorkingDir: '/home/skiff',
    ExposedPorts: { '8888/tcp': {} },
    Labels: {
      'org.opencontainers.image.title': 'skiff',
      'org.opencontainers.image.description': 'Skiff: Kubeflow Pipelines v2 anywhere (server, engine and task-pod sidecar)',
      'org.opencontainers.image.version': version,
      'org.opencontainers.image.revision': revision,
      'org.opencontainers.image.licenses': 'Apache-2.0',
      'org.opencontainers.image.created': created,
    },
  },
  rootfs: { type: 'layers', diff_ids: [`sha256:${layerSha}`] },
  history: [{ created, created_by: 'deploy/image/build-offline.sh', comment: 'Debian packages, node, /opt/skiff' }],
};
require('node:fs').writeFileSync(file, JSON.stringify(config));
EOF
CONFIG_SHA=$(sha256sum "$CONFIG_JSON" | cut -d' ' -f1)
mv "$CONFIG_JSON" "$WORK/archive/$CONFIG_SHA.json"
node -e 'process.stdout.write(JSON.stringify([{ Config: process.argv[1], RepoTags: [process.argv[2]], Layers: [process.argv[3]] }]))' \
  "$CONFIG_SHA.json" "$TAG" "$LAYER_SHA/layer.tar" >"$WORK/archive/manifest.json"

# 7. The archive, written beside OUT and renamed into place (a failed build leaves no half file).
mkdir -p "$(dirname "$OUT")"
PARTIAL=$(mktemp "$(dirname "$OUT")/.skiff-image.XXXXXX")
trap 'rm -rf "$WORK" "$PARTIAL"' EXIT
tar -C "$WORK/archive" "${TAR_OPTS[@]}" --owner=0 --group=0 -cf "$PARTIAL" manifest.json "$CONFIG_SHA.json" "$LAYER_SHA"
chmod 0644 "$PARTIAL"
mv "$PARTIAL" "$OUT"

SIZE=$(du -h "$OUT" | cut -f1)
log "wrote $OUT: $TAG, skiff $VERSION, image sha256:$CONFIG_SHA, $SIZE, in $(($(date +%s) - START)) s"
