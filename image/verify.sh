#!/usr/bin/env bash
# Checks chat-node/target/jib-image.tar without a container runtime: unpacks its layers into a directory, then
# runs the image's entrypoint there with chroot, as the image's user, with the image's environment, and asks
# /healthz, /readyz, HEAD / and a login. Needs root (chroot; CI runs as root). With a PostgreSQL to point the node at:
#   image/verify.sh jdbc:postgresql://127.0.0.1:5432/postgres
# Without one, a throwaway PostgreSQL is taken from the runnable jar (started on the embedded defaults in a temp
# directory, outside the image, which holds no database server), as `.ci/run` does it:
#   image/verify.sh
# JAVA_TOOL_OPTIONS, when set, is handed to the node as a pod's ConfigMap hands it (the Helm chart's javaToolOptions):
#   JAVA_TOOL_OPTIONS="$(sed -n 's/^javaToolOptions: "\(.*\)"/\1/p' helm/values.yaml)" image/verify.sh jdbc:...
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TAR="$ROOT/chat-node/target/jib-image.tar"
DB_URL=${1:-}
WORK=$(mktemp -d /tmp/chat-image.XXXXXX)
PORT=${PORT:-18199}
if [ -n "$(ss -Htln "( sport = :$PORT )")" ]; then
  echo "port $PORT is in use (a node of an earlier check still draining?); set PORT= or wait" >&2
  exit 1
fi
cleanup() {
  [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null || true
  [ -n "${DB_HOST_PID:-}" ] && kill "$DB_HOST_PID" 2>/dev/null || true
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
mkdir -p "$WORK/rootfs/proc"
mount -t proc proc "$WORK/rootfs/proc" || echo "mounting /proc in the image's root is not permitted here: the node runs without it" >&2
# the bootstrap admin's password (whichever node creates the admin first, the login below uses it)
ADMIN_PASSWORD="image-check-$RANDOM$RANDOM"
if [ -z "$DB_URL" ]; then
  JAR=$(ls "$ROOT"/chat-node/target/chat-node-*.jar | grep -v original | head -1)
  DB_HOST_PORT=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  (cd "$WORK" && exec env -i PATH="$PATH" HOME="$WORK" CHAT_PORT=$DB_HOST_PORT CHAT_DATA_DIR="$WORK/db-host" \
    CHAT_NODE_ID=image-check-db CHAT_ADMIN_USERNAME=admin CHAT_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    "${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" -jar "$JAR" > "$WORK/db-host.log" 2>&1) &
  DB_HOST_PID=$!
  for _ in $(seq 1 60); do
    PG_PORT=$(sed -n 's/.*embedded PostgreSQL on port \([0-9]*\).*/\1/p' "$WORK/db-host.log" 2>/dev/null | head -1 || true)
    [ -n "$PG_PORT" ] && break
    sleep 1
  done
  [ -n "$PG_PORT" ] || { echo "no throwaway PostgreSQL from the jar; its log:" >&2; cat "$WORK/db-host.log" >&2; exit 1; }
  DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
  echo "throwaway PostgreSQL on port $PG_PORT (from $JAR)"
fi
mapfile -t ENTRY < "$WORK/entrypoint"
mapfile -t ENV < "$WORK/env"
POD_ENV=(); [ -n "${JAVA_TOOL_OPTIONS:-}" ] && POD_ENV=("JAVA_TOOL_OPTIONS=$JAVA_TOOL_OPTIONS")
DB_ENV=(CHAT_DB_URL="$DB_URL" CHAT_DB_USER=postgres CHAT_DB_PASSWORD=postgres)
env -i "${ENV[@]}" "${POD_ENV[@]}" CHAT_PORT=$PORT "${DB_ENV[@]}" CHAT_ADMIN_USERNAME=admin \
  CHAT_ADMIN_PASSWORD="$ADMIN_PASSWORD" CHAT_NODE_ID=image-check "$(command -v chroot)" --userspec="$(cat "$WORK/user")" "$WORK/rootfs" "${ENTRY[@]}" > "$WORK/node.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  kill -0 "$PID" 2>/dev/null || break # the node exited: no point waiting
  if curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; then
    echo "healthz: $(curl -s "http://127.0.0.1:$PORT/healthz")"
    echo "readyz:  $(curl -s "http://127.0.0.1:$PORT/readyz")"
    echo "process user: $(ps -o user= -p "$(pgrep -P "$PID" -f java || echo "$PID")" 2>/dev/null || true)"
    # what a load balancer and a user do first: HEAD /, then log in (the database works under the image's user)
    head_status=$(curl -s -o /dev/null -w '%{http_code}' -I "http://127.0.0.1:$PORT/")
    login=$(curl -s -H 'Content-Type: application/json' \
      -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" "http://127.0.0.1:$PORT/auth/login")
    echo "HEAD /: $head_status; login: $(echo "$login" | cut -c1-30)..."
    # the heap's share comes from JAVA_TOOL_OPTIONS (the image's, or the pod's), which the JVM says it picked up
    grep -m1 "Picked up JAVA_TOOL_OPTIONS: .*MaxRAMPercentage" "$WORK/node.log" \
      || { echo "the node in the image did not pick up a heap share from JAVA_TOOL_OPTIONS" >&2; exit 1; }
    if [ "$head_status" = 200 ] && echo "$login" | grep -q '"token"'; then
      exit 0
    fi
    echo "the node in the image answered, but HEAD / or the login failed; its log:" >&2
    cat "$WORK/node.log" >&2
    exit 1
  fi
  sleep 1
done
echo "the node in the image did not become ready; the throwaway database's log, if any, then its log:" >&2
[ -f "$WORK/db-host.log" ] && tail -20 "$WORK/db-host.log" >&2
cat "$WORK/node.log" >&2
exit 1
