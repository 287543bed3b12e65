#!/bin/sh
# Links /usr/bin/<command> to /opt/nvdp/launch for every command in /opt/nvdp/commands, in the image
# root given as $1 ("/" in the Dockerfile, the unpacked root in scripts/image).
set -eu
root="${1:?usage: link-commands.sh <image root>}"
grep -v '^#' "${root}/opt/nvdp/commands" | while read -r command _; do
  [ -n "${command}" ] || continue
  ln -sfn /opt/nvdp/launch "${root}/usr/bin/${command}"
done
