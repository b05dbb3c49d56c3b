/**
 * Renders the host's cloud-init user data (#cloud-config, written with `yaml`). It holds no
 * secret and no rendered hub config: only what the host needs once (Docker and the compose
 * plugin, the data volume mount, certbot for Let's Encrypt). Config arrives later over SSH
 * (apply.sh), so changing the hub's config never changes user data or touches the instance.
 */
import { stringify } from "yaml";
import { hostFiles, hostPaths } from "./hostLayout";
import { composeProject } from "./composeYaml";

export type CloudInitTls =
  | { readonly mode: "selfSigned" }
  | { readonly mode: "letsEncrypt"; readonly domain: string; readonly email: string };

export interface CloudInitInput {
  /** The EBS data volume's id (vol-...), found on the host by its NVMe serial. */
  readonly dataVolumeId: string;
  readonly tls: CloudInitTls;
  /** Use Let's Encrypt's staging CA (for tests; its certificates are not trusted). */
  readonly letsEncryptStaging?: boolean;
}

type WriteFile = { path: string; permissions: string; owner?: string; content: string };

function mountScript(volumeId: string): string {
  if (!/^vol-[0-9a-f]+$/.test(volumeId)) {
    throw new Error(`cloud-init: dataVolumeId ${JSON.stringify(volumeId)} is not an EBS volume id`);
  }
  const serial = volumeId.replace("-", "");
  return `#!/bin/bash
# Waits for the data volume, formats it only if it is blank, mounts it by UUID.
set -euo pipefail
mnt=${hostPaths.data}
dev=""
for _ in $(seq 1 180); do
  for d in /dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${serial} /dev/xvdf /dev/sdf; do
    if [ -b "$d" ]; then dev=$(readlink -f "$d"); break 2; fi
  done
  sleep 2
done
[ -n "$dev" ] || { echo "data volume ${volumeId} never appeared" >&2; exit 1; }
if ! blkid "$dev" >/dev/null 2>&1; then mkfs.ext4 -L hubstack-data "$dev"; fi
uuid=$(blkid -s UUID -o value "$dev")
install -d "$mnt"
grep -q "UUID=$uuid" /etc/fstab || echo "UUID=$uuid $mnt ext4 defaults,nofail 0 2" >> /etc/fstab
mountpoint -q "$mnt" || mount "$mnt"
# Docker's named volumes (users' homes) live on the data volume too.
install -d ${hostPaths.dockerVolumes} /var/lib/docker/volumes
grep -q " /var/lib/docker/volumes " /etc/fstab || echo "${hostPaths.dockerVolumes} /var/lib/docker/volumes none bind,nofail 0 0" >> /etc/fstab
mountpoint -q /var/lib/docker/volumes || mount /var/lib/docker/volumes
`;
}

function installCertScript(domain: string): string {
  return `#!/bin/bash
# Installs the current Let's Encrypt certificate where nginx reads it, then reloads nginx.
set -euo pipefail
live=${hostPaths.letsEncrypt}/live/${domain}
install -d -m 0700 ${hostPaths.tls}
install -m 0644 "$live/fullchain.pem" ${hostFiles.tlsCert.path}
install -m 0600 "$live/privkey.pem" ${hostFiles.tlsKey.path}
if docker compose -p ${composeProject.name} ps --status running --services 2>/dev/null | grep -qx nginx; then
  docker compose -p ${composeProject.name} exec -T nginx nginx -s reload
fi
`;
}

