package io.thinslice.dicom;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;

/**
 * Carries one PixelMed association over TLS. PixelMed's C-STORE SCU opens its own plain socket to a host and port (its
 * TLS option is a retired cipher suite on the JVM-wide default context, and it takes no socket), so it is pointed at a
 * loopback port that this relay opens for exactly one connection; the bytes go both ways between that connection and
 * the already authenticated TLS socket to the destination. The DICOM protocol stays PixelMed's.
 *
 * <p>The loopback port is open for the moment between {@link #open} and PixelMed's connect. On Linux the relay checks
 * that the connection comes from a socket of this process ({@code /proc/self}) before it passes on a byte; another
 * local process that connects first gets nothing and the send fails (and is retried).
 */
final class TlsRelay implements Closeable {

    private static final Logger LOG = Logger.getLogger(TlsRelay.class.getName());
    private static final int BUFFER = 1 << 16;

    private final SSLSocket tls;
    private final ServerSocket door;
    private volatile Socket plain;
    private volatile boolean closed;

    private TlsRelay(SSLSocket tls, ServerSocket door) {
        this.tls = tls;
        this.door = door;
    }

    /**
     * Opens the loopback port and starts relaying on {@code threads} (two per relay) once PixelMed connects, within
     * {@code acceptTimeoutMillis}.
     */
    static TlsRelay open(SSLSocket tls, int acceptTimeoutMillis, Executor threads) throws IOException {
        ServerSocket door = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        door.setSoTimeout(acceptTimeoutMillis);
        TlsRelay relay = new TlsRelay(tls, door);
        threads.execute(() -> relay.run(threads));
        return relay;
    }

    /** Where PixelMed connects: a port on {@link #host()}. */
    int port() {
        return door.getLocalPort();
    }

    String host() {
        return door.getInetAddress().getHostAddress();
    }

    private void run(Executor threads) {
        Socket accepted;
        try {
            accepted = door.accept();
        } catch (IOException e) {
            close();
            return;
        } finally {
            closeQuietly(door);
        }
        plain = accepted;
        if (closed) {
            close();
            return;
        }
        if (!fromThisProcess(accepted, door.getLocalPort())) {
            LOG.warning("a local connection from port " + accepted.getPort() + " that is not this node's took the TLS relay port; the send fails");
            close();
            return;
        }
        try {
            accepted.setTcpNoDelay(true);
            InputStream fromPeer = tls.getInputStream();
            OutputStream toPeer = tls.getOutputStream();
            InputStream fromPixelMed = accepted.getInputStream();
            OutputStream toPixelMed = accepted.getOutputStream();
            threads.execute(() -> {
                // The destination's side ended (release answered, abort, or closed): PixelMed reads the end of stream.
                copy(fromPeer, toPixelMed);
                try {
                    accepted.shutdownOutput();
                } catch (IOException e) {
                    close();
                }
            });
            copy(fromPixelMed, toPeer);
        } catch (IOException e) {
            // closed under us
        }
        // PixelMed closed its socket (after the release, an abort or a timeout): the TLS connection goes with it.
        close();
    }

    private static void copy(InputStream in, OutputStream out) {
        byte[] buffer = new byte[BUFFER];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other side closed: the caller ends the relay
        }
    }

    /**
     * Whether the loopback connection's client end is a socket of this process: its entry in /proc/self/net/tcp{,6}
     * (local port = the client's, remote port = ours) names an inode that one of our file descriptors holds. True where
     * /proc is missing (not Linux): there the loopback port is open to local processes for that moment.
     */
    static boolean fromThisProcess(Socket accepted, int relayPort) {
        Path net = Path.of("/proc/self/net");
        if (!Files.isDirectory(net)) {
            return true;
        }
        String client = ":" + hex(accepted.getPort());
        String server = ":" + hex(relayPort);
        String inode = null;
        for (String table : List.of("tcp", "tcp6")) {
            try (Stream<String> lines = Files.lines(net.resolve(table))) {
                inode = lines.skip(1).map(String::trim).map(l -> l.split("\\s+"))
                        .filter(f -> f.length > 9 && f[1].endsWith(client) && f[2].endsWith(server))
                        .map(f -> f[9]).findFirst().orElse(null);
            } catch (IOException | RuntimeException e) {
                continue;
            }
            if (inode != null) {
                break;
            }
        }
        if (inode == null) {
            return false;
        }
        String link = "socket:[" + inode + "]";
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(link);
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    private static String hex(int port) {
        return String.format(Locale.ROOT, "%04X", port);
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(door);
        Socket p = plain;
        if (p != null) {
            closeQuietly(p);
        }
        closeQuietly(tls);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing; nothing left to do
        }
    }
}
