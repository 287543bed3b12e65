#!/bin/bash
# /usr/bin/gpu-feature-discovery: runs the gpu-feature-discovery subcommand (the Helm chart's GFD
# DaemonSet uses it), named "gpu-feature-discovery" in the process table so that config-manager can
# signal it. It runs from config-manager's jar, which holds the Kubernetes client that direct node
# labelling (--label-output=node) needs, and takes everything else from nvidia-device-plugin.jar.
# JAVA_OPTS is split on spaces on purpose: it holds several options.
# shellcheck disable=SC2086
exec -a gpu-feature-discovery "${JAVA_HOME:-/opt/java}/bin/java" ${JAVA_OPTS} \
  -jar /opt/nvdp/nvidia-device-plugin-config-manager.jar gpu-feature-discovery "$@"
