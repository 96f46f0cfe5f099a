package io.thinslice.audit;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;

/** Syslog over UDP, RFC 5426: one message per datagram. The host is resolved for each message (it may move). */
final class UdpSyslogDestination implements AuditDestination {

    private final String host;
    private final int port;
    private final SyslogFrame frame;
    private final DatagramSocket socket;

    UdpSyslogDestination(String host, int port, SyslogFrame frame) throws IOException {
        this.host = host;
        this.port = port;
        this.frame = frame;
        this.socket = new DatagramSocket();
    }

    @Override
    public void send(AuditMessage message, byte[] xml) throws IOException {
        byte[] m = frame.message(message.at(), xml);
        socket.send(new DatagramPacket(m, m.length, InetAddress.getByName(host), port));
    }

    @Override
    public String describe() {
        return "syslog udp://" + host + ":" + port;
    }

    @Override
    public void close() {
        socket.close();
    }
}
