{{/*
GPU feature discovery: names, labels and the labeller's environment.
*/}}
{{- define "nvidia-device-plugin.gfd.fullname" -}}
{{- printf "%s-%s" (include "nvidia-device-plugin.fullname" .) "gpu-feature-discovery" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Pod and selector labels of the GFD DaemonSet: its own app.kubernetes.io/name (gfd.nameOverride), so
that the plugin's DaemonSet never selects its pods.
*/}}
{{- define "nvidia-device-plugin.gfd.selectorLabels" -}}
app.kubernetes.io/name: {{ .Values.gfd.nameOverride | default "gpu-feature-discovery" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* True when the labels go onto the Node object (gfd.output=node). */}}
{{- define "nvidia-device-plugin.gfd.labelsNode" -}}
{{- eq (.Values.gfd.output | default "nfd" | toString) "node" -}}
{{- end -}}

{{/* The service account of the GFD pods: its own in node mode, the plugin's with a ConfigMap, else none. */}}
{{- define "nvidia-device-plugin.gfd.serviceAccount" -}}
{{- if eq (include "nvidia-device-plugin.gfd.labelsNode" .) "true" -}}
{{ include "nvidia-device-plugin.gfd.fullname" . }}
{{- else if eq (include "nvidia-device-plugin.hasConfigMap" .) "true" -}}
{{ include "nvidia-device-plugin.fullname" . }}-service-account
{{- end -}}
{{- end -}}

{{- define "nvidia-device-plugin.gfd.env" -}}
{{- if kindIs "string" .Values.migStrategy }}
- name: GFD_MIG_STRATEGY
  value: {{ .Values.migStrategy | quote }}
{{- end }}
{{- if kindIs "bool" .Values.failOnInitError }}
- name: GFD_FAIL_ON_INIT_ERROR
  value: {{ .Values.failOnInitError | toString | quote }}
{{- end }}
{{- with .Values.gfd.sleepInterval }}
- name: GFD_SLEEP_INTERVAL
  value: {{ . | toString | quote }}
{{- end }}
{{- if kindIs "bool" .Values.gfd.noTimestamp }}
- name: GFD_NO_TIMESTAMP
  value: {{ .Values.gfd.noTimestamp | toString | quote }}
{{- end }}
{{- if eq (include "nvidia-device-plugin.hasConfigMap" .) "true" }}
- name: GFD_CONFIG_FILE
  value: /config/config.yaml
{{- end }}
{{- if eq (include "nvidia-device-plugin.gfd.labelsNode" .) "true" }}
- name: GFD_LABEL_OUTPUT
  value: node
- name: NODE_NAME
  valueFrom:
    fieldRef:
      fieldPath: spec.nodeName
{{- else }}
- name: GFD_OUTPUT_FILE
  value: /etc/kubernetes/node-feature-discovery/features.d/gfd
{{- end }}
{{- end -}}
