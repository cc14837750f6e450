#!/usr/bin/env bash
# Prints the path of the previous release's runnable jar, building it once from the commit CHANGELOG.md names
# ("Previous release: <version> <commit>"); later calls find it in the cache ($RELEASES_DIR, default
# ~/.cache/hotel-chat-releases). RollingUpgradeTest runs it; so can an operator rehearsing an upgrade:
#   java -jar "$(upgrade/previous-release.sh)"
# Exit 3: the commit is not in this clone (a shallow clone: git fetch --unshallow).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
read -r VERSION COMMIT < <(sed -n 's/^Previous release: \([^ ]*\) \([0-9a-f]\{7,40\}\)$/\1 \2/p' "$ROOT/CHANGELOG.md")
if [ -z "${COMMIT:-}" ]; then
  echo "CHANGELOG.md names no previous release (a line 'Previous release: <version> <commit>')" >&2
  exit 2
fi
CACHE=${RELEASES_DIR:-$HOME/.cache/hotel-chat-releases}/$VERSION-$COMMIT
JAR=$CACHE/chat-node-$VERSION.jar
if [ ! -f "$JAR" ]; then
  if ! git -C "$ROOT" cat-file -e "$COMMIT^{commit}" 2>/dev/null; then
    echo "commit $COMMIT of release $VERSION is not in this clone (a shallow clone? git fetch --unshallow)" >&2
    exit 3
  fi
  SRC=$(mktemp -d /tmp/chat-release-src.XXXXXX)
  trap 'rm -rf "$SRC"' EXIT
  # The release's own sources, as its commit has them: git archive leaves no worktree behind if this is interrupted.
  git -C "$ROOT" archive "$COMMIT" | tar -x -C "$SRC"
  echo "building release $VERSION from $COMMIT in $SRC" >&2
  (cd "$SRC" && mvn -B -q -pl chat-node -am package -DskipTests >&2)
  mkdir -p "$CACHE"
  cp "$SRC/chat-node/target/chat-node-$VERSION.jar" "$JAR.part"
  mv "$JAR.part" "$JAR"
fi
echo "$JAR"
