package io.thinslice.dicom;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A C-STORE SCP to send derived series to, written {@code AET@host:port}.
 */
public record StoreDestination(String aeTitle, String host, int port) {

    private static final Pattern FORM = Pattern.compile("([^@\\\\]{1,16})@([^:@]+|\\[[0-9a-fA-F:]+\\]):(\\d{1,5})");

    public StoreDestination {
        if (aeTitle.isBlank() || aeTitle.length() > 16) {
            throw new IllegalArgumentException("AE title must be 1-16 characters: '" + aeTitle + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static StoreDestination parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("destination '" + text + "' is not AET@host:port");
        }
        String host = m.group(2);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new StoreDestination(m.group(1).trim(), host, Integer.parseInt(m.group(3)));
    }

    @Override
    public String toString() {
        return aeTitle + "@" + host + ":" + port;
    }
}
