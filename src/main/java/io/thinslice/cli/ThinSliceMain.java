package io.thinslice.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * One jar, two uses: without arguments it runs the node; with a command name it runs that command and
 * exits, without starting the DICOM listener or the HTTP server.
 */
@QuarkusMain
public class ThinSliceMain {

    public static void main(String... args) {
        // The node and every command run offline; set before anything could load an engine that phones home.
        System.setProperty("ai.djl.offline", "true");
        if (args.length > 0 && Commands.isCommand(args[0])) {
            System.exit(Commands.run(args));
        }
        Quarkus.run(args);
    }
}
