import { describe, expect, it } from "vitest";
import { LONG_TIMEOUT, renderNginxConf, TLS12_CIPHERS } from "../../components/render/nginxConf";

const base = {
  domain: "hub.example.com",
  upstream: { host: "proxy", port: 8000 },
  resolver: "127.0.0.11",
  certPath: "/etc/hubstack/tls/fullchain.pem",
  keyPath: "/etc/hubstack/tls/privkey.pem",
};

describe("renderNginxConf", () => {
  const conf = renderNginxConf(base);

  it("matches the snapshot", () => {
    expect(conf).toMatchSnapshot();
  });

  it.each([
    ["TLS 1.2 and 1.3 only", /ssl_protocols TLSv1\.2 TLSv1\.3;/],
    ["modern ciphers", new RegExp(`ssl_ciphers ${TLS12_CIPHERS};`)],
    ["HSTS on every response", /add_header Strict-Transport-Security "max-age=63072000" always;/],
    [
      "the websocket map",
      /map \$http_upgrade \$connection_upgrade \{\s+default upgrade;\s+'' +close;/,
    ],
    ["Upgrade passed through", /proxy_set_header Upgrade \$http_upgrade;/],
    ["Connection from the map", /proxy_set_header Connection \$connection_upgrade;/],
    ["HTTP/1.1 upstream", /proxy_http_version 1\.1;/],
    ["long read timeout for kernels", new RegExp(`proxy_read_timeout ${LONG_TIMEOUT};`)],
    ["upload size", /client_max_body_size 1g;/],
    ["X-Forwarded-For", /X-Forwarded-For \$proxy_add_x_forwarded_for;/],
    ["X-Forwarded-Proto", /X-Forwarded-Proto \$scheme;/],
    ["X-Forwarded-Host", /X-Forwarded-Host \$host;/],
    ["the certificate", /ssl_certificate \/etc\/hubstack\/tls\/fullchain\.pem;/],
    ["the key", /ssl_certificate_key \/etc\/hubstack\/tls\/privkey\.pem;/],
    ["re-resolving the proxy", /resolver 127\.0\.0\.11 valid=10s/],
    ["the upstream", /set \$hubstack_upstream http:\/\/proxy:8000;/],
    ["no version banner", /server_tokens off;/],
  ])("has %s", (_, pattern) => {
    expect(conf).toMatch(pattern);
  });

  it("leaves the resolver out for an IP upstream, and takes a body size", () => {
    const c = renderNginxConf({
      ...base,
      resolver: undefined,
      upstream: { host: "127.0.0.1", port: 9 },
      clientMaxBodySize: "50m",
    });
    expect(c).not.toMatch(/resolver/);
    expect(c).toMatch(/client_max_body_size 50m;/);
  });

  it.each([
    ["domain", { domain: "hub.example.com; evil" }],
    ["upstream.host", { upstream: { host: "a b", port: 1 } }],
    ["certPath", { certPath: "/x;y" }],
  ])("refuses a %s nginx would misread", (key, change) => {
    expect(() => renderNginxConf({ ...base, ...change })).toThrow(
      new RegExp(`nginx\\.conf: ${key.replace(".", "\\.")}`),
    );
  });
});
