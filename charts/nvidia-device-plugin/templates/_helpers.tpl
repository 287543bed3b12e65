{{/* vim: set filetype=mustache: */}}

{{/*
Name of the chart, or nameOverride.
*/}}
{{- define "nvidia-device-plugin.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Fully qualified name: fullnameOverride, else "<release>-<name>" (just the release name when it
already contains the name). Kubernetes names are capped at 63 characters.
*/}}
{{- define "nvidia-device-plugin.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Namespace of every object: namespaceOverride, else the release namespace.
*/}}
{{- define "nvidia-device-plugin.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride -}}
{{- end -}}

{{/*
"<name>-<version>" for the helm.sh/chart label.
*/}}
{{- define "nvidia-device-plugin.chart" -}}
{{- printf "%s-%s" (default .Chart.Name .Values.nameOverride) .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Labels of every object.
*/}}
{{- define "nvidia-device-plugin.labels" -}}
helm.sh/chart: {{ include "nvidia-device-plugin.chart" . }}
{{ include "nvidia-device-plugin.templateLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/*
Labels of the pods: name and instance, plus selectorLabelsOverride so that an overridden
selector still matches.
*/}}
{{- define "nvidia-device-plugin.templateLabels" -}}
app.kubernetes.io/name: {{ include "nvidia-device-plugin.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- with .Values.selectorLabelsOverride }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Selector of the DaemonSet: selectorLabelsOverride when set, else the pod labels.
*/}}
{{- define "nvidia-device-plugin.selectorLabels" -}}
{{- if .Values.selectorLabelsOverride -}}
{{ toYaml .Values.selectorLabelsOverride }}
{{- else -}}
{{ include "nvidia-device-plugin.templateLabels" . }}
{{- end -}}
{{- end -}}

{{/*
Image reference; the tag defaults to "v<appVersion>".
*/}}
{{- define "nvidia-device-plugin.fullimage" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default (printf "v%s" .Chart.AppVersion)) -}}
{{- end -}}

{{/*
Name of the ConfigMap holding the plugin configurations ("" when none is used).
*/}}
{{- define "nvidia-device-plugin.configMapName" -}}
{{- if .Values.config.name -}}
{{- .Values.config.name -}}
{{- else if not (empty .Values.config.map) -}}
{{- printf "%s-configs" (include "nvidia-device-plugin.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/*
"true" when a ConfigMap (external or embedded) feeds the config-manager.
*/}}
{{- define "nvidia-device-plugin.hasConfigMap" -}}
{{- ne (include "nvidia-device-plugin.configMapName" .) "" -}}
{{- end -}}

{{/*
"true" when the chart builds the ConfigMap from config.map.
*/}}
{{- define "nvidia-device-plugin.hasEmbeddedConfigMap" -}}
{{- not (empty .Values.config.map) -}}
{{- end -}}

{{/*
"true" when a node without the config label still gets a configuration: an explicit default, or
one of the fallbacks can resolve against the embedded map. An external ConfigMap cannot be checked
at render time.
*/}}
{{- define "nvidia-device-plugin.hasDefaultConfig" -}}
{{- $result := false -}}
{{- if .Values.config.default -}}
  {{- $result = true -}}
{{- else if not (empty .Values.config.map) -}}
  {{- $fallbacks := .Values.config.fallbackStrategies | default list -}}
  {{- if and (has "named" $fallbacks) (hasKey .Values.config.map "default") -}}
    {{- $result = true -}}
  {{- end -}}
  {{- if and (has "single" $fallbacks) (eq (len (keys .Values.config.map)) 1) -}}
    {{- $result = true -}}
  {{- end -}}
  {{- if has "empty" $fallbacks -}}
    {{- $result = true -}}
  {{- end -}}
{{- end -}}
{{- $result -}}
{{- end -}}

{{/*
The "flags" section of one embedded configuration (YAML text) as JSON; {} when the text has none
or is not a mapping.
*/}}
{{- define "nvidia-device-plugin.configFlags" -}}
{{- $config := fromYaml (toString .) -}}
{{- $flags := dict -}}
{{- if and (kindIs "map" $config) (kindIs "map" $config.flags) -}}
  {{- $flags = $config.flags -}}
{{- end -}}
{{- toJson $flags -}}
{{- end -}}

{{/*
"true" when the plugin can only ever run with MIG strategy "none".
- migStrategy value set: it decides (the env var beats any config file).
- embedded config.map: every configuration must leave flags.migStrategy unset (the plugin's
  default is none) or set it to none.
- external config.name: unknown at render time, so "false".
- neither: the plugin's default, none.
*/}}
{{- define "nvidia-device-plugin.allPossibleMigStrategiesAreNone" -}}
{{- $result := true -}}
{{- if .Values.migStrategy -}}
  {{- $result = eq (toString .Values.migStrategy) "none" -}}
{{- else if .Values.config.name -}}
  {{- $result = false -}}
{{- else -}}
  {{- range $name, $contents := .Values.config.map -}}
    {{- $flags := include "nvidia-device-plugin.configFlags" $contents | fromJson -}}
    {{- if and $flags.migStrategy (ne (toString $flags.migStrategy) "none") -}}
      {{- $result = false -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- $result -}}
{{- end -}}

{{/*
"true" when the volume-mounts device list strategy may be used (it needs SYS_ADMIN to read the
mounts the runtime prepares). Same sources and order as the MIG check above.
*/}}
{{- define "nvidia-device-plugin.deviceListStrategyIncludesVolumeMounts" -}}
{{- $result := false -}}
{{- if kindIs "slice" .Values.deviceListStrategy -}}
  {{- $result = has "volume-mounts" .Values.deviceListStrategy -}}
{{- else if .Values.deviceListStrategy -}}
  {{- $result = has "volume-mounts" (splitList "," (toString .Values.deviceListStrategy)) -}}
{{- else if .Values.config.name -}}
  {{- $result = true -}}
{{- else -}}
  {{- range $name, $contents := .Values.config.map -}}
    {{- $flags := include "nvidia-device-plugin.configFlags" $contents | fromJson -}}
    {{- $plugin := $flags.plugin | default dict -}}
    {{- $strategy := "" -}}
    {{- if kindIs "map" $plugin -}}
      {{- $strategy = $plugin.deviceListStrategy -}}
    {{- end -}}
    {{- if kindIs "string" $strategy -}}
      {{- if has "volume-mounts" (splitList "," $strategy) -}}
        {{- $result = true -}}
      {{- end -}}
    {{- else if kindIs "slice" $strategy -}}
      {{- if has "volume-mounts" $strategy -}}
        {{- $result = true -}}
      {{- end -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- $result -}}
{{- end -}}

{{/*
"true" when a cdi-* device list strategy may be used, so that the plugin writes CDI specs: from
deviceListStrategy (string or list), else from every embedded configuration; an external ConfigMap's
contents are unknown at render time, so it counts as "may".
*/}}
{{- define "nvidia-device-plugin.deviceListStrategyIncludesCdi" -}}
{{- $strategies := list -}}
{{- $unknown := false -}}
{{- if kindIs "slice" .Values.deviceListStrategy -}}
  {{- $strategies = .Values.deviceListStrategy -}}
{{- else if .Values.deviceListStrategy -}}
  {{- $strategies = splitList "," (toString .Values.deviceListStrategy) -}}
{{- else if .Values.config.name -}}
  {{- $unknown = true -}}
{{- else -}}
  {{- range $name, $contents := .Values.config.map -}}
    {{- $flags := include "nvidia-device-plugin.configFlags" $contents | fromJson -}}
    {{- $plugin := $flags.plugin | default dict -}}
    {{- if kindIs "map" $plugin -}}
      {{- $strategy := $plugin.deviceListStrategy -}}
      {{- if kindIs "string" $strategy -}}
        {{- $strategies = concat $strategies (splitList "," $strategy) -}}
      {{- else if kindIs "slice" $strategy -}}
        {{- $strategies = concat $strategies $strategy -}}
      {{- end -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- $result := $unknown -}}
{{- range $strategies -}}
  {{- if hasPrefix "cdi-" (toString .) -}}
    {{- $result = true -}}
  {{- end -}}
{{- end -}}
{{- $result -}}
{{- end -}}

{{/*
"true" when the plugin container needs CAP_SYS_ADMIN: MIG (NVML's MIG monitoring) or
volume-mounts.
*/}}
{{- define "nvidia-device-plugin.requiresCapSysAdmin" -}}
{{- or (ne (include "nvidia-device-plugin.allPossibleMigStrategiesAreNone" .) "true") (eq (include "nvidia-device-plugin.deviceListStrategyIncludesVolumeMounts" .) "true") -}}
{{- end -}}

{{/*
Security context of the plugin container, least privilege first:
explicit securityContext > privileged for compatWithCPUManager > SYS_ADMIN when MIG or
volume-mounts may be used > no capabilities and no privilege escalation.
*/}}
{{- define "nvidia-device-plugin.securityContext" -}}
{{- if not (empty .Values.securityContext) -}}
{{ toYaml .Values.securityContext }}
{{- else if .Values.compatWithCPUManager -}}
privileged: true
{{- else if eq (include "nvidia-device-plugin.requiresCapSysAdmin" .) "true" -}}
capabilities:
  add:
    - SYS_ADMIN
{{- else -}}
allowPrivilegeEscalation: false
capabilities:
  drop: ["ALL"]
{{- end -}}
{{- end -}}

{{/*
Security context of the config-manager containers. They only read the Node object and switch a
symlink in an emptyDir, so they never need privileges (an explicit securityContext still applies).
*/}}
{{- define "nvidia-device-plugin.configManagerSecurityContext" -}}
{{- if not (empty .Values.securityContext) -}}
{{ toYaml .Values.securityContext }}
{{- else -}}
allowPrivilegeEscalation: false
capabilities:
  drop: ["ALL"]
{{- end -}}
{{- end -}}

{{/*
Container resources: "resources" when set, else "defaultResources".
*/}}
{{- define "nvidia-device-plugin.resources" -}}
{{- if not (empty .Values.resources) -}}
{{ toYaml .Values.resources }}
{{- else if not (empty .Values.defaultResources) -}}
{{ toYaml .Values.defaultResources }}
{{- end -}}
{{- end -}}

{{/*
Pod annotations: podAnnotations, plus checksum/config for an embedded ConfigMap (so that editing
config.map rolls the pods) and the Prometheus scrape hints when metrics are on. Keys given in
podAnnotations win.
*/}}
{{- define "nvidia-device-plugin.podAnnotations" -}}
{{- $annotations := deepCopy (.Values.podAnnotations | default dict) -}}
{{- if eq (include "nvidia-device-plugin.hasEmbeddedConfigMap" .) "true" -}}
  {{- if not (hasKey $annotations "checksum/config") -}}
    {{- $_ := set $annotations "checksum/config" (include (print $.Template.BasePath "/configmap.yml") . | sha256sum) -}}
  {{- end -}}
{{- end -}}
{{- if .Values.metrics.enabled -}}
  {{- $hints := dict "prometheus.io/scrape" "true" "prometheus.io/port" (toString .Values.metrics.port) "prometheus.io/path" "/metrics" -}}
  {{- range $key, $value := $hints -}}
    {{- if not (hasKey $annotations $key) -}}
      {{- $_ := set $annotations $key $value -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- if not (empty $annotations) -}}
{{ toYaml $annotations }}
{{- end -}}
{{- end -}}

{{/*
Environment of the config-manager init container and sidecar.
*/}}
{{- define "nvidia-device-plugin.configManagerEnv" -}}
- name: KUBECONFIG
  value: ""
- name: NODE_NAME
  valueFrom:
    fieldRef:
      fieldPath: spec.nodeName
- name: NODE_LABEL
  value: "nvidia.com/device-plugin.config"
- name: CONFIG_FILE_SRCDIR
  value: "/available-configs"
- name: CONFIG_FILE_DST
  value: "/config/config.yaml"
- name: DEFAULT_CONFIG
  value: {{ .Values.config.default | toString | quote }}
- name: FALLBACK_STRATEGIES
  value: {{ join "," (.Values.config.fallbackStrategies | default list) | quote }}
{{- end -}}

{{/*
Environment of the plugin container. Options are passed only when their value has the right type
(null leaves them to the configuration file or the plugin's default).
*/}}
{{- define "nvidia-device-plugin.pluginEnv" -}}
{{- if kindIs "string" .Values.migStrategy }}
- name: MIG_STRATEGY
  value: {{ .Values.migStrategy | quote }}
{{- end }}
{{- if kindIs "bool" .Values.failOnInitError }}
- name: FAIL_ON_INIT_ERROR
  value: {{ .Values.failOnInitError | toString | quote }}
{{- end }}
{{- if kindIs "bool" .Values.compatWithCPUManager }}
- name: PASS_DEVICE_SPECS
  value: {{ .Values.compatWithCPUManager | toString | quote }}
{{- end }}
{{- if kindIs "string" .Values.deviceListStrategy }}
- name: DEVICE_LIST_STRATEGY
  value: {{ .Values.deviceListStrategy | quote }}
{{- end }}
{{- if kindIs "string" .Values.deviceIDStrategy }}
- name: DEVICE_ID_STRATEGY
  value: {{ .Values.deviceIDStrategy | quote }}
{{- end }}
{{- if kindIs "string" .Values.nvidiaDriverRoot }}
- name: NVIDIA_DRIVER_ROOT
  value: {{ .Values.nvidiaDriverRoot | quote }}
{{- end }}
{{- if kindIs "bool" .Values.gdsEnabled }}
- name: GDS_ENABLED
  value: {{ .Values.gdsEnabled | toString | quote }}
{{- end }}
{{- if kindIs "bool" .Values.mofedEnabled }}
- name: MOFED_ENABLED
  value: {{ .Values.mofedEnabled | toString | quote }}
{{- end }}
{{- if eq (include "nvidia-device-plugin.hasConfigMap" .) "true" }}
- name: CONFIG_FILE
  value: /config/config.yaml
{{- end }}
{{- if ne (include "nvidia-device-plugin.allPossibleMigStrategiesAreNone" .) "true" }}
- name: NVIDIA_MIG_MONITOR_DEVICES
  value: all
{{- end }}
{{- if kindIs "string" .Values.cdi.nvidiaCTKPath }}
- name: NVIDIA_CTK_PATH
  value: {{ .Values.cdi.nvidiaCTKPath | quote }}
{{- end }}
{{- if .Values.metrics.enabled }}
- name: METRICS_ADDRESS
  value: {{ printf "0.0.0.0:%v" .Values.metrics.port | quote }}
{{- end }}
{{- end -}}
