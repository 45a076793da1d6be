#!/usr/bin/env bash
# Builds and tests the component against Camel's 4.18 LTS line (Maven profile camel-4.18) on a copy of the work tree,
# since the 4.18 tooling rewrites src/generated. Usage: tools/camel-4.18.sh [extra Maven arguments]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
copy="$(mktemp -d)"
trap 'rm -rf "$copy"' EXIT
cd "$root"
git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$copy"
cp -r .mvn "$copy/" 2>/dev/null || true
cd "$copy"
# 4.22's generated configurers call API 4.18 lacks: the 4.18 tooling writes its own in process-classes
rm -rf camel-iterable/src/generated/java
mvn -B -P camel-4.18 -pl camel-iterable -am verify "$@"
