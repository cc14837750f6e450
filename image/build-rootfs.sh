#!/usr/bin/env bash
# Builds the file system the chat-node image adds on top of an empty base ("scratch"): a jlinked Java runtime,
# the C libraries it links against (taken from this Debian machine), a non-root user and a writable /tmp.
# Jib then packs it with the application (see chat-node/pom.xml, profile "image"); no registry, no Docker daemon.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/chat-node/target/image-rootfs"
JDK=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
MODULES="java.base,java.desktop,java.instrument,java.naming,java.net.http,java.security.jgss,java.sql,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.unsupported,jdk.zipfs"
rm -rf "$OUT"
mkdir -p "$OUT/opt" "$OUT/etc" "$OUT/tmp"
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
  --output "$OUT/opt/java"
# The shared libraries the runtime needs, with the dynamic loader, at the paths they are looked up at.
for lib in $( (ldd "$OUT/opt/java/bin/java"; find "$OUT/opt/java/lib" -name '*.so' -exec ldd {} \; ) 2>/dev/null \
      | grep -oE '/[^ ]+\.so[^ ]*' | grep -v "^$OUT" | sort -u); do
  mkdir -p "$OUT$(dirname "$lib")"
  cp -L "$lib" "$OUT$lib"
done
for extra in /lib64/ld-linux-x86-64.so.2 /etc/ssl/certs/ca-certificates.crt; do
  [ -e "$extra" ] && mkdir -p "$OUT$(dirname "$extra")" && cp -L "$extra" "$OUT$extra"
done
printf 'root:x:0:0:root:/root:/sbin/nologin\nchat:x:10001:10001:chat:/tmp:/sbin/nologin\n' > "$OUT/etc/passwd"
printf 'root:x:0:\nchat:x:10001:\n' > "$OUT/etc/group"
printf 'hosts: files dns\n' > "$OUT/etc/nsswitch.conf"
chmod 1777 "$OUT/tmp"
echo "image root file system in $OUT ($(du -sh "$OUT" | cut -f1))"
