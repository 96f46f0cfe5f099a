package io.thinslice.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.List;

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
        if (args.length > 0) {
            // The node takes no arguments: a word here is a typo or a setting put after -jar, where the JVM does not
            // read it. Starting anyway would run the node on settings the user did not mean.
            System.err.println("thinslice: unknown command '" + args[0] + "'"
                    + (args[0].startsWith("-") ? "; JVM options and settings (-Dname=value) go before -jar" : ""));
            Commands.usage(System.err);
            System.exit(2);
        }
        List<String> unknown = NodeSettings.unknownEnvironmentVariables(System.getenv());
        if (!unknown.isEmpty()) {
            // SmallRye Config reports misspelt -D and properties-file names itself, but not environment variables.
            unknown.forEach(name -> System.err.println("thinslice: environment variable " + name + " names no setting"));
            System.err.println("thinslice: the settings are " + NodeSettings.names().stream().map(NodeSettings::envName).toList());
            System.exit(1);
        }
        Quarkus.run(args);
    }
}
