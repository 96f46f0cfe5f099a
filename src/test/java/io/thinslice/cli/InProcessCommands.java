package io.thinslice.cli;

/**
 * The node's commands run inside the calling JVM: the code {@code java -jar quarkus-run.jar <command>} runs, without
 * a JVM start. For test fixtures (the phantom studies of the end-to-end tests); the commands' own tests run the
 * packaged jar, and StudyCommandsIT shows that both write the same study.
 */
public final class InProcessCommands {

    private InProcessCommands() {
    }

    /** Runs a command ({@code args[0]} its name); its exit code. Output and errors go to System.out and System.err. */
    public static int run(String... args) {
        if (args.length == 0 || !Commands.isCommand(args[0])) {
            throw new IllegalArgumentException("not a command: " + java.util.Arrays.toString(args));
        }
        return Commands.run(args);
    }
}
