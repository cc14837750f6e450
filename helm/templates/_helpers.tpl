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
{{- else -}}
{{- $s := list -}}
{{- range $i, $e := until (int .Values.redis.sentinels) -}}
{{- $s = append $s (printf "%s-sentinel-%d.%s-sentinel:26379" (include "chat.name" $) $i (include "chat.name" $)) -}}
{{- end -}}
redis-sentinel://{{ join "," $s }}#chatprimary
{{- end -}}
{{- end -}}
{{- define "chat.dbUrl" -}}
{{- if eq .Values.postgresql.mode "external" -}}
{{ required "postgresql.url is required when postgresql.mode is external" .Values.postgresql.url }}
{{- else -}}
jdbc:postgresql://{{ include "chat.name" . }}-postgresql:5432/chat
{{- end -}}
{{- end -}}