function letsEncryptFiles(domain: string, email: string, staging: boolean): WriteFile[] {
  const certbot = [
    "certbot certonly --non-interactive --agree-tos",
    `--email ${email}`,
    "--dns-route53",
    `--config-dir ${hostPaths.letsEncrypt}`,
    `-d ${domain}`,
    "--keep-until-expiring",
    ...(staging ? ["--test-cert"] : []),
  ].join(" ");
  return [
    {
      path: "/usr/local/sbin/hubstack-install-cert",
      permissions: "0755",
      content: installCertScript(domain),
    },
    {
      path: "/usr/local/sbin/hubstack-certbot",
      permissions: "0755",
      content: `#!/bin/bash\n# DNS-01 through Route53 with the instance profile: no port 80.\nset -euo pipefail\n${certbot}\n/usr/local/sbin/hubstack-install-cert\n`,
    },
    {
      path: "/etc/systemd/system/hubstack-cert-renew.service",
      permissions: "0644",
      content: `[Unit]\nDescription=Renew the hub's Let's Encrypt certificate and reload nginx\nAfter=network-online.target docker.service\n\n[Service]\nType=oneshot\nExecStart=/usr/bin/certbot renew --quiet --config-dir ${hostPaths.letsEncrypt} --deploy-hook /usr/local/sbin/hubstack-install-cert\n`,
    },
    {
      path: "/etc/systemd/system/hubstack-cert-renew.timer",
      permissions: "0644",
      content: `[Unit]\nDescription=Twice-daily Let's Encrypt renewal check\n\n[Timer]\nOnCalendar=*-*-* 03,15:17:00\nRandomizedDelaySec=1h\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n`,
    },
  ];
}

const composeUnit = `[Unit]
Description=Hubstack (docker compose project)
Requires=docker.service
After=docker.service network-online.target
ConditionPathExists=${hostFiles.compose.path}

[Service]
Type=oneshot
RemainAfterExit=yes
WorkingDirectory=${hostPaths.config}
ExecStart=/usr/bin/docker compose -p ${composeProject.name} -f ${hostFiles.compose.path} up -d --remove-orphans
ExecStop=/usr/bin/docker compose -p ${composeProject.name} -f ${hostFiles.compose.path} stop

[Install]
WantedBy=multi-user.target
`;

export function cloudInitObject(input: CloudInitInput): Record<string, unknown> {
  const le = input.tls.mode === "letsEncrypt" ? input.tls : undefined;
  const files: WriteFile[] = [
    {
      path: "/usr/local/sbin/hubstack-mount-data",
      permissions: "0755",
      content: mountScript(input.dataVolumeId),
    },
    {
      path: "/etc/docker/daemon.json",
      permissions: "0644",
      // live-restore keeps users' servers running while the engine restarts or upgrades.
      content: `${JSON.stringify({ "live-restore": true, "log-driver": "local" })}\n`,
    },
    { path: "/etc/systemd/system/hubstack.service", permissions: "0644", content: composeUnit },
    ...(le ? letsEncryptFiles(le.domain, le.email, input.letsEncryptStaging ?? false) : []),
  ];
  const runcmd: string[][] = [
    ["systemctl", "stop", "docker.socket", "docker.service"],
    ["/usr/local/sbin/hubstack-mount-data"],
    ["install", "-d", "-m", "0700", hostPaths.secrets, hostPaths.tls],
    ["systemctl", "daemon-reload"],
    ["systemctl", "enable", "--now", "docker.service"],
    ...(le
      ? [
          ["systemctl", "disable", "--now", "certbot.timer"],
          ["/usr/local/sbin/hubstack-certbot"],
          ["systemctl", "enable", "--now", "hubstack-cert-renew.timer"],
        ]
      : []),
    // Starts the project if config sync already delivered it (it runs again after each sync).
    ["systemctl", "enable", "--now", "hubstack.service"],
  ];
  return {
    package_update: true,
    packages: [
      "docker.io",
      "docker-compose-v2",
      "amazon-ecr-credential-helper",
      ...(le ? ["certbot", "python3-certbot-dns-route53"] : []),
    ],
    write_files: files,
    runcmd,
  };
}

export function renderCloudInit(input: CloudInitInput): string {
  return (
    "#cloud-config\n" +
    stringify(cloudInitObject(input), { lineWidth: 0, aliasDuplicateObjects: false })
  );
}
