package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without an identity provider the HTTP server listens on 127.0.0.1 only and says so; opening it to the network
 * without authentication takes {@code thinslice.http.unauthenticated-network-access=true} (the refusal without it is in
 * RunSettingsIT). The nodes here keep the embedded default host: Node.start otherwise names 127.0.0.1. They synthesise
 * linearly: no series is sent, and the learned method would only load its engine at the start.
 */
class HttpBindIT {

    @TempDir
    Path tmp;

    @Test
    void withoutOidcOnlyThisMachineReachesTheHttpServer() throws Exception {
        InetAddress lan = nonLoopbackAddress();
        try (Node node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear", "quarkus.http.host", null)) {
            assertTrue(node.logText().contains("HTTP on 127.0.0.1:" + node.httpPort + " only, without authentication"), Jobs.tail(node.logText()));
            assertEquals(200, node.get("/api/jobs").statusCode(), "served on loopback");
            assertFalse(connects(lan, node.httpPort), "the HTTP port is not reachable on " + lan.getHostAddress());
        }
    }

    @Test
    void theExplicitSettingOpensItToTheNetwork() throws Exception {
        InetAddress lan = nonLoopbackAddress();
        try (Node node = Node.start(tmp.resolve("node"), "thinslice.synthesis.method", "linear", "quarkus.http.host", "0.0.0.0",
                "thinslice.http.unauthenticated-network-access", "true")) {
            assertTrue(node.logText().contains("WITHOUT authentication (thinslice.http.unauthenticated-network-access=true)"), Jobs.tail(node.logText()));
            assertTrue(connects(lan, node.httpPort), "the HTTP port is reachable on " + lan.getHostAddress());
        }
    }

    /** An IPv4 address of this machine other than loopback (what {@code hostname -I} lists first). */
    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp() && !ni.isLoopback()) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return a;
                    }
                }
            }
        }
        throw new AssertionError("this machine has no non-loopback IPv4 address to try");
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 3000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
