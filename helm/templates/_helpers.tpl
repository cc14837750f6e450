{{- define "chat.name" -}}{{ .Release.Name }}-chat{{- end -}}
{{- define "chat.labels" -}}
app.kubernetes.io/name: hotel-chat
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}
{{- define "chat.selector" -}}
app.kubernetes.io/name: hotel-chat
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: node
{{- end -}}
{{- define "chat.secretName" -}}{{ .Values.secrets.existingSecret | default (printf "%s-secrets" (include "chat.name" .)) }}{{- end -}}
{{- define "chat.redisUrl" -}}
{{- if eq .Values.redis.mode "external" -}}
{{ required "redis.url is required when redis.mode is external" .Values.redis.url }}
{{- else if eq .Values.redis.mode "cluster" -}}
{{- $nodes := required "redis.cluster.nodes (host:port of some of the cluster's nodes) is required when redis.mode is cluster" .Values.redis.cluster.nodes -}}
{{ if .Values.redis.cluster.tls }}rediss{{ else }}redis{{ end }}-cluster://{{ join "," $nodes }}
{{- else -}}
{{- $s := list -}}
{{- range $i, $e := until (int .Values.redis.sentinels) -}}
{{- $s = append $s (printf "%s-sentinel-%d.%s-sentinel:26379" (include "chat.name" $) $i (include "chat.name" $)) -}}
{{- end -}}
redis-sentinel://{{ join "," $s }}#chatprimary
{{- end -}}
{{- end -}}
{{- define "chat.dbUrl" -}}
{{- $pg := .Values.postgresql -}}
{{- if and (eq $pg.mode "external") $pg.hosts -}}
{{- $params := list -}}
{{- range $name, $value := $pg.parameters -}}
{{- $params = append $params (printf "%s=%v" $name $value) -}}
{{- end -}}
jdbc:postgresql://{{ join "," $pg.hosts }}/{{ $pg.database }}{{ if $params }}?{{ join "&" $params }}{{ end }}
{{- else if eq $pg.mode "external" -}}
{{ required "postgresql.hosts or postgresql.url is required when postgresql.mode is external" $pg.url }}
{{- else -}}
jdbc:postgresql://{{ include "chat.name" . }}-postgresql:5432/chat
{{- end -}}
{{- end -}}
{{/* Every port the database URL names, and 5432 (a host without a port), comma-separated: the NetworkPolicy's egress. */}}
{{- define "chat.dbPorts" -}}
{{- $ports := list "5432" -}}
{{- range regexFindAll ":[0-9]+[,/]" (include "chat.dbUrl" .) -1 -}}
{{- $ports = append $ports (. | trimPrefix ":" | trimSuffix "," | trimSuffix "/") -}}
{{- end -}}
{{- $ports | uniq | join "," -}}
{{- end -}}
