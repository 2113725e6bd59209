#!/usr/bin/env bash
# Deploys batch-image-rollout in three stages: infrastructure, code, Event Grid subscription (Event Grid checks the
# function endpoint when the subscription is created, so the code must be there first). See infra/README.md.
set -euo pipefail

readonly MIN_AZ_VERSION="2.60.0"
readonly JAVA_MAJOR=17
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
readonly REPO_DIR="${SCRIPT_DIR}/.."
readonly TEMPLATE="${SCRIPT_DIR}/main.json"

usage() {
  cat <<'EOF'
Usage: infra/deploy.sh --parameters FILE --location REGION [options]

Deploys the app in three stages:
  1. infrastructure: az deployment sub create (infra/main.json, deployEventSubscription=false)
  2. code:           mvn package azure-functions:deploy to the Flex Consumption app stage 1 created
  3. events:         the same deployment again with deployEventSubscription=true

Required:
  --parameters FILE   parameters file (start from infra/main.parameters.example.json)
  --location REGION   where ARM keeps the deployment record (e.g. westeurope)

Options:
  --name NAME         deployment name (default: batch-image-rollout)
  --subscription ID   subscription for the deployment (default: az's current one)
  --what-if           pre-flight only: az deployment sub what-if with the event subscription on; changes nothing
  --skip-code         stages 1 and 3 only (code already deployed)
  --check             check the prerequisites and stop
  -h, --help          this text

Prerequisites: Azure CLI >= 2.60 logged in (az login), Java 17, Maven. The signed-in user needs Owner, or
Contributor plus Role Based Access Control Administrator, on the app's subscription and on every Batch account,
gallery, pool identity and subnet scope named in the parameters.
EOF
}

fail() {
  echo "deploy.sh: $*" >&2
  exit 1
}

PARAMETERS=""
LOCATION=""
NAME="batch-image-rollout"
SUBSCRIPTION=""
WHAT_IF=false
SKIP_CODE=false
CHECK_ONLY=false

while [[ $# -gt 0 ]]; do
  case "$1" in
    --parameters) [[ $# -ge 2 ]] || fail "--parameters needs a file"; PARAMETERS="$2"; shift 2 ;;
    --location) [[ $# -ge 2 ]] || fail "--location needs a region"; LOCATION="$2"; shift 2 ;;
    --name) [[ $# -ge 2 ]] || fail "--name needs a value"; NAME="$2"; shift 2 ;;
    --subscription) [[ $# -ge 2 ]] || fail "--subscription needs an id"; SUBSCRIPTION="$2"; shift 2 ;;
    --what-if) WHAT_IF=true; shift ;;
    --skip-code) SKIP_CODE=true; shift ;;
    --check) CHECK_ONLY=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument: $1" ;;
  esac
done

version_at_least() { # $1 >= $2, dotted versions
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}

check_prerequisites() {
  local problems=()
  if ! command -v az >/dev/null 2>&1; then
    problems+=("Azure CLI (az) not found: install ${MIN_AZ_VERSION} or later (https://aka.ms/installazurecli)")
  else
    local az_version
    az_version="$(az version --query '"azure-cli"' -o tsv 2>/dev/null || true)"
    if [[ -z "${az_version}" ]]; then
      problems+=("could not read the Azure CLI version (az version)")
    elif ! version_at_least "${az_version}" "${MIN_AZ_VERSION}"; then
      problems+=("Azure CLI ${az_version} is too old: Flex Consumption needs ${MIN_AZ_VERSION} or later (az upgrade)")
    elif ! az account show --only-show-errors >/dev/null 2>&1; then
      problems+=("Azure CLI is not logged in: run az login")
    fi
  fi
  if ! command -v java >/dev/null 2>&1; then
    problems+=("Java not found: install a JDK ${JAVA_MAJOR}")
  else
    local java_major
    java_major="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | tr -d '[:space:]')"
    [[ "${java_major}" == "${JAVA_MAJOR}" ]] || problems+=("Java ${java_major:-unknown} found: the app builds and runs on Java ${JAVA_MAJOR}")
  fi
  command -v mvn >/dev/null 2>&1 || problems+=("Maven (mvn) not found: install Maven 3.8 or later")
  if [[ ${#problems[@]} -gt 0 ]]; then
    printf 'deploy.sh: prerequisite missing: %s\n' "${problems[@]}" >&2
    exit 1
  fi
  echo "deploy.sh: prerequisites ok (az, Java ${JAVA_MAJOR}, Maven)"
}

check_prerequisites
if [[ "${CHECK_ONLY}" == true ]]; then
  exit 0
fi
[[ -n "${PARAMETERS}" ]] || fail "--parameters FILE is required (see --help)"
[[ -f "${PARAMETERS}" ]] || fail "parameters file not found: ${PARAMETERS}"
[[ -n "${LOCATION}" ]] || fail "--location REGION is required (see --help)"

AZ_SUB=()
[[ -z "${SUBSCRIPTION}" ]] || AZ_SUB=(--subscription "${SUBSCRIPTION}")

deploy_infra() { # $1: deployEventSubscription true|false
  az deployment sub create "${AZ_SUB[@]}" --name "${NAME}" --location "${LOCATION}" \
    --template-file "${TEMPLATE}" --parameters "@${PARAMETERS}" --parameters "deployEventSubscription=$1" \
    --only-show-errors --output none
}

output() {
  az deployment sub show "${AZ_SUB[@]}" --name "${NAME}" --query "properties.outputs.$1.value" -o tsv
}

if [[ "${WHAT_IF}" == true ]]; then
  echo "deploy.sh: what-if (nothing is changed)"
  az deployment sub what-if "${AZ_SUB[@]}" --name "${NAME}" --location "${LOCATION}" \
    --template-file "${TEMPLATE}" --parameters "@${PARAMETERS}" --parameters "deployEventSubscription=true"
  exit 0
fi

echo "deploy.sh: 1/3 infrastructure (${NAME})"
deploy_infra false

if [[ "${SKIP_CODE}" == false ]]; then
  echo "deploy.sh: 2/3 code"
  APP="$(output functionAppName)"
  GROUP="$(output resourceGroupName)"
  STORAGE="$(output deploymentStorageAccount)"
  CONTAINER="$(output deploymentStorageContainer)"
  IDENTITY="$(output identityResourceId)"
  REGION="$(output location)"
  (cd "${REPO_DIR}" && mvn -B -DskipTests package azure-functions:deploy \
    "-DfunctionAppName=${APP}" "-DfunctionResourceGroup=${GROUP}" "-DfunctionRegion=${REGION}" \
    "-DdeploymentStorageAccount=${STORAGE}" "-DdeploymentStorageContainer=${CONTAINER}" \
    "-DuserAssignedIdentityResourceId=${IDENTITY}" "-DfunctionSubscriptionId=${SUBSCRIPTION}")
fi

echo "deploy.sh: 3/3 Event Grid subscriptions"
deploy_infra true
echo "deploy.sh: done: $(output functionAppName) in $(output resourceGroupName)"
