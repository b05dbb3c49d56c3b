// The ec2 deployment's other modes: selfSigned TLS with a prebuilt image, a config change, and
// what it refuses.
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { created, installMocks, ofType, one, valueOf } from "../support/pulumiMocks";
import { construct, deploy, inputs } from "../support/pulumiDeploy";

type Hub = Awaited<ReturnType<typeof deploy>>;

beforeAll(async () => {
  await installMocks();
});

describe("JupyterHubDeployment (selfSigned)", () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await deploy("ss", { tlsMode: "selfSigned", hubImage: "ghcr.io/example/hub:1.0" });
  });

  it("issues a CA and a server certificate for the domain with @pulumi/tls", () => {
    expect(
      ofType("tls:index/privateKey:PrivateKey", "ss-")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["ss-certs-ca-key", "ss-certs-server-key", "ss-ssh-key"]);
    expect(inputs(one("tls:index/selfSignedCert:SelfSignedCert", "ss-"))).toMatchObject({
      isCaCertificate: true,
    });
    expect(inputs(one("tls:index/certRequest:CertRequest", "ss-")).dnsNames).toEqual([
      "hub.example.com",
    ]);
    expect(
      inputs(one("tls:index/locallySignedCert:LocallySignedCert", "ss-")).allowedUses,
    ).toContain("server_auth");
    expect(hub.caCertPem).toBeDefined();
  });

  it("sends the key as a secret file and the certificate as a public one", () => {
    const stdin = String(inputs(one("command:remote:Command", "ss-")).stdin);
    expect(
      stdin
        .trim()
        .split("\n")
        .map((l) => l.split(" ")[0]),
    ).toEqual(["hubYaml", "proxyToken", "tlsKey"]);
    expect(ofType("command:remote:CopyToRemote", "ss-").map((r) => r.name)).toContain(
      "ss-sync-copy-tlsCert",
    );
  });

  it("gives the host no Route53 permissions and no ECR (prebuilt image)", () => {
    expect(ofType("aws:iam/rolePolicy:RolePolicy", "ss-")).toEqual([]);
    expect(ofType("aws:ecr/repository:Repository", "ss-")).toEqual([]);
    expect(ofType("docker:index/image:Image", "ss-")).toEqual([]);
  });

  it("runs the prebuilt image", async () => {
    expect(await valueOf(hub.hubImage)).toBe("ghcr.io/example/hub:1.0");
  });
});

describe("JupyterHubDeployment: a config change", () => {
  it("changes only the sync command's inputs, not the instance or the data volume", async () => {
    await deploy("before", { tlsMode: "selfSigned" });
    await deploy("after", {
      tlsMode: "selfSigned",
      adminUsers: '["alice", "carol"]',
      memoryLimit: "8G",
      cullIdleTimeout: "600",
      profiles: '[{"name":"gpu","displayName":"GPU","gpu":true}]',
    });
    const normalized = (type: string, prefix: string) =>
      JSON.stringify(inputs(one(type, `${prefix}-`))).replaceAll(`${prefix}-`, "X-");
    for (const type of [
      "aws:ec2/instance:Instance",
      "aws:ebs/volume:Volume",
      "aws:ec2/volumeAttachment:VolumeAttachment",
    ]) {
      expect(normalized(type, "after"), type).toBe(normalized(type, "before"));
    }
    const stdin = (p: string) => String(inputs(one("command:remote:Command", `${p}-`)).stdin);
    const hubYaml = (p: string) =>
      parse(Buffer.from(String(stdin(p).split("\n")[0]?.split(" ")[1]), "base64").toString()) as {
        auth: { admin_users: string[] };
        spawner: { mem_limit: string };
      };
    expect(hubYaml("after").auth.admin_users).toEqual(["alice", "carol"]);
    expect(hubYaml("after").spawner.mem_limit).toBe("8G");
    expect(hubYaml("before").spawner.mem_limit).toBe("2G");
  });
});

describe("JupyterHubDeployment: refusals", () => {
  it.each([
    [
      { target: "eks", tlsMode: "acm" },
      /target: JupyterHubDeployment builds the ec2 target, not eks/,
    ],
    [
      { authenticator: "gitlab" },
      /gitlabClientId: is required when authenticator is gitlab\. Fix: pulumi config set gitlabClientId/,
    ],
  ])("%o → %s", async (over, message) => {
    await expect(construct(`bad-${String(created.length)}`, over)).rejects.toThrow(message);
  });
});
