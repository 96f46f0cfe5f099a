package io.thinslice.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Syslog over TLS, RFC 5425: one connection kept open, messages octet-counted. A broken connection is opened again for
 * the next message; the message that found it broken is tried once more on the new connection.
 */
final class TlsSyslogDestination implements AuditDestination {

    private static final int CONNECT_TIMEOUT_MILLIS = 5000;
    private static final int WRITE_TIMEOUT_MILLIS = 10000;

    private final String host;
    private final int port;
    private final SyslogFrame frame;
    private final SSLContext tls;
    private SSLSocket socket;
    private OutputStream out;

    TlsSyslogDestination(String host, int port, SyslogFrame frame, SSLContext tls) {
        this.host = host;
        this.port = port;
        this.frame = frame;
        this.tls = tls;
    }

    @Override
    public void send(AuditMessage message, byte[] xml) throws IOException {
        byte[] framed = SyslogFrame.octetCounted(frame.message(message.at(), xml));
        boolean fresh = out == null;
        try {
            write(framed);
        } catch (IOException e) {
            close();
            if (fresh) {
                throw e;
            }
            write(framed); // the kept connection had gone stale: once more on a new one
        }
    }

    private void write(byte[] framed) throws IOException {
        if (out == null) {
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket();
            try {
                s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
                s.setSoTimeout(WRITE_TIMEOUT_MILLIS);
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the collector's certificate must name the host
                p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                s.setSSLParameters(p);
                s.startHandshake();
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
            socket = s;
            out = s.getOutputStream();
        }
        out.write(framed);
        out.flush();
    }

    @Override
    public String describe() {
        return "syslog tls://" + host + ":" + port;
    }

    @Override
    public void close() {
        out = null;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // dropping the connection anyway
            }
            socket = null;
        }
    }
}
