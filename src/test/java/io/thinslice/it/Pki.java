package io.thinslice.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throw-away public key infrastructure made with openssl and keytool at test time (no private key is committed):
 * a CA, certificates it signs (RSA 2048, valid two days, for 127.0.0.1 and localhost), PKCS#12 key stores for the
 * node and a PKCS#12 trust store of the CA.
 */
final class Pki {

    static final String PASSWORD = "changeit";

    /** A certificate with its key, as PEM files (what dcmtk reads) and as a PKCS#12 key store (what the node reads). */
    record Identity(Path key, Path certificate, Path keyStore) {
    }

    final Path dir;
    final String name;
    final Path caKey;
    final Path caCertificate;
    /** PKCS#12 trust store holding only this CA's certificate. */
    final Path trustStore;

    private Pki(Path dir, String name) {
        this.dir = dir;
        this.name = name;
        this.caKey = dir.resolve(name + "-ca.key");
        this.caCertificate = dir.resolve(name + "-ca.crt");
        this.trustStore = dir.resolve(name + "-trust.p12");
    }

    /** A new CA called {@code name} under {@code dir}. */
    static Pki create(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Pki pki = new Pki(dir, name);
        Tool.run(Tool.cmd("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", pki.caKey, "-out", pki.caCertificate,
                "-days", 2, "-subj", "/CN=" + name + " test CA")).requireSuccess("openssl CA");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Tool.run(Tool.cmd(keytool, "-importcert", "-noprompt", "-alias", name + "-ca", "-file", pki.caCertificate, "-keystore", pki.trustStore,
                "-storetype", "PKCS12", "-storepass", PASSWORD)).requireSuccess("keytool trust store");
        return pki;
    }

    /** A certificate for {@code commonName} signed by this CA, usable as TLS server and client. */
    Identity issue(String commonName) throws IOException {
        Path key = dir.resolve(commonName + ".key");
        Path csr = dir.resolve(commonName + ".csr");
        Path crt = dir.resolve(commonName + ".crt");
        Path p12 = dir.resolve(commonName + ".p12");
        Path ext = dir.resolve(commonName + ".ext");
        Files.writeString(ext, "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n");
        Tool.run(Tool.cmd("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=" + commonName))
                .requireSuccess("openssl key " + commonName);
        Tool.run(Tool.cmd("openssl", "x509", "-req", "-in", csr, "-CA", caCertificate, "-CAkey", caKey, "-CAcreateserial", "-days", 2,
                "-extfile", ext, "-out", crt)).requireSuccess("openssl sign " + commonName);
        Tool.run(Tool.cmd("openssl", "pkcs12", "-export", "-in", crt, "-inkey", key, "-certfile", caCertificate, "-name", commonName,
                "-out", p12, "-passout", "pass:" + PASSWORD)).requireSuccess("openssl pkcs12 " + commonName);
        return new Identity(key, crt, p12);
    }
}
