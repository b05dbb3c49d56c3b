/**
 * Renders nginx.conf: TLS termination in front of the proxy, with websocket upgrades for kernels.
 * The TLS settings follow Mozilla's "intermediate" profile without DHE (no dhparam file needed).
 */
export interface NginxConfInput {
  /** The hub's DNS name (server_name). */
  readonly domain: string;
  /** Where the proxy's public port is, e.g. { host: "proxy", port: 8000 } inside compose. */
  readonly upstream: { readonly host: string; readonly port: number };
  /**
   * A DNS resolver for the upstream name, re-resolved every 10 s so a restarted proxy container
   * is found again (Docker's embedded DNS is 127.0.0.11). Leave out for an IP upstream.
   */
  readonly resolver?: string;
  readonly certPath: string;
  readonly keyPath: string;
  /** Largest request body (notebook uploads), nginx size syntax. */
  readonly clientMaxBodySize?: string;
  /** The TLS port (default 443; tests use a free port). */
  readonly listenPort?: number;
  /** Where nginx writes its pid; the default suits the nginx container. */
  readonly pidPath?: string;
}

/** Mozilla intermediate TLS 1.2 ciphers (TLS 1.3 suites are not configurable and all good). */
export const TLS12_CIPHERS = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
].join(":");

/** Kernels and terminals keep websockets open for hours without traffic. */
export const LONG_TIMEOUT = "86400s";

const safe = /^[A-Za-z0-9._:/\-[\]]+$/;
function checked(key: string, value: string): string {
  if (!safe.test(value))
    throw new Error(
      `nginx.conf: ${key} ${JSON.stringify(value)} has characters nginx would misread; use a plain host name or path`,
    );
  return value;
}

export function renderNginxConf(input: NginxConfInput): string {
  const domain = checked("domain", input.domain);
  const host = checked("upstream.host", input.upstream.host);
  const upstream = `http://${host}:${String(input.upstream.port)}`;
  const resolver = input.resolver
    ? `    resolver ${checked("resolver", input.resolver)} valid=10s ipv6=off;\n`
    : "";
  return `# Rendered by Hubstack (components/render/nginxConf.ts). Do not edit on the host.
worker_processes auto;
pid ${checked("pidPath", input.pidPath ?? "/var/run/nginx.pid")};
error_log stderr warn;

events {
    worker_connections 4096;
}

http {
    server_tokens off;
    access_log /dev/stdout;
    client_max_body_size ${checked("clientMaxBodySize", input.clientMaxBodySize ?? "1g")};

    # Websockets (kernels, terminals): pass the upgrade through, close otherwise.
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }

    server {
        listen ${String(input.listenPort ?? 443)} ssl http2;
        server_name ${domain};

        ssl_certificate ${checked("certPath", input.certPath)};
        ssl_certificate_key ${checked("keyPath", input.keyPath)};
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_ciphers ${TLS12_CIPHERS};
        ssl_prefer_server_ciphers off;
        ssl_session_timeout 1d;
        ssl_session_cache shared:HubstackTLS:10m;
        ssl_session_tickets off;

        add_header Strict-Transport-Security "max-age=63072000" always;

${resolver}        set $hubstack_upstream ${upstream};

        location / {
            proxy_pass $hubstack_upstream;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $host;
            proxy_set_header X-Forwarded-Port $server_port;
            proxy_read_timeout ${LONG_TIMEOUT};
            proxy_send_timeout ${LONG_TIMEOUT};
            # Progress event streams and large downloads go straight through.
            proxy_buffering off;
            proxy_request_buffering off;
        }
    }
}
`;
}
