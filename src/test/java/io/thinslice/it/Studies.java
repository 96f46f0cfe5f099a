package io.thinslice.it;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test studies made by the node's own {@code phantom} command, and small readers for assertions. */
final class Studies {

    private Studies() {
    }

    /** Writes a phantom study under {@code dir} (thick/ and thin/) and returns the thick files. */
    static List<Path> phantom(Path dir, Object... options) throws IOException {
        Object[] args = new Object[options.length + 3];
        args[0] = "phantom";
        args[1] = "--out";
        args[2] = dir;
        System.arraycopy(options, 0, args, 3, options.length);
        Tool.cli(args).requireSuccess("phantom command");
        return files(dir.resolve("thick"));
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return list;
    }

    static String string(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag);
    }

    static String seriesUid(Path file) throws Exception {
        return string(read(file), TagFromName.SeriesInstanceUID);
    }
}
