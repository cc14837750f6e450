#!/usr/bin/env bash
# Checks chat-node/target/jib-image.tar without a container runtime: unpacks its layers into a directory, then
# runs the image's entrypoint there with chroot, as the image's user, with the image's environment, and asks
# /healthz. Needs root (chroot) and a PostgreSQL to point the node at:
#   image/verify.sh jdbc:postgresql://127.0.0.1:5432/postgres
# JAVA_TOOL_OPTIONS, when set, is handed to the node as a pod's ConfigMap hands it (the Helm chart's javaToolOptions):
#   JAVA_TOOL_OPTIONS="$(sed -n 's/^javaToolOptions: "\(.*\)"/\1/p' helm/values.yaml)" image/verify.sh jdbc:...
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TAR="$ROOT/chat-node/target/jib-image.tar"
DB_URL=${1:?usage: image/verify.sh <jdbc url of a PostgreSQL>}
WORK=$(mktemp -d /tmp/chat-image.XXXXXX)
PORT=${PORT:-18199}
if [ -n "$(ss -Htln "( sport = :$PORT )")" ]; then
  echo "port $PORT is in use (a node of an earlier check still draining?); set PORT= or wait" >&2
  exit 1
fi
cleanup() {
  [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null || true
  sleep 1
  umount "$WORK/rootfs/proc" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/image" "$WORK/rootfs"
tar --warning=no-unknown-keyword -xf "$TAR" -C "$WORK/image"
/usr/bin/python3 - "$WORK" <<'PY'
import json, subprocess, sys
work = sys.argv[1]
manifest = json.load(open(f"{work}/image/manifest.json"))[0]
for layer in manifest["Layers"]:
    subprocess.run(["tar", "--warning=no-unknown-keyword", "-xzf", f"{work}/image/{layer}", "-C", f"{work}/rootfs"], check=True)
config = json.load(open(f"{work}/image/{manifest['Config']}"))["config"]
with open(f"{work}/entrypoint", "w") as f:
    f.write("\n".join(config["Entrypoint"]))
with open(f"{work}/env", "w") as f:
    f.write("\n".join(config.get("Env", [])))
with open(f"{work}/user", "w") as f:
    f.write(config.get("User", "0"))
print("image user:", config.get("User"), "entrypoint:", " ".join(config["Entrypoint"]))
PY
mkdir -p "$WORK/rootfs/proc" && mount -t proc proc "$WORK/rootfs/proc"
mapfile -t ENTRY < "$WORK/entrypoint"
mapfile -t ENV < "$WORK/env"
POD_ENV=(); [ -n "${JAVA_TOOL_OPTIONS:-}" ] && POD_ENV=("JAVA_TOOL_OPTIONS=$JAVA_TOOL_OPTIONS")
env -i "${ENV[@]}" "${POD_ENV[@]}" CHAT_PORT=$PORT CHAT_DB_URL="$DB_URL" CHAT_DB_USER=postgres CHAT_DB_PASSWORD=postgres \
  CHAT_NODE_ID=image-check "$(command -v chroot)" --userspec="$(cat "$WORK/user")" "$WORK/rootfs" "${ENTRY[@]}" > "$WORK/node.log" 2>&1 &
PID=$!
for _ in $(seq 1 60); do
  kill -0 "$PID" 2>/dev/null || break # the node exited: no point waiting
  if curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; then
    echo "healthz: $(curl -s "http://127.0.0.1:$PORT/healthz")"
    echo "readyz:  $(curl -s "http://127.0.0.1:$PORT/readyz")"
    echo "process user: $(ps -o user= -p "$(pgrep -P "$PID" -f java || echo "$PID")" 2>/dev/null || true)"
    exit 0
  fi
  sleep 1
done
echo "the node in the image did not answer; its log:" >&2
cat "$WORK/node.log" >&2
exit 1
