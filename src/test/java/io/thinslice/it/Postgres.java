package io.thinslice.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests, from Debian's {@code postgresql} binaries ({@code /usr/lib/postgresql/15/bin}, or
 * {@code -Dpostgres.bin=...}): {@code initdb} into a temporary folder, {@code pg_ctl start} on a free loopback port with
 * the unix socket in that folder too (its {@code sockets} sub-folder), so nothing of the machine's own PostgreSQL is touched.
 *
 * <p>{@code initdb} and {@code postgres} refuse to run as root (tests run as root here and in CI): then every server
 * command runs as {@code nobody} through {@code runuser}, and the data folder belongs to {@code nobody}. The temporary
 * folder is made world-traversable for that (JUnit's {@code @TempDir} is not, hence a folder of its own).
 *
 * <p>Trust authentication on loopback: any password is accepted for {@link #USER}; the node is still given one, as an
 * operator would. {@code fsync} is off (a test database, and the suite runs on slow shared disks); {@link #stop()} is a
 * fast but clean shutdown, so nothing committed is lost across {@link #stop()} and {@link #start()}.
 */
public final class Postgres implements AutoCloseable {

    public static final String USER = "thinslice";
    public static final String PASSWORD = "test-password";

    private final Path bin;
    private final Path root;
    private final Path data;
    private final Path log;
    private final Path sockets;
    private final int port;
    private final boolean asRoot;

    private Postgres(Path bin, Path root, int port) {
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.log = root.resolve("postgres.log");
        this.sockets = root.resolve("sockets");
        this.port = port;
        this.asRoot = "root".equals(System.getProperty("user.name"));
    }

    /** Creates a cluster in a new temporary folder and starts it on a free port. */
    public static Postgres start() {
        try {
            Path bin = Path.of(System.getProperty("postgres.bin", "/usr/lib/postgresql/15/bin"));
            if (!Files.isExecutable(bin.resolve("initdb"))) {
                throw new AssertionError("PostgreSQL binaries not found in " + bin
                        + " (Debian package postgresql; ./thinslice test installs it)");
            }
            Path root = Files.createTempDirectory("thinslice-pg");
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            Postgres pg = new Postgres(bin, root, Ports.free());
            pg.initdb();
            pg.startServer();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void initdb() throws IOException {
        Files.createDirectories(data);
        Files.createDirectories(sockets);
        Files.writeString(log, "");
        if (asRoot) {
            Tool.run(List.of("chown", "nobody:nogroup", data.toString(), sockets.toString(), log.toString())).requireSuccess("chown");
        }
        Path pw = root.resolve("pwfile");
        Files.writeString(pw, PASSWORD + "\n");
        if (asRoot) {
            Tool.run(List.of("chown", "nobody:nogroup", pw.toString())).requireSuccess("chown");
        }
        server(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pw, "--auth=trust",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"), 120).requireSuccess("initdb");
        Files.deleteIfExists(pw);
    }

    /** Starts the server again (after {@link #stop()}) on the same port and data folder. */
    public void startServer() {
        String options = "-c listen_addresses=127.0.0.1 -p " + port + " -c unix_socket_directories=" + sockets
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        server(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-o", options, "-w", "-t", "60",
                "start"), 90).requireSuccess("pg_ctl start (log " + log + ")");
    }

    /** Stops the server (fast: open connections are cut, committed data stays); {@link #startServer()} brings it back. */
    public void stop() {
        server(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"), 90)
                .requireSuccess("pg_ctl stop");
    }

    private Tool.Result server(List<String> command, int timeoutSeconds) {
        List<String> cmd = new ArrayList<>();
        if (asRoot) {
            cmd.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        cmd.addAll(command);
        return Tool.run(cmd, timeoutSeconds);
    }

    /** Creates a database owned by {@link #USER}; returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name " + name);
        }
        sql("postgres", "CREATE DATABASE " + name);
        return jdbcUrl(name);
    }

    /** Runs SQL with psql and returns its unaligned, tuples-only output (columns separated by |). */
    public String sql(String database, String sql) {
        return Tool.run(List.of(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-U", USER, "-d", database, "-c", sql), 60).requireSuccess("psql " + sql).output().strip();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops the server if it runs and deletes its folder. */
    @Override
    public void close() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            server(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "-t", "30", "stop"), 60);
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover in /tmp
        }
    }
}
