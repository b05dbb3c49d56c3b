import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cloudInitObject, renderCloudInit } from "../../components/render/cloudInit";

const selfSigned = { dataVolumeId: "vol-0123456789abcdef0", tls: { mode: "selfSigned" } } as const;
const letsEncrypt = {
  dataVolumeId: "vol-0123456789abcdef0",
  tls: { mode: "letsEncrypt", domain: "hub.example.com", email: "ops@example.com" },
} as const;
type Doc = {
  packages: string[];
  write_files: { path: string; content: string; permissions: string }[];
  runcmd: string[][];
};
const doc = (text: string) => parse(text) as Doc;

describe("renderCloudInit", () => {
  it.each([
    ["selfSigned", selfSigned],
    ["letsEncrypt", letsEncrypt],
  ])("matches the snapshot (%s)", (_, input) => {
    expect(renderCloudInit(input)).toMatchSnapshot();
  });

  it("is a #cloud-config document that round-trips", () => {
    const text = renderCloudInit(letsEncrypt);
    expect(text.startsWith("#cloud-config\n")).toBe(true);
    expect(parse(text)).toEqual(cloudInitObject(letsEncrypt));
  });

  it("installs Docker and the compose plugin", () => {
    expect(doc(renderCloudInit(selfSigned)).packages).toEqual([
      "docker.io",
      "docker-compose-v2",
      "amazon-ecr-credential-helper",
    ]);
  });

  it("mounts the data volume found by its NVMe serial, formatting only a blank one", () => {
    const mount = doc(renderCloudInit(selfSigned)).write_files.find(
      (f) => f.path === "/usr/local/sbin/hubstack-mount-data",
    );
    expect(mount?.content).toContain(
      "/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0",
    );
    expect(mount?.content).toMatch(/if ! blkid "\$dev".*then mkfs\.ext4/);
    expect(mount?.content).toMatch(/mnt=\/srv\/hubstack\n[\s\S]*\$mnt ext4 defaults,nofail/);
    expect(doc(renderCloudInit(selfSigned)).runcmd).toContainEqual([
      "/usr/local/sbin/hubstack-mount-data",
    ]);
  });

  it("creates the secrets directory 0700 and starts the compose project", () => {
    const runcmd = doc(renderCloudInit(selfSigned)).runcmd;
    expect(runcmd).toContainEqual([
      "install",
      "-d",
      "-m",
      "0700",
      "/etc/hubstack/secrets",
      "/etc/hubstack/tls",
    ]);
    expect(runcmd.at(-1)).toEqual(["systemctl", "enable", "--now", "hubstack.service"]);
  });

  it("gets Let's Encrypt certificates by DNS-01 and renews them on a timer that reloads nginx", () => {
    const d = doc(renderCloudInit(letsEncrypt));
    expect(d.packages).toEqual(expect.arrayContaining(["certbot", "python3-certbot-dns-route53"]));
    const file = (p: string) => d.write_files.find((f) => f.path === p)?.content ?? "";
    expect(file("/usr/local/sbin/hubstack-certbot")).toMatch(
      /certbot certonly --non-interactive --agree-tos --email ops@example\.com --dns-route53 --config-dir \/srv\/hubstack\/letsencrypt -d hub\.example\.com --keep-until-expiring\n/,
    );
    expect(file("/etc/systemd/system/hubstack-cert-renew.service")).toContain(
      "--deploy-hook /usr/local/sbin/hubstack-install-cert",
    );
    expect(file("/etc/systemd/system/hubstack-cert-renew.timer")).toContain("OnCalendar=");
    expect(file("/usr/local/sbin/hubstack-install-cert")).toContain(
      "exec -T nginx nginx -s reload",
    );
    expect(d.runcmd).toContainEqual(["systemctl", "enable", "--now", "hubstack-cert-renew.timer"]);
  });

  it("uses the staging CA only when asked", () => {
    const staged = renderCloudInit({ ...letsEncrypt, letsEncryptStaging: true });
    expect(staged).toContain("--test-cert");
    expect(renderCloudInit(letsEncrypt)).not.toContain("--test-cert");
  });

  it("has no certbot for selfSigned (its certificate comes through config sync)", () => {
    expect(renderCloudInit(selfSigned)).not.toMatch(/certbot/);
  });

  it("stays well under EC2's 16 KiB user-data limit", () => {
    expect(Buffer.byteLength(renderCloudInit(letsEncrypt))).toBeLessThan(8 * 1024);
  });

  it("refuses a volume id that is not one", () => {
    expect(() => renderCloudInit({ ...selfSigned, dataVolumeId: "vol-1; rm -rf /" })).toThrow(
      /dataVolumeId/,
    );
  });
});
