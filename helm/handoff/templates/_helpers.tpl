{{/* Chart name, at most 63 characters (a label value). */}}
{{- define "handoff.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Object name prefix: the release name when it already says "handoff", else <release>-<chart>. */}}
{{- define "handoff.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "handoff.operator.fullname" -}}{{ include "handoff.fullname" . }}-operator{{- end -}}
{{- define "handoff.redis.fullname" -}}{{ include "handoff.fullname" . }}-redis{{- end -}}

{{- define "handoff.operator.serviceAccountName" -}}
{{- default (include "handoff.operator.fullname" .) .Values.operator.serviceAccount.name -}}
{{- end -}}

{{- define "handoff.tls.secretName" -}}
{{- default (printf "%s-tls" (include "handoff.operator.fullname" .)) .Values.tls.secretName -}}
{{- end -}}

{{- define "handoff.leaseName" -}}{{ include "handoff.operator.fullname" . }}-leader{{- end -}}
{{- define "handoff.rolloutsConfigMapName" -}}{{ include "handoff.operator.fullname" . }}-rollouts{{- end -}}

{{/* Kubernetes recommended labels; pass (dict "ctx" $ "component" "operator"). */}}
{{- define "handoff.labels" -}}
{{ include "handoff.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: handoff
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The immutable subset, used in selectors. */}}
{{- define "handoff.selectorLabels" -}}
app.kubernetes.io/name: {{ include "handoff.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "handoff.operator.image" -}}
{{- printf "%s:%s" .Values.operator.image.repository (default .Chart.AppVersion .Values.operator.image.tag) -}}
{{- end -}}

{{/* Is any Redis configured for the sidecars and the controller? */}}
{{- define "handoff.redis.configured" -}}
{{- if or .Values.redis.enabled .Values.redis.external.host .Values.redis.external.sentinel.masterName -}}true{{- end -}}
{{- end -}}

{{/* Does the operator itself connect to Redis with a private CA (the controller reads counters)? */}}
{{- define "handoff.operator.redisCa" -}}
{{- if and .Values.operator.controller.enabled (include "handoff.redis.configured" .) .Values.redis.tls.caSecret -}}true{{- end -}}
{{- end -}}

{{/* Secret (release namespace) and key holding the Redis password. */}}
{{- define "handoff.redis.passwordSecret" -}}
{{- default (include "handoff.redis.fullname" .) .Values.redis.auth.existingSecret -}}
{{- end -}}

{{/*
The Redis URL with the given password text in place, e.g. "$(REDIS_PASSWORD)" for an env var, or the password
itself for a Secret. Pass (dict "ctx" $ "password" "...").
*/}}
{{- define "handoff.redis.url" -}}
{{- $v := .ctx.Values.redis -}}
{{- $auth := "" -}}
{{- /* The chart's own Redis knows only the default user (requirepass). */ -}}
{{- $user := ternary "" $v.auth.username $v.enabled -}}
{{- if .password -}}{{- $auth = printf "%s:%s@" $user .password -}}{{- end -}}
{{- if $v.enabled -}}
{{- printf "redis://%s%s.%s.svc:6379/0" $auth (include "handoff.redis.fullname" .ctx) .ctx.Release.Namespace -}}
{{- else if $v.external.sentinel.masterName -}}
{{- printf "redis-sentinel://%s%s/%v#%s" $auth (join "," $v.external.sentinel.nodes) $v.external.database $v.external.sentinel.masterName -}}
{{- else -}}
{{- printf "%s://%s%s:%v/%v" (ternary "rediss" "redis" $v.external.tls) $auth $v.external.host $v.external.port $v.external.database -}}
{{- end -}}
{{- end -}}

{{/* Resources as the operator's quantity settings: "none" where a field is left out. */}}
{{- define "handoff.quantity" -}}
{{- if . }}{{ . }}{{ else }}none{{ end -}}
{{- end -}}

{{/* kube-system, the release namespace and the configured ones, sorted and unique, as a JSON array. */}}
{{- define "handoff.webhook.excludedNamespaces" -}}
{{- $names := concat (list "kube-system" .Release.Namespace) .Values.webhook.excludedNamespaces -}}
{{- $names | uniq | sortAlpha | toJson -}}
{{- end -}}
