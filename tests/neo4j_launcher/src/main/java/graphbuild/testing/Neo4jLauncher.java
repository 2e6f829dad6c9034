package graphbuild.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Starts a Neo4j Community DBMS with the Bolt connector on a loopback address, authentication on.
 *
 * <p>Prints exactly one line to stdout, {@code BOLT_URI=bolt://HOST:PORT}, once the server accepts
 * logins with the password from {@code NEO4J_PASSWORD}; everything else goes to stderr. Shuts down
 * cleanly when stdin reaches end-of-file (unless {@code --ignore-stdin}) or on SIGTERM/SIGINT.
 *
 * <pre>
 * NEO4J_PASSWORD=secret java -jar target/neo4j-launcher.jar --data-dir /tmp/neo4j [--port 0]
 * </pre>
 */
public final class Neo4jLauncher {

    private static final String USAGE =
            "usage: NEO4J_PASSWORD=... java -jar neo4j-launcher.jar --data-dir DIR"
                    + " [--host 127.0.0.1] [--port 0] [--pagecache 128m] [--ignore-stdin]";

    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile DatabaseManagementService dbms;

    public static void main(String[] args) {
        try {
            System.exit(new Neo4jLauncher().run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("neo4j-launcher: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        } catch (Throwable e) {
            System.err.println("neo4j-launcher: failed to start Neo4j: " + e);
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    private int run(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("NEO4J_PASSWORD is not set");
        }
        Path home = Path.of(required(opts, "data-dir")).toAbsolutePath();
        Files.createDirectories(home);
        String host = opts.getOrDefault("host", "127.0.0.1");
        // Port 0 lets the kernel pick a free port at bind time (no check-then-bind race).
        int port = Integer.parseInt(opts.getOrDefault("port", "0"));

        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "neo4j-launcher-shutdown"));

        // Raw settings go through a properties file: the builder has no raw-map setter, and not every
        // 5.x patch knows every key (5.26 has no fleet discovery), so strict validation is off.
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("server.config.strict_validation.enabled", "false");
        raw.put("server.fleet_discovery.enabled", "false");
        raw.put("server.http.enabled", "false");
        raw.put("server.https.enabled", "false");
        raw.put("dbms.usage_report.enabled", "false");
        raw.put("dbms.security.auth_minimum_password_length", "1");
        raw.put("server.memory.pagecache.size", opts.getOrDefault("pagecache", "128m"));
        // Small, non-preallocated transaction logs keep a throwaway server light on disk.
        raw.put("db.tx_log.preallocate", "false");
        raw.put("db.tx_log.rotation.retention_policy", "1 files");
        // Netty's graceful shutdown otherwise idles 2 x 5 s; a test server has no clients to wait for.
        raw.put("internal.dbms.bolt.netty_server_shutdown_quiet_period", "0");
        raw.put("internal.dbms.bolt.netty_server_shutdown_timeout", "2s");

        dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(GraphDatabaseSettings.strict_config_validation, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .loadPropertiesFromFile(writeConfig(home.resolve("launcher.conf"), raw))
                .setUserLogProvider(new Log4jLogProvider(System.err))
                .build();

        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        system.executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("password", password));
        GraphDatabaseService neo4j = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!neo4j.isAvailable(Duration.ofMinutes(2).toMillis())) {
            throw new IllegalStateException("database 'neo4j' did not become available");
        }

        HostnamePort bolt = ((GraphDatabaseAPI) system).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        if (bolt == null || bolt.getPort() == 0) {
            throw new IllegalStateException("the Bolt connector did not report a bound port");
        }
        int boundPort = bolt.getPort();
        System.out.println("BOLT_URI=bolt://" + host + ":" + boundPort);
        System.out.flush();

        if (!opts.containsKey("ignore-stdin")) {
            Thread watcher = new Thread(() -> {
                drain(System.in);
                System.err.println("neo4j-launcher: stdin closed, shutting down");
                stop();
            }, "neo4j-launcher-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }
        done.await();
        return 0;
    }

    /** Idempotent: called by the stdin watcher and by the JVM shutdown hook (SIGTERM). */
    private void stop() {
        if (!stopped.compareAndSet(false, true)) {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            DatabaseManagementService service = dbms;
            if (service != null) {
                service.shutdown();
            }
        } finally {
            done.countDown();
        }
    }

    private static Path writeConfig(Path file, Map<String, String> settings) throws IOException {
        StringBuilder text = new StringBuilder();
        settings.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(file, text.toString());
        return file;
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // Input is ignored; only end-of-file matters.
            }
        } catch (IOException e) {
            // A broken pipe means the parent is gone: shut down as for EOF.
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String key = arg.substring(2);
            int eq = key.indexOf('=');
            if (eq >= 0) {
                opts.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (key.equals("ignore-stdin")) {
                opts.put(key, "true");
            } else if (i + 1 < args.length) {
                opts.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("missing value for " + arg);
            }
        }
        return opts;
    }

    private static String required(Map<String, String> opts, String key) {
        String value = opts.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return value;
    }
}
