/**
 * A throwaway OpenLDAP server for tests: writes a slapd.conf (mdb backend, the core, cosine,
 * inetorgperson and nis schemas, the memberof overlay) into a temp dir, starts Debian's slapd on
 * 127.0.0.1 with a free port, seeds it with ldapadd and kills it after. Optionally also serves
 * StartTLS with a CA and server certificate made by openssl.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const SUFFIX = "dc=example,dc=org";
export const ROOT_DN = `cn=admin,${SUFFIX}`;
export const ROOT_PW = "root-secret";

export interface Slapd {
  readonly url: string;
  /** The ldaps:// URL (when started with tls). */
  readonly ldapsUrl: string | undefined;
  readonly dir: string;
  /** The CA certificate file (when started with tls). */
  readonly caFile: string | undefined;
  ldapadd(ldif: string): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

function config(dir: string, tls: boolean): string {
  const schema = ["core", "cosine", "inetorgperson", "nis"]
    .map((s) => `include /etc/ldap/schema/${s}.schema`)
    .join("\n");
  const tlsLines = tls
    ? `TLSCACertificateFile ${dir}/ca.pem\nTLSCertificateFile ${dir}/server.pem\nTLSCertificateKeyFile ${dir}/server.key\n`
    : "";
  return `${schema}
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
pidfile ${dir}/slapd.pid
${tlsLines}
database mdb
suffix "${SUFFIX}"
rootdn "${ROOT_DN}"
rootpw ${ROOT_PW}
directory ${dir}/db
maxsize 10485760
overlay memberof
access to attrs=userPassword by anonymous auth by self write by * none
access to * by * read
`;
}

async function makeCerts(dir: string): Promise<void> {
  const o = (args: string[]) => run("openssl", args, { cwd: dir });
  await o([
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=test-ca",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign",
  ]);
  await o([
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=127.0.0.1",
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
  ]);
  await writeFile(join(dir, "ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  await o([
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "1",
    "-out",
    "server.pem",
    "-extfile",
    "ext.cnf",
  ]);
}

/** Starts slapd and waits (polling, with a deadline) until it answers. */
export async function startSlapd(options: { tls?: boolean } = {}): Promise<Slapd> {
  const dir = await mkdtemp(join(tmpdir(), "hubstack-slapd-"));
  await mkdir(join(dir, "db"));
  if (options.tls) await makeCerts(dir);
  await writeFile(join(dir, "slapd.conf"), config(dir, options.tls ?? false));
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = options.tls ? `ldaps://127.0.0.1:${await freePort()}` : undefined;
  const listen = ldapsUrl === undefined ? `${url}/` : `${url}/ ${ldapsUrl}/`;
  const child: ChildProcess = spawn(
    "/usr/sbin/slapd",
    ["-f", join(dir, "slapd.conf"), "-h", listen, "-d", "0"],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const slapd: Slapd = {
    url,
    ldapsUrl,
    dir,
    caFile: options.tls ? join(dir, "ca.pem") : undefined,
    ldapadd: async (ldif) => {
      const file = join(dir, `seed-${Date.now()}.ldif`);
      await writeFile(file, ldif);
      await run("ldapadd", ["-x", "-H", url, "-D", ROOT_DN, "-w", ROOT_PW, "-f", file]);
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
  await waitReady(slapd, child, () => stderr);
  return slapd;
}

async function waitReady(slapd: Slapd, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`slapd exited: ${stderr()}`);
    try {
      await run("ldapwhoami", ["-x", "-H", slapd.url, "-D", ROOT_DN, "-w", ROOT_PW]);
      return;
    } catch (err) {
      if (Date.now() > deadline) {
        await slapd.stop();
        throw new Error(`slapd did not answer within 20 s: ${stderr()}`, { cause: err });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The directory the LDAP tests use: people, a posixGroup and two groupOfNames. */
export const SEED = `dn: ${SUFFIX}
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: ou=people,${SUFFIX}
objectClass: organizationalUnit
ou: people

dn: ou=groups,${SUFFIX}
objectClass: organizationalUnit
ou: groups

${["alice", "bob", "carol"]
  .map(
    (u) => `dn: uid=${u},ou=people,${SUFFIX}
objectClass: inetOrgPerson
uid: ${u}
cn: ${u}
sn: ${u}
userPassword: ${u}-password
`,
  )
  .join("\n")}
dn: uid=x*,ou=people,${SUFFIX}
objectClass: inetOrgPerson
uid: x*
cn: star
sn: star
userPassword: star-password

dn: cn=hub-users,ou=groups,${SUFFIX}
objectClass: groupOfNames
cn: hub-users
member: uid=alice,ou=people,${SUFFIX}
member: uid=bob,ou=people,${SUFFIX}

dn: cn=hub-admins,ou=groups,${SUFFIX}
objectClass: groupOfNames
cn: hub-admins
member: uid=alice,ou=people,${SUFFIX}

dn: cn=posix-users,ou=groups,${SUFFIX}
objectClass: posixGroup
cn: posix-users
gidNumber: 5000
memberUid: carol
`;
