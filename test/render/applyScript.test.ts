import { describe, expect, it } from "vitest";
import { renderApplyScript } from "../../components/render/applyScript";

const input = {
  publicFiles: ["compose", "nginx", "authorizedKeys"],
  secretFiles: ["hubYaml", "proxyToken"],
  ecrRegistry: "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
  prePullImages: ["quay.io/jupyter/minimal-notebook:latest"],
} as const;

describe("renderApplyScript", () => {
  const script = renderApplyScript(input);

  it("refuses an image reference a shell would read, naming the key to fix", () => {
    for (const image of ["img; rm -rf /", "$(id)", "a b", ""]) {
      expect(() => renderApplyScript({ ...input, prePullImages: [image] })).toThrow(
        /is not a Docker image reference\. Fix: pulumi config set userImage/,
      );
    }
    expect(renderApplyScript({ ...input, prePullImages: [] })).not.toContain("docker pull");
  });

  it("matches the snapshot", () => {
    expect(script).toMatchSnapshot();
  });

  it("writes secrets 0600 owned by the hub's user, and only known files", () => {
    expect(script).toContain('hubYaml) echo "/etc/hubstack/secrets/hub.yaml 0600 1000" ;;');
    expect(script).toContain(
      'proxyToken) echo "/etc/hubstack/secrets/proxy-auth-token 0600 1000" ;;',
    );
    expect(script).toContain('compose) echo "/etc/hubstack/compose.yaml 0644 0" ;;');
    expect(script).not.toContain("tlsKey)");
    expect(script).toContain('case " hubYaml proxyToken " in');
  });

  it("waits for first boot, checks the data volume, then runs compose up -d", () => {
    expect(script).toMatch(
      /cloud-init status --wait[\s\S]*mountpoint -q \/srv\/hubstack[\s\S]*docker compose .* up -d --remove-orphans/,
    );
  });

  it("pulls from ECR with the instance profile via the credential helper", () => {
    expect(script).toContain(`{"credHelpers":{"%s":"ecr-login"}}`);
    expect(script).toContain(`'${input.ecrRegistry}'`);
    expect(renderApplyScript({ ...input, ecrRegistry: undefined })).not.toContain("credHelpers");
  });

  it("refuses a registry that is not a host name", () => {
    expect(() => renderApplyScript({ ...input, ecrRegistry: "x'; rm -rf /" })).toThrow(
      /ecrRegistry/,
    );
  });
});
