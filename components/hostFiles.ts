import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config";
import { renderHubYaml, services } from "./render/hubYaml";
import { authFor, type AuthSecrets } from "./hubAuth";
import { renderComposeYaml } from "./render/composeYaml";
import { renderNginxConf } from "./render/nginxConf";
import { hostFiles, ports } from "./render/hostLayout";
import { sha256 } from "./contentHash";
import type { FileContents } from "./configSync";

/** The stack config, the authenticator's secrets (githubClientSecret...) and the rest. */
export interface HostFilesArgs extends AuthSecrets {
  readonly config: StackConfig;
  readonly secrets: {
    readonly cookieSecret: pulumi.Input<string>;
    readonly proxyAuthToken: pulumi.Input<string>;
    readonly cryptKey: pulumi.Input<string>;
  };
  readonly hubImage: pulumi.Input<string>;
  /** selfSigned: the certificate and key to install (letsEncrypt: certbot writes them). */
  readonly tls?: { readonly certPem: pulumi.Input<string>; readonly keyPem: pulumi.Input<string> };
  /** The public keys allowed to SSH in as the login user (config sync's own key first). */
  readonly authorizedKeys: pulumi.Input<string>[];
}

/**
 * Renders every file the host runs from, as Outputs: public ones (compose.yaml, nginx.conf,
 * authorized_keys, the certificate) and secret ones (hub.yaml, the proxy token, the TLS key).
 * compose.yaml carries a hash of each service's config so only changed containers restart.
 */
export function renderHostFiles(args: HostFilesArgs): {
  publicFiles: FileContents;
  secretFiles: FileContents;
} {
  const c = args.config;
  const hubYaml = pulumi
    .all([
      authFor(c, args),
      args.secrets.cookieSecret,
      args.secrets.proxyAuthToken,
      args.secrets.cryptKey,
    ])
    .apply(([auth, cookieSecret, proxyAuthToken, cryptKey]) =>
      renderHubYaml({
        domain: c.domain,
        auth,
        adminUsers: c.adminUsers,
        allowedUsers: c.allowedUsers,
        allowAllUsers: c.allowAllUsers,
        userImage: c.userImage,
        memoryLimit: c.memoryLimit,
        cpuLimit: c.cpuLimit,
        profiles: c.profiles,
        cullIdleTimeout: c.cullIdleTimeout,
        cullMaxAge: c.cullMaxAge,
        secrets: { cookieSecret, proxyAuthToken, cryptKey },
      }),
    );
  const nginxConf = renderNginxConf({
    domain: c.domain,
    upstream: { host: services.proxy, port: ports.proxyPublic },
    resolver: "127.0.0.11",
    certPath: hostFiles.tlsCert.path,
    keyPath: hostFiles.tlsKey.path,
  });
  const certPem = args.tls ? pulumi.output(args.tls.certPem) : pulumi.output("");
  // Hashes of secret-bearing files reveal nothing about 256-bit secrets: safe to show in diffs.
  const hash = (text: pulumi.Input<string>) => pulumi.unsecret(pulumi.output(text).apply(sha256));
  const compose = pulumi
    .all([args.hubImage, hash(hubYaml), hash(args.secrets.proxyAuthToken), certPem])
    .apply(([hubImage, hubHash, proxyHash, cert]) =>
      renderComposeYaml({
        hubImage,
        configHashes: { hub: hubHash, proxy: proxyHash, nginx: sha256(nginxConf + cert) },
      }),
    );
  const authorizedKeys = pulumi
    .all(args.authorizedKeys)
    .apply((keys) => keys.map((k) => k.trim()).join("\n") + "\n");
  return {
    publicFiles: {
      compose,
      nginx: nginxConf,
      authorizedKeys,
      ...(args.tls && { tlsCert: args.tls.certPem }),
    },
    secretFiles: {
      hubYaml: pulumi.secret(hubYaml),
      proxyToken: pulumi.secret(args.secrets.proxyAuthToken),
      ...(args.tls && { tlsKey: pulumi.secret(args.tls.keyPem) }),
    },
  };
}
