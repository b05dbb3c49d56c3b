/**
 * Renders apply.sh, which config sync runs over SSH (as root via sudo) after copying the public
 * files to the staging directory. Secrets arrive on stdin, one `<key> <base64>` line each, and
 * are written straight to their 0600 files: they never touch the staging directory, the
 * command line or user data. Then `docker compose up -d` recreates what changed, and the
 * single-user images are pulled in the background, so the first spawn after a deploy does not
 * wait for (and time out on) a multi-gigabyte pull.
 */
import { defaultLayout, type HostFile, type HostLayout } from "./hostLayout";
import { composeProject } from "./composeYaml";

export interface ApplyScriptInput {
  /** Files copied to the staging directory (by key, file name = key). */
  readonly publicFiles: readonly HostFile[];
  /** Files that arrive on stdin. */
  readonly secretFiles: readonly HostFile[];
  /** An ECR registry host to pull the hub image from with the instance profile, if any. */
  readonly ecrRegistry?: string;
  /** Single-user images (userImage and the profiles' images) to pull after the project is up. */
  readonly prePullImages?: readonly string[];
  /** Where things are on the host (default: the real layout). */
  readonly layout?: HostLayout;
}

/** A Docker image reference: [registry[:port]/]path[:tag][@digest]; nothing a shell would read. */
const imageRef = /^[A-Za-z0-9][A-Za-z0-9._/:@-]{0,511}$/;

function prePull(images: readonly string[], log: string): string {
  const unique = [...new Set(images)];
  for (const image of unique) {
    if (!imageRef.test(image)) {
      throw new Error(
        `apply.sh: ${JSON.stringify(image)} is not a Docker image reference. Fix: pulumi config set userImage <registry/name:tag> (or the profile's image)`,
      );
    }
  }
  if (unique.length === 0) return "";
  return `
# 7. Pull the single-user images in the background, so the first spawn finds them (docker pull
#    of an image that is already there only checks its digest). Output: ${log}
mkdir -p "$(dirname ${log})"
setsid nohup bash -c 'for image in "$@"; do
  echo "$(date -u +%FT%TZ) pulling $image"
  docker pull --quiet "$image" || echo "$(date -u +%FT%TZ) could not pull $image: the first spawn will try again"
done' prepull ${unique.join(" ")} >>${log} 2>&1 </dev/null &
echo "apply.sh: pulling ${String(unique.length)} single-user image(s) in the background (${log})"
`;
}

const fileCase = (layout: HostLayout) => (key: HostFile) => {
  const f = layout.files[key];
  return `    ${key}) echo "${f.path} ${f.mode} ${String(f.uid)}" ;;`;
};

export function renderApplyScript(input: ApplyScriptInput): string {
  const registry = input.ecrRegistry;
  if (registry !== undefined && !/^[a-z0-9.-]+$/.test(registry)) {
    throw new Error(`apply.sh: ecrRegistry ${JSON.stringify(registry)} is not a registry host`);
  }
  const all = [...input.publicFiles, ...input.secretFiles];
  const L = input.layout ?? defaultLayout;
  const p = L.paths;
  const ecr = registry
    ? `install -d -m 0700 ${L.dockerConfigDir}
printf '{"credHelpers":{"%s":"ecr-login"}}\\n' '${registry}' > ${L.dockerConfigDir}/config.json
`
    : "";
  return `#!/bin/bash
# Rendered by Hubstack (components/render/applyScript.ts). Run by config sync: sudo bash apply.sh
set -euo pipefail
umask 077
staging=${p.staging}
config=${p.config}

fail() { echo "apply.sh: $*" >&2; exit 1; }

# The destination, mode and owner of each file Hubstack manages (no other path is written).
target() {
  case "$1" in
${all.map(fileCase(L)).join("\n")}
    *) return 1 ;;
  esac
}

# put KEY: stdin -> the key's file, atomically, with its mode and owner.
put() {
  local spec dest mode uid tmp
  spec=$(target "$1") || fail "unknown file key $1"
  read -r dest mode uid <<<"$spec"
  [ -d "$(dirname "$dest")" ] || install -d -m 0700 "$(dirname "$dest")"
  tmp=$(mktemp "$dest.XXXXXX")
  cat >"$tmp"
  chmod "$mode" "$tmp"
  chown "$uid:$uid" "$tmp"
  mv -f "$tmp" "$dest"
}

# 1. First boot must be done (Docker installed, data volume mounted).
rc=0
cloud-init status --wait >/dev/null || rc=$?
# 2 means "finished with recoverable errors"; anything else is a failed boot.
[ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] || fail "cloud-init failed (exit $rc): see /var/log/cloud-init-output.log"
mountpoint -q ${p.data} || fail "the data volume is not mounted at ${p.data}"

# 2. Directories.
install -d -m 0755 "$config"
install -d -m 0700 ${p.secrets} ${p.tls}
install -d -m 0750 -o ${String(L.hubUid)} -g ${String(L.hubUid)} ${p.hubData}

# 3. Secrets from stdin.
while read -r key b64; do
  [ -n "$key" ] || continue
  case " ${input.secretFiles.join(" ")} " in
    *" $key "*) printf '%s' "$b64" | base64 -d | put "$key" ;;
    *) fail "$key may not be sent on stdin" ;;
  esac
done

# 4. Public files from the staging directory.
for key in ${input.publicFiles.join(" ")}; do
  [ -f "$staging/$key" ] || fail "$staging/$key is missing: run pulumi up again"
  put "$key" <"$staging/$key"
done

# 5. The hub reaches the Docker socket through the socket's group.
printf 'DOCKER_GID=%s\\n' "$(stat -c %g ${L.dockerSocket})" > "$config/.env"
${ecr}
# 6. Start or update the project: only containers whose config changed are recreated.
docker compose --project-directory "$config" -f "$config/compose.yaml" -p ${composeProject.name} up -d --remove-orphans
echo "apply.sh: hubstack is up"
${prePull(input.prePullImages ?? [], p.prePullLog)}`;
}
