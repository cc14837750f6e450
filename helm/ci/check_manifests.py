#!/usr/bin/env python3
"""Checks over manifests rendered by `helm template`: what operators of a sticky-less cluster rely on."""
import os
import re
import shutil
import subprocess
import sys

import yaml

SECRETISH = re.compile(r"(SECRET|PASSWORD|ACCESS_TOKEN|VERIFY_TOKEN|OTLP_HEADERS)", re.I)


def jvm_refusal(options):
    """What the JVM says when it will not start with these JAVA_TOOL_OPTIONS; None when it starts."""
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java or not os.access(java, os.X_OK):
        return "no java to try them with (set JAVA_HOME)"
    run = subprocess.run([java, "-version"], env={**os.environ, "JAVA_TOOL_OPTIONS": options},
                         capture_output=True, text=True, timeout=60)
    if run.returncode == 0:
        return None
    said = [line for line in run.stderr.splitlines() if line and not line.startswith("Picked up")]
    return said[0] if said else f"exit status {run.returncode}"


def check(path):
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    kinds = {}
    for d in docs:
        kinds.setdefault(d["kind"], []).append(d)
    problems = []

    deployments = [d for d in kinds.get("Deployment", []) if d["metadata"]["name"].endswith("-chat")]
    if len(deployments) != 1:
        return [f"expected one chat Deployment, found {len(deployments)}"]
    dep = deployments[0]
    spec = dep["spec"]
    hpas = kinds.get("HorizontalPodAutoscaler", [])
    replicas = spec.get("replicas", hpas[0]["spec"]["minReplicas"] if hpas else 1)
    if replicas < 2:
        problems.append(f"chat nodes must run at least 2 replicas, found {replicas}")
    pod = spec["template"]["spec"]
    container = pod["containers"][0]
    if container.get("readinessProbe", {}).get("httpGet", {}).get("path") != "/readyz":
        problems.append("readiness probe must be GET /readyz")
    if container.get("livenessProbe", {}).get("httpGet", {}).get("path") != "/healthz":
        problems.append("liveness probe must be GET /healthz")
    if "preStop" not in container.get("lifecycle", {}):
        problems.append("a preStop hook is needed so the node drains after endpoints update")
    if pod.get("terminationGracePeriodSeconds", 30) < 20:
        problems.append("terminationGracePeriodSeconds too short for a drain")
    if not pod.get("securityContext", {}).get("runAsNonRoot"):
        problems.append("chat nodes must run as non-root")
    if not pod.get("topologySpreadConstraints") and not pod.get("affinity"):
        problems.append("replicas must be spread over nodes")
    for env in container.get("env", []):
        if SECRETISH.search(env["name"]) and "value" in env:
            problems.append(f"{env['name']} is given in clear; it must come from a Secret")

    for svc in kinds.get("Service", []):
        if svc["spec"].get("sessionAffinity", "None") != "None":
            problems.append(f"Service {svc['metadata']['name']} has session affinity")
    for ing in kinds.get("Ingress", []):
        for key, value in (ing["metadata"].get("annotations") or {}).items():
            if "affinity" in key or "sticky" in key or "session-cookie" in key:
                problems.append(f"Ingress annotation {key}={value} makes sessions sticky")
    for cm in kinds.get("ConfigMap", []):
        for key, value in (cm.get("data") or {}).items():
            if SECRETISH.search(key):
                problems.append(f"ConfigMap {cm['metadata']['name']} holds {key}: secrets belong in a Secret")
            if re.search(r"://[^/@\s]+:[^/@\s]+@", str(value)):
                problems.append(f"ConfigMap {cm['metadata']['name']} {key} has a password in a URL")
            if re.search(r"[?&;]password=", str(value), re.I):
                problems.append(f"ConfigMap {cm['metadata']['name']} {key} has a password parameter in a URL")
        if "MaxRAMPercentage" not in (cm.get("data") or {}).get("JAVA_TOOL_OPTIONS", "MaxRAMPercentage"):
            problems.append("the JVM must size its heap from the container limit (MaxRAMPercentage)")
        if "JAVA_TOOL_OPTIONS" in (cm.get("data") or {}):
            refusal = jvm_refusal(cm["data"]["JAVA_TOOL_OPTIONS"])
            if refusal:
                problems.append(f"the JVM does not start with JAVA_TOOL_OPTIONS of {cm['metadata']['name']}: {refusal}")
    for secret in kinds.get("Secret", []):
        if "stringData" in secret:
            problems.append(f"Secret {secret['metadata']['name']} uses stringData")
    problems += database_egress(kinds)
    if not kinds.get("PodDisruptionBudget"):
        problems.append("a PodDisruptionBudget is required")
    return problems


def database_egress(kinds):
    """Each port of every host in CHAT_DB_URL must be open for egress: a failover to a standby on another port (a
    pooler's 6432) must not be dropped by the chart's own NetworkPolicy."""
    urls = [cm["data"]["CHAT_DB_URL"] for cm in kinds.get("ConfigMap", []) if "CHAT_DB_URL" in (cm.get("data") or {})]
    policies = kinds.get("NetworkPolicy", [])
    if not urls or not policies:
        return []
    hosts = re.match(r"jdbc:postgresql://([^/?]*)", urls[0])
    if not hosts:
        return [f"CHAT_DB_URL is not a PostgreSQL JDBC URL: {urls[0]}"]
    wanted = {int(h.rsplit(":", 1)[1]) if re.search(r":\d+$", h) else 5432 for h in hosts.group(1).split(",")}
    open_ports = {p["port"] for policy in policies for rule in policy["spec"].get("egress", [])
                  for p in rule.get("ports", [])}
    return [f"NetworkPolicy does not allow egress to database port {port} of CHAT_DB_URL"
            for port in sorted(wanted - open_ports)]


if __name__ == "__main__":
    failed = False
    for manifest in sys.argv[1:]:
        found = check(manifest)
        for p in found:
            print(f"{manifest}: {p}")
        failed = failed or bool(found)
        if not found:
            print(f"{manifest}: ok")
    sys.exit(1 if failed else 0)
