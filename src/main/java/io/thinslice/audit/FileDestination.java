package io.thinslice.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A local file, one AuditMessage XML document per line (line breaks inside values are character references). */
final class FileDestination implements AuditDestination {

    private final Path file;
    private FileChannel channel;

    FileDestination(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public void send(AuditMessage message, byte[] xml) throws IOException {
        if (channel == null) {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        ByteBuffer line = ByteBuffer.allocate(xml.length + 1).put(xml).put((byte) '\n').flip();
        try {
            while (line.hasRemaining()) {
                channel.write(line);
            }
        } catch (IOException e) {
            close(); // opened again for the next message (the file may have been rotated away meanwhile)
            throw e;
        }
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
            channel = null;
        }
    }
}
