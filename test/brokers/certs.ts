import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Throw-away certificates for TLS tests: a CA, a server certificate for 127.0.0.1/localhost and a
 * client certificate, all signed by that CA (EC P-256, valid 2 days), plus a second, unrelated CA
 * to test refusals. Made with Debian's `openssl` command once per process in a temp folder, which
 * is removed as soon as the PEM texts are read.
 */
export interface TestCerts {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A CA that signed none of the above. */
  otherCa: string;
}

const OPENSSL = "openssl";
let cached: TestCerts | undefined;
let opensslChecked: boolean | undefined;

/** Whether the `openssl` command runs; prints why not, once, when it does not. */
export function opensslAvailable(): boolean {
  if (opensslChecked === undefined) {
    try {
      execFileSync(OPENSSL, ["version"], { stdio: "pipe" });
      opensslChecked = true;
    } catch (error) {
      opensslChecked = false;
      console.warn(
        `skipping TLS tests: the openssl command is not available (${(error as Error).message}); ` +
          "install it with apt-get install -y openssl",
      );
    }
  }
  return opensslChecked;
}

function run(args: string[], cwd: string): void {
  execFileSync(OPENSSL, args, { cwd, stdio: "pipe" });
}

/** Makes (once per process) and returns the test certificates. Needs `opensslAvailable()`. */
export function makeTestCerts(): TestCerts {
  if (cached !== undefined) return cached;
  const dir = mkdtempSync(join(tmpdir(), "mote-certs-"));
  try {
    cached = generate(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return cached;
}

function generate(dir: string): TestCerts {
  const days = "2";
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  for (const name of ["ca", "other-ca"]) {
    run(
      ["req", "-x509", ...ec, "-keyout", `${name}.key`, "-out", `${name}.pem`, "-days", days,
        "-subj", `/CN=mote test ${name}`,
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
      dir,
    );
  }
  writeFileSync(
    join(dir, "server.ext"),
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n",
  );
  writeFileSync(join(dir, "client.ext"), "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n");
  for (const name of ["server", "client"]) {
    run(["req", "-new", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=mote test ${name}`], dir);
    run(
      ["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", `${name}.pem`, "-days", days, "-extfile", `${name}.ext`],
      dir,
    );
  }
  const read = (name: string): string => {
    const file = join(dir, name);
    if (!existsSync(file)) throw new Error(`openssl did not make ${name}`);
    return readFileSync(file, "utf8");
  };
  return {
    ca: read("ca.pem"),
    serverCert: read("server.pem"),
    serverKey: read("server.key"),
    clientCert: read("client.pem"),
    clientKey: read("client.key"),
    otherCa: read("other-ca.pem"),
  };
}
