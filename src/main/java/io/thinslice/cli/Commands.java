package io.thinslice.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** The command table of the jar: {@code java -jar quarkus-run.jar <command> [--option value ...]}. */
final class Commands {

    interface Command {
        String summary();

        int run(Options options, PrintStream out) throws Exception;
    }

    private static final Map<String, Command> COMMANDS = new TreeMap<>(Map.of(
            "phantom", new PhantomCommand(),
            "cranium-demo", new CraniumDemoCommand(),
            "synthesize", new SynthesizeCommand(),
            "eval", new EvalCommand(),
            "uncertainty-eval", new UncertaintyEvalCommand(),
            "train", new TrainCommand(),
            "model-info", new ModelInfoCommand(),
            "help", new Command() {
                @Override
                public String summary() {
                    return "list the commands";
                }

                @Override
                public int run(Options options, PrintStream out) {
                    usage(out);
                    return 0;
                }
            }));

    /** Commands that work but are not listed: tools for the bench scripts, not for users. */
    private static final Map<String, Command> HIDDEN = Map.of("send", new SendCommand());

    private Commands() {
    }

    static boolean isCommand(String name) {
        return COMMANDS.containsKey(name) || HIDDEN.containsKey(name) || name.equals("--help") || name.equals("-h");
    }

    static int run(String[] args) {
        Command command = HIDDEN.getOrDefault(args[0], COMMANDS.getOrDefault(args[0], COMMANDS.get("help")));
        try {
            return command.run(Options.parse(Arrays.copyOfRange(args, 1, args.length)), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("thinslice " + args[0] + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("thinslice " + args[0] + " failed: " + e);
            return 1;
        }
    }

    static void usage(PrintStream out) {
        out.println("Usage: java -jar quarkus-run.jar                    start the node");
        out.println("       java -jar quarkus-run.jar <command> [options]");
        out.println("Commands:");
        COMMANDS.forEach((name, c) -> out.printf("  %-14s %s%n", name, c.summary()));
    }
}
