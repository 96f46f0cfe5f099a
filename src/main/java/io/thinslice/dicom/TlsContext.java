package io.thinslice.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The node's TLS for DICOM (PS3.15 B.9/B.10, BCP 195): one JSSE {@link SSLContext} from a key store and a trust store,
 * with only the configured protocols and cipher suites enabled. PixelMed's own TLS (a fixed legacy cipher suite on the
 * JVM-wide default context) is not used.
 */
public final class TlsContext {

    /** TLS 1.3 and 1.2 only: the Non-downgrading BCP 195 profile (PS3.15 B.10) forbids 1.1 and 1.0. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * TLS 1.3 suites, then the four TLS 1.2 suites PS3.15 B.10 requires (ECDHE/DHE with RSA, AES-GCM), then the two
     * ECDSA AES-GCM suites of like strength (B.11 lists them) so that an EC key works too.
     */
    public static final List<String> DEFAULT_CIPHER_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");

    /**
     * What the context is made of.
     *
     * @param keyStore           our certificate and private key; null: none (a client without a certificate)
     * @param trustStore         certificates of the CAs (or peers) we trust; null: the JVM's default trust store
     * @param keyStorePassword   may be null (empty password)
     * @param trustStorePassword may be null (integrity not checked)
     */
    public record Material(Path keyStore, String keyStoreType, String keyStorePassword, Path trustStore, String trustStoreType,
                           String trustStorePassword, List<String> protocols, List<String> cipherSuites) {
    }

    private final SSLContext context;
    private final String[] protocols;
    private final String[] cipherSuites;

    private TlsContext(SSLContext context, String[] protocols, String[] cipherSuites) {
        this.context = context;
        this.protocols = protocols;
        this.cipherSuites = cipherSuites;
    }

    /**
     * Loads the stores and checks the protocol and suite names against what this JVM offers.
     *
     * @param setting the settings' prefix (e.g. {@code thinslice.dicom.tls}), named in every error
     * @throws IllegalArgumentException a store that cannot be read, a wrong password, or an unknown protocol or suite
     */
    public static TlsContext create(String setting, Material m) {
        try {
            KeyManagerFactory kmf = null;
            if (m.keyStore() != null) {
                KeyStore ks = load(setting + ".key-store", m.keyStore(), m.keyStoreType(), m.keyStorePassword());
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, password(m.keyStorePassword()));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(m.trustStore() == null ? null : load(setting + ".trust-store", m.trustStore(), m.trustStoreType(), m.trustStorePassword()));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            SSLParameters supported = context.getSupportedSSLParameters();
            String[] protocols = checked(setting + ".protocols", m.protocols(), supported.getProtocols());
            if (Arrays.stream(protocols).anyMatch(p -> !p.equals("TLSv1.2") && !p.equals("TLSv1.3"))) {
                throw new IllegalArgumentException(setting + ".protocols: only TLSv1.3 and TLSv1.2 are allowed (PS3.15 B.10, BCP 195), was "
                        + m.protocols());
            }
            String[] suites = checked(setting + ".cipher-suites", m.cipherSuites(), supported.getCipherSuites());
            return new TlsContext(context, protocols, suites);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(setting + ": cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String setting, Path file, String type, String password) throws GeneralSecurityException {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(setting + ": cannot read " + file);
        }
        KeyStore ks = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password(password));
        } catch (IOException e) {
            // A wrong password shows as an IOException whose cause is an UnrecoverableKeyException.
            throw new IllegalArgumentException(setting + ": cannot load " + file + " as " + type + " (wrong password or type?): " + e.getMessage(), e);
        }
        return ks;
    }

    private static char[] password(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }

    private static String[] checked(String setting, List<String> wanted, String[] supported) {
        Set<String> offered = Set.of(supported);
        List<String> names = new ArrayList<>();
        wanted.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
        List<String> unknown = names.stream().filter(n -> !offered.contains(n)).toList();
        if (names.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException(setting + ": " + (names.isEmpty() ? "empty" : "not offered by this JVM: " + unknown));
        }
        return names.toArray(String[]::new);
    }

    /** A TLS server socket bound to {@code bindAddress:port}; the handshake happens on each accepted socket's first use. */
    public SSLServerSocket serverSocket(String bindAddress, int port, boolean requireClientCertificate) throws IOException {
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        SSLParameters p = socket.getSSLParameters();
        p.setProtocols(protocols);
        p.setCipherSuites(cipherSuites);
        p.setUseCipherSuitesOrder(true);
        if (requireClientCertificate) {
            p.setNeedClientAuth(true);
        } else {
            p.setWantClientAuth(true);
        }
        socket.setSSLParameters(p);
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 50);
        return socket;
    }

    /**
     * Connects and completes the handshake, waiting at most {@code timeoutMillis} for the connection and for each read
     * of the handshake.
     *
     * @param verifyHostname check the server certificate's names against {@code host} (RFC 6125), as HTTPS does
     */
    public SSLSocket connect(String host, int port, int timeoutMillis, boolean verifyHostname) throws IOException {
        Socket tcp = new Socket();
        try {
            tcp.setTcpNoDelay(true);
            tcp.connect(new InetSocketAddress(host, port), timeoutMillis);
            // Layered on a connected socket so that the host name checked is the configured one, not a reverse lookup.
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(tcp, host, port, true);
            SSLParameters p = socket.getSSLParameters();
            p.setProtocols(protocols);
            p.setCipherSuites(cipherSuites);
            if (verifyHostname) {
                p.setEndpointIdentificationAlgorithm("HTTPS");
            }
            socket.setSSLParameters(p);
            socket.setSoTimeout(timeoutMillis);
            try {
                socket.startHandshake();
            } catch (IOException e) {
                // A peer that refuses our certificate often just closes: the cause alone ("Broken pipe") would not say so.
                throw new IOException("handshake failed (the peer's certificate, ours, or the protocols and cipher suites do not fit): "
                        + e.getMessage(), e);
            }
            socket.setSoTimeout(0);
            return socket;
        } catch (IOException | RuntimeException e) {
            tcp.close();
            throw e;
        }
    }

    /** The enabled protocols, for the log. */
    public List<String> protocols() {
        return List.of(protocols);
    }
}
