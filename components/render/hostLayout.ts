/**
 * Where things live on a Hubstack host, shared by every renderer so that the compose file, the
 * nginx config, cloud-init and the apply script agree on paths, ports and users.
 */
export const hostPaths = {
  /** Mount point of the encrypted data volume (hub database, users' homes, certificates). */
  data: "/srv/hubstack",
  /** The hub's working directory on the data volume (its SQLite database). */
  hubData: "/srv/hubstack/hub",
  /** Docker's named volumes (users' homes) are bind-mounted here from the data volume. */
  dockerVolumes: "/srv/hubstack/docker-volumes",
  /** certbot's config dir, on the data volume so certificates survive instance replacement. */
  letsEncrypt: "/srv/hubstack/letsencrypt",
  /** Rendered config (compose.yaml, nginx.conf, .env). */
  config: "/etc/hubstack",
  /** Secret files, each mode 0600 (directory 0700). */
  secrets: "/etc/hubstack/secrets",
  /** The certificate and key nginx serves (key mode 0600). */
  tls: "/etc/hubstack/tls",
  /** Where config sync copies the public rendered files before apply.sh installs them. */
  staging: "/home/ubuntu/hubstack-release",
  /** What the background pull of the single-user images printed (apply.sh). */
  prePullLog: "/var/log/hubstack-prepull.log",
} as const;

export const ports = {
  https: 443,
  proxyPublic: 8000,
  proxyApi: 8001,
  hub: 8081,
} as const;

/** The user the hub image runs as (hub-image/Dockerfile: useradd --uid 1000 hubstack). */
export const hubUid = 1000;

/** The login user of the Ubuntu AMI, used by config sync. */
export const sshUser = "ubuntu";

/** The files apply.sh installs, by name, with their mode and owner. */
export const hostFiles = {
  compose: { path: `${hostPaths.config}/compose.yaml`, mode: "0644", uid: 0 },
  nginx: { path: `${hostPaths.config}/nginx.conf`, mode: "0644", uid: 0 },
  hubYaml: { path: `${hostPaths.secrets}/hub.yaml`, mode: "0600", uid: hubUid },
  proxyToken: { path: `${hostPaths.secrets}/proxy-auth-token`, mode: "0600", uid: hubUid },
  tlsCert: { path: `${hostPaths.tls}/fullchain.pem`, mode: "0644", uid: 0 },
  tlsKey: { path: `${hostPaths.tls}/privkey.pem`, mode: "0600", uid: 0 },
  authorizedKeys: { path: "/home/ubuntu/.ssh/authorized_keys", mode: "0600", uid: 1000 },
} as const;
export type HostFile = keyof typeof hostFiles;

/** Everything a host script needs to know about where things are (tests point it at a tmp dir). */
export interface HostLayout {
  readonly paths: { readonly [K in keyof typeof hostPaths]: string };
  readonly files: {
    readonly [K in HostFile]: {
      readonly path: string;
      readonly mode: string;
      readonly uid: number;
    };
  };
  readonly hubUid: number;
  readonly dockerSocket: string;
  /** Where root's Docker client config (the ECR credential helper) lives. */
  readonly dockerConfigDir: string;
}

export const defaultLayout: HostLayout = {
  paths: hostPaths,
  files: hostFiles,
  hubUid,
  dockerSocket: "/var/run/docker.sock",
  dockerConfigDir: "/root/.docker",
};
